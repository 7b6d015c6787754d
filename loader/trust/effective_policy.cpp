#include "loader/trust/effective_policy.hpp"

#include "common/core/error.hpp"
#include "keys/embedded_policy.hpp"

#include <algorithm>

namespace airlock::loader {

sign::TrustPolicy strengthen(sign::TrustPolicy base, const sign::TrustPolicy& extra,
                             const std::string& origin) {
    for (const sign::TrustedKey& k : extra.keys) {
        if (const sign::TrustedKey* existing = base.find(k.id)) {
            if (existing->role != k.role) {
                fail(ErrorCode::spec, origin + ": key " + k.id.substr(0, 16) + " is '" +
                                          existing->role +
                                          "' in the embedded policy; a run-time "
                                          "policy cannot give it role '" +
                                          k.role + "'");
            }
            continue;
        }
        base.keys.push_back(k);
    }
    for (const auto& [role, count] : extra.require) {
        auto it = base.require.find(role);
        if (it == base.require.end()) {
            base.require.emplace(role, count);
        } else {
            it->second = std::max(it->second, count);
        }
    }
    base.revoked.insert(extra.revoked.begin(), extra.revoked.end());
    return base;
}

EffectivePolicy load_effective_policy(const std::optional<std::filesystem::path>& runtime_file) {
    EffectivePolicy e;
    e.policy = sign::parse_trust_policy(embedded_trust_policy(), "embedded trust policy");
    e.development = embedded_trust_policy_is_development();
    e.origin = "embedded";
    if (runtime_file) {
        e.policy = strengthen(std::move(e.policy), sign::load_trust_policy(*runtime_file),
                              runtime_file->string());
        e.origin += " + " + runtime_file->string();
    }
    bool any = std::any_of(e.policy.keys.begin(), e.policy.keys.end(),
                           [&](const sign::TrustedKey& k) { return !e.policy.is_revoked(k.id); });
    if (!any) {
        fail(ErrorCode::untrusted,
             "the trust policy (" + e.origin + ") trusts no key; refusing to run");
    }
    return e;
}

} // namespace airlock::loader
