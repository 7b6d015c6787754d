#include "loader/license/license_trust.hpp"

#include "common/sign/dsse.hpp"
#include "common/sign/signature_check.hpp"

namespace airlock::loader {

bool may_sign_licenses(std::string_view role) {
    return role == "vendor" || role == "license";
}

std::string_view to_string(LicenseState state) {
    switch (state) {
    case LicenseState::valid:
        return "valid";
    case LicenseState::expired:
        return "expired";
    case LicenseState::not_yet_valid:
        return "not-yet-valid";
    case LicenseState::invalid:
        return "invalid";
    }
    return "invalid";
}

LicenseVerdict judge_license(std::string_view bytes, const trust::TrustPolicy& policy,
                             Timestamp now) {
    LicenseVerdict verdict;
    dsse::Envelope envelope;
    try {
        envelope = dsse::parse_envelope(bytes);
    } catch (const Error& e) {
        verdict.reason = e.what();
        return verdict;
    }
    if (envelope.signatures.empty()) {
        verdict.reason = "the license is unsigned";
        return verdict;
    }
    // When several signatures fail, the most specific reason is reported, as
    // bundle verification ranks them.
    sign::Shortfall worst = sign::Shortfall::none;
    auto reject = [&](ErrorCode code, const std::string& key_id, const std::string& why) {
        if (sign::shortfall_of(code) > worst) {
            worst = sign::shortfall_of(code);
            verdict.code = code;
            verdict.reason = "key " + key_id.substr(0, 16) + ": " + why;
        }
    };
    for (const dsse::Signature& s : envelope.signatures) {
        const trust::TrustedKey* key = policy.find(s.keyid);
        if (key == nullptr) {
            reject(ErrorCode::untrusted, s.keyid, "not a key of the trust policy");
            continue;
        }
        dsse::Envelope single = envelope;
        single.signatures = {s};
        license::License license;
        try {
            license = license::verify_license(single, key->key);
        } catch (const Error& e) {
            reject(ErrorCode::signature, key->id, e.what());
            continue;
        }
        verdict.license = license;
        verdict.key_id = key->id;
        if (!may_sign_licenses(key->role)) {
            reject(ErrorCode::untrusted, key->id,
                   "role '" + key->role + "' may not sign licenses (vendor or license may)");
        } else if (policy.is_revoked(key->id)) {
            reject(ErrorCode::untrusted, key->id, "key is revoked");
        } else if (key->not_after && now > *key->not_after) {
            reject(ErrorCode::expired, key->id,
                   "key expired at " + format_rfc3339(*key->not_after));
        } else {
            verdict.trusted = true;
            verdict.reason.clear();
            return verdict;
        }
    }
    return verdict;
}

LicenseState window_state(const license::License& license, Timestamp now) {
    if (now < license.not_before) {
        return LicenseState::not_yet_valid;
    }
    if (now > license.not_after) {
        return LicenseState::expired;
    }
    return LicenseState::valid;
}

} // namespace airlock::loader
