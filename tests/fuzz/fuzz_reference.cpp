// Fuzzes Reference::parse (common/reference): image references come from
// specs, BOMs and archives. Invariant: the canonical form parses back to the
// same reference.
#include "common/reference/reference.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    fuzz::refusing_errors([&] {
        const Reference ref = Reference::parse(fuzz::as_string(data, size));
        const Reference again = fuzz::must_succeed("re-parsing a canonical reference",
                                                   [&] { return Reference::parse(ref.str()); });
        if (!(again == ref)) {
            fuzz::finding("canonical form '" + ref.str() + "' parses to '" + again.str() + "'");
        }
    });
    return 0;
}
