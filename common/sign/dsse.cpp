#include "common/sign/dsse.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/json/strict_json.hpp"
#include "common/sign/keys.hpp"
#include <nlohmann/json.hpp>

namespace airlock::dsse {

namespace {

using nlohmann::json;

constexpr std::string_view what = "DSSE envelope";

[[noreturn]] void reject(const std::string& why) {
    fail(ErrorCode::signature, std::string(what) + ": " + why);
}

std::string decode_field(const json& value, std::string_view field, std::size_t max_decoded) {
    if (!value.is_string()) {
        reject(std::string(field) + ": expected a base64 string, found " + value.type_name());
    }
    auto decoded = base64_decode(value.get_ref<const std::string&>(), max_decoded);
    if (!decoded) {
        reject(std::string(field) + ": not base64, or larger than " + std::to_string(max_decoded) +
               " bytes");
    }
    return std::move(*decoded);
}

} // namespace

std::string pae(std::string_view payload_type, std::string_view payload) {
    std::string out = "DSSEv1 ";
    out += std::to_string(payload_type.size());
    out += ' ';
    out += payload_type;
    out += ' ';
    out += std::to_string(payload.size());
    out += ' ';
    out += payload;
    return out;
}

json to_json(const Envelope& envelope) {
    json signatures = json::array();
    for (const Signature& s : envelope.signatures) {
        signatures.push_back({{"keyid", s.keyid}, {"sig", base64_encode(s.sig)}});
    }
    return {{"payloadType", envelope.payload_type},
            {"payload", base64_encode(envelope.payload)},
            {"signatures", std::move(signatures)}};
}

std::string serialize(const Envelope& envelope) {
    return to_json(envelope).dump();
}

Envelope envelope_from_json(const json& value) {
    if (!value.is_object()) {
        reject(std::string("expected an object, found ") + value.type_name());
    }
    auto field = [&](const char* name) -> const json& {
        auto it = value.find(name);
        if (it == value.end()) {
            reject(std::string("required field '") + name + "' is missing");
        }
        return *it;
    };
    Envelope envelope;
    const json& type = field("payloadType");
    if (!type.is_string()) {
        reject(std::string("payloadType: expected a string, found ") + type.type_name());
    }
    if (type.get_ref<const std::string&>().size() > max_payload_type_bytes) {
        reject("payloadType: longer than " + std::to_string(max_payload_type_bytes) + " bytes");
    }
    envelope.payload_type = type.get<std::string>();
    envelope.payload = decode_field(field("payload"), "payload", max_payload_bytes);

    const json& signatures = field("signatures");
    if (!signatures.is_array()) {
        reject(std::string("signatures: expected an array, found ") + signatures.type_name());
    }
    if (signatures.size() > max_signatures) {
        reject("more than " + std::to_string(max_signatures) + " signatures");
    }
    for (std::size_t i = 0; i < signatures.size(); ++i) {
        const json& entry = signatures[i];
        const std::string at = "signatures[" + std::to_string(i) + "]";
        if (!entry.is_object()) {
            reject(at + ": expected an object, found " + entry.type_name());
        }
        Signature s;
        auto keyid = entry.find("keyid");
        if (keyid != entry.end()) {
            if (!keyid->is_string()) {
                reject(at + ".keyid: expected a string, found " + keyid->type_name());
            }
            if (keyid->get_ref<const std::string&>().size() > max_keyid_bytes) {
                reject(at + ".keyid: longer than " + std::to_string(max_keyid_bytes) + " bytes");
            }
            s.keyid = keyid->get<std::string>();
        }
        auto sig = entry.find("sig");
        if (sig == entry.end()) {
            reject(at + ": required field 'sig' is missing");
        }
        s.sig = decode_field(*sig, at + ".sig", max_signature_bytes);
        envelope.signatures.push_back(std::move(s));
    }
    return envelope;
}

Envelope parse_envelope(std::string_view text) {
    return envelope_from_json(parse_strict_json(text, max_envelope_bytes, max_envelope_depth,
                                                ErrorCode::signature, what));
}

Envelope sign(std::string payload_type, std::string payload, const sign::PrivateKey& key) {
    Envelope envelope{std::move(payload_type), std::move(payload), {}};
    add_signature(envelope, key);
    return envelope;
}

void add_signature(Envelope& envelope, const sign::PrivateKey& key) {
    envelope.signatures.push_back(
        {key.id(), key.sign(pae(envelope.payload_type, envelope.payload))});
}

bool is_signed_by(const Envelope& envelope, const sign::PublicKey& key) {
    const std::string message = pae(envelope.payload_type, envelope.payload);
    for (const Signature& s : envelope.signatures) {
        if ((s.keyid.empty() || s.keyid == key.id()) && key.verify(message, s.sig)) {
            return true;
        }
    }
    return false;
}

} // namespace airlock::dsse
