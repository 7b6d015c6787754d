#pragma once
// `airlock-build trust sign`: turn a new trust policy into the signed update
// that airlock-load adopts (common/trust/trust_update.hpp).
#include <filesystem>
#include <string>
#include <vector>

namespace airlock::builder {

// Reads `policy` (checked by the strict policy parser), signs it once with
// each key, writes the envelope to `out` atomically (replacing it). Returns
// the policy's version. Signing does not check the acceptance rule: the
// vendor's keys sign, the loader decides.
int sign_trust_policy(const std::filesystem::path& policy,
                      const std::vector<std::filesystem::path>& keys,
                      const std::filesystem::path& out);

} // namespace airlock::builder
