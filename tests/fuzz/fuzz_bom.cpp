// Fuzzes Bom::parse (common/bundle/bom): airlock-load parses bom.json from an
// untrusted bundle before any signature is checked. Invariant: a BOM that
// parses serializes to bytes that parse back to the same BOM.
#include "common/bundle/bom.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    fuzz::refusing_errors([&] {
        const Bom bom = Bom::parse(fuzz::as_string(data, size));
        const std::string bytes = bom.serialize();
        const Bom again =
            fuzz::must_succeed("re-parsing a serialized BOM", [&] { return Bom::parse(bytes); });
        if (again.serialize() != bytes) {
            fuzz::finding("a serialized BOM does not parse back to itself");
        }
    });
    return 0;
}
