// Fuzzes the in-toto statements airlock reads (common/sign/statement,
// common/license, common/json/strict_json, core/time): the validity statement a bundle's DSSE
// envelope carries, and an offline license (imported from removable media,
// so just as hostile). Invariant: a statement that parses serializes to one
// that parses back to it.
#include "common/license/license.hpp"
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
    fuzz::refusing_errors([&] {
        const license::License license = license::parse_license(fuzz::as_string(data, size));
        const std::string text = license::serialize(license);
        const std::string again = fuzz::must_succeed("re-parsing a serialized license", [&] {
            return license::serialize(license::parse_license(text));
        });
        if (again != text) {
            fuzz::finding("a serialized license does not parse back to itself");
        }
    });
    return 0;
}
