#include "common/bundle/signature_slot.hpp"

#include "common/bundle/layout.hpp"
#include "common/core/error.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/strict_json.hpp"

namespace airlock {

std::string encode_signature_slot(const nlohmann::json& envelopes) {
    std::string body = nlohmann::json{{"envelopes", envelopes}}.dump();
    if (body.size() > signature_slot_size) {
        fail(ErrorCode::usage, "signature slot full: " + std::to_string(envelopes.size()) +
                                   " signatures need " + std::to_string(body.size()) +
                                   " bytes, the slot holds " + std::to_string(signature_slot_size));
    }
    body.resize(signature_slot_size, ' ');
    return body;
}

nlohmann::json decode_signature_slot(const std::string& slot) {
    if (slot.size() != signature_slot_size) {
        fail(ErrorCode::malformed, "signatures.json: slot is " + std::to_string(slot.size()) +
                                       " bytes, expected " + std::to_string(signature_slot_size));
    }
    // Bounded in depth (the slot and its array add two levels to an
    // envelope's), so that nothing that copies or prints it recurses without
    // bound; duplicate keys are refused, as in a lone envelope.
    nlohmann::json j =
        sign::parse_strict_json(slot, signature_slot_size, dsse::max_envelope_depth + 2,
                                ErrorCode::malformed, "signatures.json");
    auto envelopes = j.find("envelopes"); // end() unless j is an object
    if (envelopes == j.end() || !envelopes->is_array()) {
        fail(ErrorCode::malformed, "signatures.json: not a valid signature slot");
    }
    return std::move(*envelopes);
}

} // namespace airlock
