#include "loader/trust/effective_policy.hpp"

#include "common/core/error.hpp"
#include "common/trust/trust_update.hpp"
#include "keys/embedded_policy.hpp"
#include "loader/trust/trust_store.hpp"

#include <algorithm>

namespace airlock::loader {

trust::TrustPolicy strengthen(trust::TrustPolicy base, const trust::TrustPolicy& extra,
                              const std::string& origin) {
    for (const trust::TrustedKey& k : extra.keys) {
        if (const trust::TrustedKey* existing = base.find(k.id)) {
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

void rebuild_effective_policy(EffectivePolicy& e) {
    e.origin = "embedded v" + std::to_string(e.embedded_version);
    if (e.chain.version != e.embedded_version) {
        e.origin += " + update v" + std::to_string(e.chain.version);
    }
    e.policy = e.chain;
    if (e.runtime) {
        e.policy = strengthen(std::move(e.policy), *e.runtime, e.runtime_file->string());
        e.origin += " + " + e.runtime_file->string();
    }
    bool any = std::any_of(e.policy.keys.begin(), e.policy.keys.end(),
                           [&](const trust::TrustedKey& k) { return !e.policy.is_revoked(k.id); });
    if (!any) {
        fail(ErrorCode::untrusted,
             "the trust policy (" + e.origin + ") trusts no key; refusing to run");
    }
}

EffectivePolicy load_effective_policy(const StateStore& state,
                                      const std::optional<std::filesystem::path>& runtime_file) {
    EffectivePolicy e;
    e.chain_payload = std::string(embedded_trust_policy());
    e.chain = trust::parse_trust_policy(e.chain_payload, "embedded trust policy");
    e.embedded_version = e.chain.version;
    e.development = embedded_trust_policy_is_development();
    for (const StoredUpdate& stored : stored_trust_updates(state)) {
        if (stored.version <= e.embedded_version) {
            continue;
        }
        try {
            dsse::Envelope update = read_stored_update(stored);
            e.chain = trust::adopt_update(e.chain, update, std::nullopt, stored.file.string());
            if (e.chain.version != stored.version) {
                fail(ErrorCode::untrusted, "it holds policy version " +
                                               std::to_string(e.chain.version) +
                                               ", not the version its name says");
            }
            e.chain_payload = std::move(update.payload);
        } catch (const Error& err) {
            fail(ErrorCode::untrusted,
                 stored.file.string() + ": the stored chain of trust updates is broken: " +
                     err.what() + " (remove the file or restore the state directory from backup)");
        }
    }
    e.runtime_file = runtime_file;
    if (runtime_file) {
        e.runtime = trust::load_trust_policy(*runtime_file);
    }
    rebuild_effective_policy(e);
    return e;
}

std::optional<std::filesystem::path> runtime_policy(const std::string& flag) {
    return flag.empty() ? std::nullopt : std::optional<std::filesystem::path>(flag);
}

} // namespace airlock::loader
