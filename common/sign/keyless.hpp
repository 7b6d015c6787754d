#pragma once
// Keyless (Fulcio) certificates, checked offline at the time the signature
// was logged (T: the Rekor entry's integrated time, authenticated by its
// signed entry timestamp):
// - the leaf chains to the root of one certificate authority of the trusted
//   root, through that CA's intermediates and any the signature carried
//   (never to a certificate the signature carried alone: partial chains are
//   off), with every certificate valid at T, and the CA's validFor covers T;
// - the leaf is valid at T (Fulcio certificates live ten minutes), may sign
//   code (extended key usage codeSigning; key usage digitalSignature when
//   present), and is not a precertificate;
// - it embeds an RFC 6962 SCT from a CT log of the trusted root that verifies
//   (certificate_sct.hpp);
// - its identity matches the policy: a SAN (email, URI or DNS name) and the
//   OIDC issuer from extension 1.3.6.1.4.1.57264.1.8 (a DER UTF8String) or
//   else the legacy 1.3.6.1.4.1.57264.1.1 (the raw string).
// What the certificate's key then signed is checked by the caller.
#include "common/core/time.hpp"
#include "common/sign/trusted_root.hpp"
#include "common/sign/upstream_policy.hpp"
#include "common/sign/verifying_key.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sign {

inline constexpr std::string_view fulcio_issuer_oid = "1.3.6.1.4.1.57264.1.8";
inline constexpr std::string_view fulcio_legacy_issuer_oid = "1.3.6.1.4.1.57264.1.1";

struct CertificateIdentity {
    std::vector<std::string> sans; // emails, URIs, DNS names, in certificate order
    std::string issuer;            // empty when the certificate names none
};

// The identity a DER certificate carries; nullopt when it does not parse.
std::optional<CertificateIdentity> certificate_identity(std::string_view leaf_der);

struct KeylessCheck {
    bool ok = false;
    std::string why; // one line; empty when ok
    // The certificate is sound but not trusted here: it chains to no CA of
    // the trusted root, or names another identity ("untrusted key", not a
    // bad signature).
    bool untrusted = false;
    CertificateIdentity identity;
    std::optional<VerifyingKey> key; // the leaf's key, when ok
};

// Every check listed above, in that order of importance: the first failure
// is reported. `chain_der` holds intermediates the signature carried
// (leaf-most first); they are untrusted. Never throws for bad input.
KeylessCheck check_keyless_certificate(std::string_view leaf_der,
                                       const std::vector<std::string>& chain_der,
                                       Timestamp signed_at, const TrustedRoot& root,
                                       const IdentityPolicy& identity);

} // namespace airlock::sign
