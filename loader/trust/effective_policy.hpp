#pragma once
// The policy verification uses: the one compiled in, then every signed trust
// update the loader state holds (replayed in version order under the same
// acceptance rule, common/trust/trust_update.hpp), then an optional policy
// file given at run time (a mounted secret) that may add keys and
// revocations and raise requirements, never lower anything.
#include "common/trust/trust_policy.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace airlock::loader {

class StateStore;

struct EffectivePolicy {
    trust::TrustPolicy policy; // what verification uses: `chain`, strengthened by the run-time file
    bool development = false;  // the compiled-in policy is keys/dev's
    // "embedded v1", "embedded v1 + update v3", either followed by " + FILE".
    std::string origin;

    // How `policy` was made, so that adopting an update can remake it.
    int embedded_version = 1;
    trust::TrustPolicy chain;  // embedded + adopted updates; trust updates are checked against it
    std::string chain_payload; // the bytes of chain's newest policy (to spot equivocation)
    std::optional<std::filesystem::path> runtime_file;
    std::optional<trust::TrustPolicy> runtime;
};

// Reads the updates under STATE/trust/ through `state` (whose lock guards
// them). Updates at or below the embedded version are skipped: a newer
// binary supersedes them. The others must each pass adopt_update against the
// policy before them, signatures and revocations included, so a file dropped
// into the state directory cannot inject a policy; a key's notAfter is not
// checked against today's clock, because an update adopted while its signers
// were valid must keep replaying after they expire (otherwise the loader
// would fall back to an older policy that still trusts keys the update revoked).
// Throws Error(untrusted) naming the file when the stored chain is broken,
// and when the result trusts no key at all: the loader refuses to run rather
// than accept anything.
EffectivePolicy load_effective_policy(const StateStore& state,
                                      const std::optional<std::filesystem::path>& runtime_file);

// The --trust flag as load_effective_policy takes it: empty means none.
std::optional<std::filesystem::path> runtime_policy(const std::string& flag);

// Recomputes e.policy and e.origin from e.chain and e.runtime. Error(untrusted)
// when the result trusts no key.
void rebuild_effective_policy(EffectivePolicy& e);

// The merge rule on its own, for tests: `extra` may only strengthen `base`.
trust::TrustPolicy strengthen(trust::TrustPolicy base, const trust::TrustPolicy& extra,
                              const std::string& extra_origin);

} // namespace airlock::loader
