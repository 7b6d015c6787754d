#pragma once
#include <string_view>

namespace airlock {

// The trust policy compiled into airlock-load and airlock-build (CMake option
// AIRLOCK_TRUST_POLICY): the loader verifies with it; the builder checks the
// signatures already on a bundle it re-signs.
std::string_view embedded_trust_policy();
// True when that policy is the development policy of keys/dev/.
bool embedded_trust_policy_is_development();

} // namespace airlock
