// Fuzzes decode_signature_slot (common/bundle/signature_slot) and what the
// loader does with each envelope in it (dsse::envelope_from_json, then the
// statement in its payload) and with each trust update it carries (the
// policy in the update's payload, trust::read_trust_update). The input is the slot's text; it is
// padded with spaces to the fixed slot size, as the builder pads it.
#include "common/bundle/offsets.hpp"
#include "common/bundle/signature_slot.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/statement.hpp"
#include "common/trust/trust_update.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace airlock;
    if (size > signature_slot_size) {
        return -1; // not a slot; keep it out of the corpus
    }
    std::string slot = fuzz::as_string(data, size);
    slot.resize(signature_slot_size, ' ');
    fuzz::refusing_errors([&] {
        const DecodedSlot decoded = decode_signature_slot(slot);
        for (const nlohmann::json& value : decoded.content.envelopes) {
            // The loader reports an unreadable envelope and goes on to the next.
            fuzz::refusing_errors([&] {
                const dsse::Envelope envelope = dsse::envelope_from_json(value);
                (void)sign::parse_statement(envelope.payload);
            });
        }
        for (const nlohmann::json& value : decoded.content.trust_updates) {
            // Any bad update refuses the bundle; each is still parsed alone.
            fuzz::refusing_errors([&] {
                (void)trust::read_trust_update(dsse::envelope_from_json(value), "fuzz input");
            });
        }
    });
    return 0;
}
