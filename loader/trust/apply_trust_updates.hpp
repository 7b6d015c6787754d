#pragma once
// Trust updates that arrive inside a bundle (its signature slot): a bundle
// may carry the policy it needs, so one USB stick can both rotate a key and
// deliver content signed by the new one.
#include "common/core/time.hpp"
#include "common/sign/dsse.hpp"
#include "loader/trust/effective_policy.hpp"

#include <vector>

namespace airlock::loader {

class StateStore;

// Applies `updates` to `policy` in version order, each checked with
// trust::adopt_update against the policy before it (key expiry at `now`):
//   - above the policy's version: adopted (and stored when `persist` is set);
//   - at its version with the same payload bytes: already in force, ignored;
//   - at its version with other bytes: Error(rollback), two policies claiming
//     one version is equivocation;
//   - below it: superseded, ignored.
// Any update that fails the acceptance rule throws, and `policy` and the
// state are then left as they were: nothing is stored until every update of
// the batch has passed. Returns the versions adopted. `persist` must be held as
// a writer. The run-time --trust file is re-applied on top of the result.
std::vector<int> apply_trust_updates(EffectivePolicy& policy,
                                     const std::vector<dsse::Envelope>& updates, Timestamp now,
                                     StateStore* persist);

} // namespace airlock::loader
