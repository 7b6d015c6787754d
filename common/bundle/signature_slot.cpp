#include "common/bundle/signature_slot.hpp"

#include "common/bundle/layout.hpp"
#include "common/core/error.hpp"

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
    nlohmann::json j = nlohmann::json::parse(slot, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("envelopes") ||
        !j["envelopes"].is_array()) {
        fail(ErrorCode::malformed, "signatures.json: not a valid signature slot");
    }
    return j["envelopes"];
}

} // namespace airlock
