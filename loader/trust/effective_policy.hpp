#pragma once
// The policy verification uses: the one compiled in, plus an optional policy
// file given at run time (a mounted secret) that may add keys and revocations
// and raise requirements, never lower anything.
#include "common/sign/trust_policy.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace airlock::loader {

struct EffectivePolicy {
    sign::TrustPolicy policy;
    bool development = false; // the compiled-in policy is keys/dev's
    std::string origin;       // "embedded" or "embedded + FILE"
};

// Throws Error(untrusted) when the result trusts no key at all: the loader
// refuses to run rather than accept anything.
EffectivePolicy load_effective_policy(const std::optional<std::filesystem::path>& runtime_file);

// The merge rule on its own, for tests: `extra` may only strengthen `base`.
sign::TrustPolicy strengthen(sign::TrustPolicy base, const sign::TrustPolicy& extra,
                             const std::string& extra_origin);

} // namespace airlock::loader
