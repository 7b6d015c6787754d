// Interim: exact matches only, until the semver constraint engine lands.
#include "builder/helm/version_range.hpp"

namespace airlock::helm {

bool is_compatible_range(std::string_view constraint, std::string_view version) {
    return !constraint.empty() && (constraint == version || constraint == "*");
}

} // namespace airlock::helm
