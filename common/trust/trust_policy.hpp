#pragma once
// The trust policy: which public keys may sign bundles, in which role, until
// when, how many distinct keys each role needs, and which key ids are revoked.
// One is compiled into airlock-load; see keys/README.md.
// Schema: schemas/trust-policy.schema.json. This file holds the model and its
// parser; threshold evaluation lives with verification.
#include "common/core/time.hpp"
#include "common/sign/keys.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::trust {

struct TrustedKey {
    std::string id; // == key.id(), checked when parsed
    std::string role;
    sign::PublicKey key;
    std::optional<Timestamp> not_after; // the key signs nothing after this
};

struct TrustPolicy {
    int version = 1; // raised by each signed update; never goes down
    std::vector<TrustedKey> keys;
    std::map<std::string, unsigned, std::less<>> require; // role -> distinct keys needed
    std::set<std::string, std::less<>> revoked;           // key ids

    // The keys of `role` that are not revoked and, when `at` is given, not
    // past their notAfter at that time. Policy order.
    std::vector<TrustedKey> trusted_keys(std::string_view role,
                                         std::optional<Timestamp> at = std::nullopt) const;
    // The policy entry for a key id, revoked or not; nullptr when unknown.
    const TrustedKey* find(std::string_view key_id) const;
    bool is_revoked(std::string_view key_id) const;
};

inline constexpr std::size_t max_trust_policy_bytes = 1024 * 1024;

// Throws Error(spec) "<origin>: <field>: <why>" for anything but a version
// number (1 or more) with well-formed keys (id = sha256 of the DER SPKI of publicKey, unique,
// valid role), require counts of valid roles, and revoked key ids. Unknown
// fields are errors: a typo in a policy must not silently weaken it.
TrustPolicy parse_trust_policy(std::string_view text, std::string_view origin);
TrustPolicy load_trust_policy(const std::filesystem::path& file);

} // namespace airlock::trust
