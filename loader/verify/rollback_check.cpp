#include "loader/verify/rollback_check.hpp"

#include "common/core/error.hpp"
#include "common/core/semver.hpp"

namespace airlock::loader {

void check_rollback(const std::string& name, const std::string& version,
                    const std::string& bom_digest, const std::optional<LoadRecord>& previous) {
    if (!previous) {
        return;
    }
    auto now_v = SemVer::try_parse(version);
    auto old_v = SemVer::try_parse(previous->version);
    if (!now_v) {
        fail(ErrorCode::malformed, "bundle version '" + version + "' is not SemVer 2.0");
    }
    // Name the recorded version when it is the one at fault, not the bundle's.
    if (!old_v) {
        fail(ErrorCode::malformed, "bundle " + name + ": the loaded version '" + previous->version +
                                       "' the state records is not SemVer 2.0");
    }
    if (*now_v < *old_v) {
        fail(ErrorCode::rollback, "bundle " + name + " " + version + " is older than " +
                                      previous->version +
                                      ", already loaded; refusing to roll back");
    }
    if (*now_v == *old_v && previous->bom_digest != bom_digest) {
        fail(ErrorCode::rollback, "bundle " + name + " " + version + " differs from the " +
                                      previous->version + " already loaded (BOM " +
                                      bom_digest.substr(0, 19) + " vs " +
                                      previous->bom_digest.substr(0, 19) + ")");
    }
}

} // namespace airlock::loader
