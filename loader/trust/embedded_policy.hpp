#pragma once
#include <string_view>

namespace airlock {

// The trust policy compiled into airlock-load (CMake option AIRLOCK_TRUST_POLICY).
std::string_view embedded_trust_policy();
// True when that policy is the development policy of keys/dev/.
bool embedded_trust_policy_is_development();

} // namespace airlock
