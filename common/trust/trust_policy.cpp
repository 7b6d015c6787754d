#include "common/trust/trust_policy.hpp"
#include "common/sign/in_toto.hpp"

#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "common/io/file.hpp"
#include "common/json/strict_json.hpp"
#include "common/sign/statement.hpp"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace airlock::trust {

using sign::is_valid_role;
using sign::max_timestamp_bytes;

using sign::PrivateKey;
using sign::PublicKey;

namespace {

using nlohmann::json;

constexpr std::size_t max_policy_depth = 8;
constexpr std::size_t max_keys = 256;
constexpr std::size_t max_revoked = 4096;
constexpr std::size_t max_policy_pem_bytes = 8 * 1024;
// More signatures than keys any policy could list is a typo, not a policy.
constexpr std::uint64_t max_required = max_keys;
// Fits an int with room to spare; no vendor rotates keys a billion times.
constexpr std::uint64_t max_version = 1'000'000'000;

TrustedKey read_key(const JsonFields& entry, const std::string& origin, const std::string& at) {
    entry.only({"id", "role", "publicKey", "notAfter"});
    TrustedKey key{entry.string("id", 64), entry.string("role", 64),
                   PublicKey::from_pem(entry.string("publicKey", max_policy_pem_bytes),
                                       origin + ": " + at + ".publicKey"),
                   std::nullopt};
    if (!is_sha256_hex(key.id)) {
        entry.fail_at("id", "expected 64 lowercase hex digits (sha256 of the DER public key)");
    }
    if (key.id != key.key.id()) {
        entry.fail_at("id", "does not match publicKey, whose id is " + key.key.id());
    }
    if (!is_valid_role(key.role)) {
        entry.fail_at("role", "'" + printable(key.role) +
                                  "' is not a role name (lowercase letters, digits and '-')");
    }
    if (auto text = entry.optional_string("notAfter", max_timestamp_bytes)) {
        key.not_after = try_parse_rfc3339(*text);
        if (!key.not_after) {
            entry.fail_at("notAfter", "'" + printable(*text) +
                                          "' is not an RFC 3339 time such as 2026-11-23T10:00:00Z");
        }
    }
    return key;
}

} // namespace

std::vector<TrustedKey> TrustPolicy::trusted_keys(std::string_view role,
                                                  std::optional<Timestamp> at) const {
    std::vector<TrustedKey> out;
    for (const TrustedKey& k : keys) {
        if (k.role != role || is_revoked(k.id)) {
            continue;
        }
        if (at && k.not_after && *at > *k.not_after) {
            continue;
        }
        out.push_back(k);
    }
    return out;
}

const TrustedKey* TrustPolicy::find(std::string_view key_id) const {
    for (const TrustedKey& k : keys) {
        if (k.id == key_id) {
            return &k;
        }
    }
    return nullptr;
}

bool TrustPolicy::is_revoked(std::string_view key_id) const {
    return revoked.contains(key_id);
}

TrustPolicy parse_trust_policy(std::string_view text, std::string_view origin) {
    const std::string document = "trust policy " + std::string(origin);
    const json value = parse_strict_json(text, max_trust_policy_bytes, max_policy_depth,
                                         ErrorCode::spec, document);
    const JsonFields root(value, ErrorCode::spec, document);
    root.only({"version", "keys", "require", "revoked"});

    TrustPolicy policy;
    // The policy's own number, raised by every signed update (trust_update.hpp)
    // so an older policy can never replace a newer one.
    const json& version = root.required("version");
    if (!version.is_number_unsigned() || version.get<std::uint64_t>() < 1 ||
        version.get<std::uint64_t>() > max_version) {
        root.fail_at("version", "expected a whole number from 1 to " + std::to_string(max_version));
    }
    policy.version = version.get<int>();

    const json& keys = root.array("keys", max_keys);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const std::string at = "keys[" + std::to_string(i) + "]";
        TrustedKey key = read_key(root.nested(keys[i], at), document, at);
        if (policy.find(key.id) != nullptr) {
            root.fail_at(at + ".id", "key " + key.id + " is listed twice");
        }
        policy.keys.push_back(std::move(key));
    }

    const JsonFields require = root.object("require");
    for (const auto& item : value.at("require").items()) {
        const std::string role = item.key();
        if (!is_valid_role(role)) {
            require.fail_at(printable(role), "not a role name (lowercase letters, digits and '-')");
        }
        const json& count = item.value();
        if (!count.is_number_unsigned() || count.get<std::uint64_t>() > max_required) {
            require.fail_at(role,
                            "expected a whole number from 0 to " + std::to_string(max_required));
        }
        policy.require.emplace(role, count.get<unsigned>());
    }

    if (root.optional("revoked") != nullptr) {
        const json& revoked = root.array("revoked", max_revoked);
        for (std::size_t i = 0; i < revoked.size(); ++i) {
            const json& id = revoked[i];
            if (!id.is_string() || !is_sha256_hex(id.get_ref<const std::string&>())) {
                root.fail_at("revoked[" + std::to_string(i) + "]",
                             "expected a key id (64 lowercase hex digits)");
            }
            policy.revoked.insert(id.get<std::string>());
        }
    }
    return policy;
}

TrustPolicy load_trust_policy(const std::filesystem::path& file) {
    return parse_trust_policy(read_named_file(file, "trust policy", max_trust_policy_bytes),
                              file.string());
}

} // namespace airlock::trust
