#pragma once
// Sigstore bundles (application/vnd.dev.sigstore.bundle.v0.3+json; the
// older "application/vnd.dev.sigstore.bundle+json;version=0.1" and 0.2 media
// types too), verified offline against an UpstreamPolicy.
//
// What a bundle must prove for an image whose manifest has digest D:
// - the content: a messageSignature whose messageDigest is SHA2_256 = D,
//   signed (over the digest, with the hash the key implies) by the key; or a
//   dsseEnvelope (payloadType application/vnd.in-toto+json) signed over its
//   PAE whose in-toto statement lists a subject with sha256 D;
// - the signer: a key of the policy (verificationMaterial.publicKey; the
//   hint is not trusted, every policy key is tried), or a certificate
//   (certificate, or x509CertificateChain's first certificate with the rest
//   as untrusted intermediates) that passes check_keyless_certificate for the
//   policy's identity at the entry's integrated time;
// - the log (rekor.hpp): a tlog entry whose signed entry timestamp verifies,
//   whose body binds this signature, and, for v0.2 and later, whose inclusion
//   proof and checkpoint verify. Required for certificates (the SET is what
//   authenticates the time), and for keys when the policy has a trusted root.
// Timestamp authority countersignatures are not used: a bundle that relies
// on them alone (no tlog entry) is refused. A DSSE payload is bounded as
// dsse.hpp bounds it (32 KiB). Ed25519 message signatures cannot be checked
// from a digest and are refused.
#include "common/digest/digest.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/rekor.hpp"
#include "common/sign/upstream_policy.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sign {

inline constexpr std::string_view sigstore_bundle_v03_media_type =
    "application/vnd.dev.sigstore.bundle.v0.3+json";
inline constexpr std::size_t max_sigstore_bundle_bytes = 1024 * 1024;

struct MessageSignature {
    HashAlgorithm digest_algorithm = HashAlgorithm::sha256;
    std::string digest; // raw
    std::string signature;
};

struct SigstoreBundle {
    int minor_version = 3;              // 1, 2 or 3
    std::string certificate_der;        // empty when the bundle names a key
    std::vector<std::string> chain_der; // intermediates carried with it
    std::string public_key_hint;
    std::vector<RekorEntry> tlog_entries;
    std::optional<MessageSignature> message_signature;
    std::optional<dsse::Envelope> dsse_envelope;
};

// Throws Error(signature) "sigstore bundle: <field>: <why>" for anything that
// is not a bundle of a known media type with exactly one of messageSignature
// and dsseEnvelope and one kind of verification material. Fields not read
// here (timestampVerificationData, ...) are ignored.
SigstoreBundle parse_sigstore_bundle(std::string_view json);

// Everything above. Never throws for bad input.
UpstreamVerdict verify_sigstore_bundle(std::string_view json, const Digest& expected,
                                       const UpstreamPolicy& policy);

} // namespace airlock::sign
