#pragma once
// airlock/signatures.json: {"envelopes": [...]} padded with spaces to exactly
// signature_slot_size bytes, so signatures can be replaced without moving payload.
#include <string>

#include <nlohmann/json.hpp>

namespace airlock {

// Throws Error(usage) with the slot's capacity when the envelopes do not fit.
std::string encode_signature_slot(const nlohmann::json& envelopes);
// Returns the envelopes array; Error(malformed) when the slot is not valid.
nlohmann::json decode_signature_slot(const std::string& slot);

} // namespace airlock
