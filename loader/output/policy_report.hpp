#pragma once
// The policy in force, as `airlock-load trust show` prints it.
#include "loader/trust/effective_policy.hpp"

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace airlock::loader {

// {version, origin, development, keys: [{id, role, notAfter?, revoked}], require, revoked}
nlohmann::json policy_to_json(const EffectivePolicy& policy);
std::string policy_to_text(const EffectivePolicy& policy);

} // namespace airlock::loader
