#pragma once
// Whether the trust policy vouches for a license: it counts only when a
// signature by a policy key of role vendor or license verifies, and that key
// is neither revoked nor past its notAfter. Judged afresh on every use, so a
// key revoked after import takes its licenses with it.
#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/license/license.hpp"
#include "common/trust/trust_policy.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace airlock::loader {

// Roles whose keys may issue licenses.
bool may_sign_licenses(std::string_view role);

enum class LicenseState { valid, expired, not_yet_valid, invalid };
std::string_view to_string(LicenseState state);

struct LicenseVerdict {
    // Set when some signature verified under a key of the policy: the
    // content is authentic, even when that key no longer counts.
    std::optional<license::License> license;
    std::string key_id; // the key whose signature verified
    bool trusted = false;
    // When not trusted: signature (nothing verifies), untrusted (unknown,
    // revoked or wrong-role key) or expired (the key's notAfter passed), and
    // a one-line reason.
    ErrorCode code = ErrorCode::signature;
    std::string reason;
};

// Judges an envelope's bytes (as stored or imported) at time `now`. Never
// throws for hostile input: an unreadable envelope is a signature verdict.
LicenseVerdict judge_license(std::string_view envelope_bytes, const trust::TrustPolicy& policy,
                             Timestamp now);

// valid, expired or not_yet_valid: notBefore <= now <= notAfter is valid.
LicenseState window_state(const license::License& license, Timestamp now);

} // namespace airlock::loader
