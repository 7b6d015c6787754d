#pragma once
// Helm's IsCompatibleRange: whether a version satisfies a Masterminds semver
// constraint ("^1.2", ">=1.21.0-0", "1.x || 2.x"); false when either does not
// parse.
#include <string_view>

namespace airlock::helm {

bool is_compatible_range(std::string_view constraint, std::string_view version);

} // namespace airlock::helm
