#pragma once
// What an upstream image signature must satisfy (spec `verify:`), and the
// verdict a check returns. One policy serves cosign's tag-scheme signatures
// (cosign_keyless.hpp) and sigstore bundles (sigstore_bundle.hpp):
// - keys: a signature by any of these keys is accepted (cosign --key);
// - identity + trusted_root: a Fulcio certificate chaining to a CA of the
//   root, naming this issuer and subject, logged in a Rekor log of the root
//   (cosign --certificate-identity / --certificate-oidc-issuer).
// A trusted root given with keys also makes the Rekor entry of a key-based
// signature mandatory (cosign's default); without one, key-based signatures
// are checked offline against the key alone and the verdict says that no
// log was checked.
#include "common/core/time.hpp"
#include "common/goregexp/regexp.hpp"
#include "common/sign/trusted_root.hpp"
#include "common/sign/verifying_key.hpp"

#include <optional>
#include <string>
#include <vector>

namespace airlock::sign {

// The Fulcio certificate identity a keyless signature must carry.
struct IdentityPolicy {
    std::string issuer;  // exact OIDC issuer URL
    std::string subject; // exact SAN (email or URI), when not empty
    // A Go regexp that must match a whole SAN, when set. Note: cosign's
    // --certificate-identity-regexp is unanchored (regexp.MatchString); here
    // the pattern is anchored at both ends, so a pattern that matched only
    // part of a subject in cosign is refused here, never the other way round.
    std::optional<goregexp::Regexp> subject_regexp;

    // Throws Error(spec) naming `origin` when the issuer is empty, when both
    // or neither of subject and subject_regexp are given, or when the regexp
    // does not compile.
    static IdentityPolicy make(std::string issuer, std::string subject, std::string subject_regexp,
                               std::string_view origin);
    // True when one of the certificate's SANs is accepted and the issuer is exact.
    bool matches(const std::string& cert_issuer, const std::vector<std::string>& sans) const;
    // "subject <s> from <issuer>" or "subject matching /re/ from <issuer>".
    std::string describe() const;
};

struct UpstreamPolicy {
    std::vector<VerifyingKey> keys;
    std::optional<IdentityPolicy> identity;
    std::optional<TrustedRoot> trusted_root;
};

// The outcome of checking one upstream signature. Never thrown: bad input is
// a failure with a reason.
struct UpstreamVerdict {
    bool verified = false;
    // One line each; empty when verified. The first is the decisive one.
    std::vector<std::string> failures;
    // Who signed, when verified: "key <id>" or "<subject> (<issuer>)".
    std::string signer;
    // The same, whole: the key's id, or the certificate's subject and issuer.
    std::string key_id;
    std::string identity;
    std::string issuer;
    // Refused because the signer is not trusted (KeylessCheck::untrusted),
    // rather than because the signature or its proofs are bad.
    bool untrusted_signer = false;
    // The transparency log's integrated time, when a log entry verified.
    std::optional<Timestamp> logged_at;
    // False when the policy had no trusted root to check a key-based
    // signature's log entry with.
    bool tlog_checked = false;

    // The failures joined with "; ", for one-line reports.
    std::string why() const;
    // Records `why` and forgets who signed and when: a copy, refused.
    UpstreamVerdict refuse(std::string why);
};

} // namespace airlock::sign
