#pragma once
// DSSE v1 (Dead Simple Signing Envelope): what is signed is PAE(type, body),
// never the JSON, so the envelope's serialization does not matter to
// verification. Envelopes are read from bundles and may be hostile: parsing
// bounds every size before allocating.
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sign {
class PrivateKey;
class PublicKey;
} // namespace airlock::sign

namespace airlock::dsse {

// Every envelope of a bundle shares one 32 KiB region of the signature slot;
// the bound stays at the slot size so a lone envelope file parses the same way.
inline constexpr std::size_t max_envelope_bytes = 64 * 1024;
// An envelope is three levels deep; a little slack for ignored extensions.
inline constexpr std::size_t max_envelope_depth = 8;
inline constexpr std::size_t max_payload_bytes = 32 * 1024;
inline constexpr std::size_t max_payload_type_bytes = 256;
inline constexpr std::size_t max_signatures = 16;
inline constexpr std::size_t max_keyid_bytes = 256;
// Decoded; Ed25519 needs 64 and DER ECDSA P-256 at most 72.
inline constexpr std::size_t max_signature_bytes = 512;

struct Signature {
    std::string keyid; // unauthenticated hint; empty when absent
    std::string sig;   // raw signature bytes
    bool operator==(const Signature&) const = default;
};

struct Envelope {
    std::string payload_type;
    std::string payload; // raw payload bytes
    std::vector<Signature> signatures;
    bool operator==(const Envelope&) const = default;
};

// "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body, lengths in ASCII decimal.
std::string pae(std::string_view payload_type, std::string_view payload);

// {"payload", "payloadType", "signatures": [{"keyid", "sig"}]}, base64 standard.
nlohmann::json to_json(const Envelope& envelope);
std::string serialize(const Envelope& envelope);

// Throws Error(signature) for anything that is not a well-formed envelope
// within the limits above. Unknown fields are ignored (the DSSE spec asks
// consumers to); "keyid" may be absent. An envelope with no signatures
// parses, and fails verification.
Envelope envelope_from_json(const nlohmann::json& value);
Envelope parse_envelope(std::string_view text);

// One signature by `key` over PAE(payload_type, payload), keyid = key id.
Envelope sign(std::string payload_type, std::string payload, const sign::PrivateKey& key);
// Adds a signature by `key` to an existing envelope (co-signing the same payload).
void add_signature(Envelope& envelope, const sign::PrivateKey& key);
// True when a signature whose keyid is empty or `key`'s id verifies under
// `key`. The keyid only narrows the search; it decides nothing.
bool is_signed_by(const Envelope& envelope, const sign::PublicKey& key);

} // namespace airlock::dsse
