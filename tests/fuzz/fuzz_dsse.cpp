// Fuzzes dsse::parse_envelope (common/sign/dsse, common/json/strict_json, core/base64)
// and, as verify_validity does once a signature verifies, the statement in
// its payload. Invariant: an envelope that parses survives to_json and back.
#include "common/sign/dsse.hpp"
#include "common/sign/statement.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    fuzz::refusing_errors([&] {
        const dsse::Envelope envelope = dsse::parse_envelope(fuzz::as_string(data, size));
        const dsse::Envelope again = fuzz::must_succeed("re-reading an envelope's JSON", [&] {
            return dsse::envelope_from_json(dsse::to_json(envelope));
        });
        if (again != envelope) {
            fuzz::finding("an envelope does not survive to_json and back");
        }
        (void)sign::parse_statement(envelope.payload);
    });
    return 0;
}
