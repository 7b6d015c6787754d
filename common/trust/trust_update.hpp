#pragma once
// Signed trust updates: how keys are rotated and revoked without a new
// airlock-load binary. An update is a DSSE envelope whose payload is a
// complete new trust policy (schemas/trust-policy.schema.json) with a higher
// version. It has its own payload type so that no other signed document (a
// bundle's validity statement, say) can be replayed as a policy, and no
// policy as a statement: the type is part of what every signature covers.
//
// The acceptance rule follows TUF's root rotation: an update must be signed
// by the threshold of the policy in force (so only the current vendor keys
// can move trust) AND by the threshold of the policy it installs (so a typo
// cannot lock everyone out, and whoever signs must own the new keys).
#include "common/core/time.hpp"
#include "common/sign/dsse.hpp"
#include "common/trust/trust_policy.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::trust {

inline constexpr std::string_view trust_update_payload_type =
    "application/vnd.airlock.trust-policy+json";
// The role whose keys sign trust updates; its require count is the threshold.
inline constexpr std::string_view trust_update_role = "vendor";

// The policy an update carries, checked for shape only (payload type, strict
// policy parser); nothing about its signatures. Error(signature) for another
// payload type, Error(spec) "<origin>: ..." for a malformed policy.
TrustPolicy read_trust_update(const dsse::Envelope& update, std::string_view origin);

// The whole acceptance rule; returns the policy to use from now on, or throws.
//   - the new version must be above current.version, else Error(rollback)
//     naming both (an older signed policy replayed is a rollback, the same
//     class as an older bundle);
//   - every key id current revokes must stay revoked, else Error(untrusted):
//     a revoked key may have leaked, so once revoked is revoked for good;
//   - it must carry signatures by max(1, current.require["vendor"]) distinct
//     vendor keys of `current` that neither policy revokes and that, when
//     `key_time` is given, are not past their notAfter at that time;
//   - and by max(1, new.require["vendor"]) distinct vendor keys of the new
//     policy that it does not revoke (and, with key_time, not expired);
//   - the new policy must trust at least one key.
// Lowering `require` is allowed: the current threshold signed it, and a
// vendor that lost a key must be able to go from 2-of-3 to 1-of-1.
// A short count is classed by the most specific reason a signature did not
// count, ranked as bundle verification ranks them: Error(expired) for an
// expired key, Error(untrusted) for unknown, revoked or non-vendor keys (and
// for valid signatures by too few distinct keys), Error(signature) for a
// signature that does not verify (forged or corrupted) or none at all. `key_time` is nullopt only
// when replaying updates that were checked at adoption (see loader/trust/effective_policy.hpp).
// `origin` names the update in messages.
TrustPolicy adopt_update(const TrustPolicy& current, const dsse::Envelope& update,
                         std::optional<Timestamp> key_time, std::string_view origin = {});

// The update a vendor ships: `policy_text` (validated with the strict policy
// parser, Error(spec)) signed once by each key. Error(usage) for no key or
// the same key twice: a duplicate would count once anyway.
dsse::Envelope sign_trust_update(std::string policy_text, const std::vector<sign::PrivateKey>& keys,
                                 std::string_view origin);

} // namespace airlock::trust
