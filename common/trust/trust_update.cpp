#include "common/trust/trust_update.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/sign/keys.hpp"
#include "common/sign/signature_check.hpp"

#include <algorithm>
#include <set>

namespace airlock::trust {

using sign::Shortfall;

using sign::PrivateKey;
using sign::PublicKey;

namespace {

using Why = Shortfall;

ErrorCode code_of(Why why) {
    return error_code(why);
}

std::string version_text(const TrustPolicy& p) {
    return "version " + std::to_string(p.version);
}

unsigned threshold(const TrustPolicy& p) {
    auto it = p.require.find(trust_update_role);
    return std::max(1u, it == p.require.end() ? 0u : it->second);
}

// The policy key a signature claims. DSSE lets keyid be absent; then the
// signature names whichever key of the policy it verifies under.
const TrustedKey* claimed_key(const TrustPolicy& p, const dsse::Signature& s,
                              const std::string& message) {
    if (!s.keyid.empty()) {
        return p.find(s.keyid);
    }
    for (const TrustedKey& k : p.keys) {
        if (k.key.verify(message, s.sig)) {
            return &k;
        }
    }
    return nullptr;
}

// Counts the distinct vendor keys of `signers` that signed `update`; throws
// when they are fewer than its threshold. `installed` is the policy the
// update carries: a key it revokes counts for nothing, in either policy.
void require_threshold(const TrustPolicy& signers, const TrustPolicy& installed,
                       const dsse::Envelope& update, std::optional<Timestamp> key_time,
                       const std::string& origin, const std::string& which) {
    const std::string message = dsse::pae(update.payload_type, update.payload);
    std::set<std::string> counted;
    Why worst = Why::none;
    std::string worst_text = update.signatures.empty()
                                 ? std::string("it carries no signature")
                                 : "too few distinct " + std::string(trust_update_role) + " keys";
    auto reject = [&](Why why, const std::string& key, const std::string& problem) {
        if (why >= worst) {
            worst = why;
            worst_text = "key " + (key.empty() ? std::string("without keyid") : key.substr(0, 16)) +
                         ": " + problem;
        }
    };
    for (const dsse::Signature& s : update.signatures) {
        const TrustedKey* key = claimed_key(signers, s, message);
        const std::string shown = key != nullptr ? key->id : printable(s.keyid, 64);
        if (key == nullptr) {
            reject(Why::untrusted, shown, "not a key of " + which);
        } else if (key->role != trust_update_role) {
            reject(Why::untrusted, shown,
                   "role '" + key->role + "' in " + which + ", not '" +
                       std::string(trust_update_role) + "'");
        } else if (signers.is_revoked(key->id)) {
            reject(Why::untrusted, shown, "revoked by " + which);
        } else if (installed.is_revoked(key->id)) {
            reject(Why::untrusted, shown, "revoked by this update");
        } else if (!key->key.verify(message, s.sig)) {
            reject(Why::signature, shown, "signature does not verify (forged or corrupted)");
        } else if (key_time && key->not_after && *key_time > *key->not_after) {
            reject(Why::expired, shown, "key expired at " + format_rfc3339(*key->not_after));
        } else {
            counted.insert(key->id);
        }
    }
    const unsigned need = threshold(signers);
    if (counted.size() < need) {
        // Valid signatures by too few distinct keys: the keys are what is missing.
        const Why why = worst != Why::none          ? worst
                        : update.signatures.empty() ? Why::signature
                                                    : Why::untrusted;
        fail(code_of(why), "trust update " + origin + " is not trusted: it needs signatures by " +
                               std::to_string(need) + " distinct " +
                               std::string(trust_update_role) + " key(s) of " + which + ", has " +
                               std::to_string(counted.size()) + " (" + worst_text + ")");
    }
}

} // namespace

TrustPolicy read_trust_update(const dsse::Envelope& update, std::string_view origin) {
    if (update.payload_type != trust_update_payload_type) {
        fail(ErrorCode::signature, "trust update " + std::string(origin) + ": payloadType '" +
                                       printable(update.payload_type) + "' is not '" +
                                       std::string(trust_update_payload_type) + "'");
    }
    return parse_trust_policy(update.payload, "carried by trust update " + std::string(origin));
}

TrustPolicy adopt_update(const TrustPolicy& current, const dsse::Envelope& update,
                         std::optional<Timestamp> key_time, std::string_view origin_view) {
    const std::string origin =
        origin_view.empty() ? std::string("(unnamed)") : std::string(origin_view);
    TrustPolicy next = read_trust_update(update, origin);
    // Checked before signatures: re-applying an old update is the common
    // mistake, and "not newer" is the answer that helps; either way it is refused.
    if (next.version <= current.version) {
        fail(ErrorCode::rollback, "trust update " + origin + " carries policy " +
                                      version_text(next) +
                                      ", not newer than the policy in force (" +
                                      version_text(current) + "); refusing to roll back");
    }
    require_threshold(current, next, update, key_time, origin,
                      "the policy in force (" + version_text(current) + ")");
    require_threshold(next, next, update, key_time, origin,
                      "the policy it installs (" + version_text(next) + ")");
    for (const std::string& id : current.revoked) {
        if (!next.is_revoked(id)) {
            fail(ErrorCode::untrusted, "trust update " + origin + " (" + version_text(next) +
                                           ") no longer revokes key " + id.substr(0, 16) +
                                           "; a revoked key stays revoked (issue a new key)");
        }
    }
    // The new threshold above was met by at least one of its own unrevoked
    // keys, so the result trusts at least one key.
    return next;
}

dsse::Envelope sign_trust_update(std::string policy_text, const std::vector<PrivateKey>& keys,
                                 std::string_view origin) {
    (void)parse_trust_policy(policy_text, origin);
    if (policy_text.size() > dsse::max_payload_bytes) {
        fail(ErrorCode::spec, "trust policy " + std::string(origin) + ": larger than the " +
                                  std::to_string(dsse::max_payload_bytes) +
                                  " bytes an envelope may carry");
    }
    if (keys.empty()) {
        fail(ErrorCode::usage, "signing trust policy " + std::string(origin) + ": no key given");
    }
    dsse::Envelope envelope{std::string(trust_update_payload_type), std::move(policy_text), {}};
    std::set<std::string> seen;
    for (const PrivateKey& key : keys) {
        if (!seen.insert(key.id()).second) {
            fail(ErrorCode::usage, "signing trust policy " + std::string(origin) + ": key " +
                                       key.id().substr(0, 16) +
                                       " given twice; it would count once");
        }
        dsse::add_signature(envelope, key);
    }
    return envelope;
}

} // namespace airlock::trust
