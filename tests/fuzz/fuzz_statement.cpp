// Fuzzes sign::parse_statement (common/sign/statement, strict_json,
// core/time): the in-toto validity statement a DSSE envelope carries.
// Invariant: a statement that parses serializes to one that parses back to it.
#include "common/sign/statement.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    fuzz::refusing_errors([&] {
        const sign::ValidityStatement statement =
            sign::parse_statement(fuzz::as_string(data, size));
        const sign::ValidityStatement again =
            fuzz::must_succeed("re-parsing a serialized statement",
                               [&] { return sign::parse_statement(sign::serialize(statement)); });
        if (again != statement) {
            fuzz::finding("a serialized statement does not parse back to itself");
        }
    });
    return 0;
}
