#include "builder/helm/version_range.hpp"

#include "builder/sprig/masterminds_semver.hpp"
#include "common/core/error.hpp"

namespace airlock::helm {

bool is_compatible_range(std::string_view constraint, std::string_view version) {
    try {
        const auto v = sprig::text::MmVersion::parse(version);
        return sprig::text::MmConstraints::parse(constraint).check(v);
    } catch (const Error&) {
        return false;
    }
}

} // namespace airlock::helm
