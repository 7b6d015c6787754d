#pragma once
// cosign's key-based image signatures, as cosign writes and reads them: a
// "simple signing" payload (critical.identity.docker-reference,
// critical.image.docker-manifest-digest, critical.type "cosign container
// image signature", free-form optional) and, in the layer annotation
// dev.cosignproject.cosign/signature, the base64 of an ECDSA P-256 (DER, over
// the payload's SHA-256) or Ed25519 signature. The signature manifest sits
// under the tag "sha256-<hex>.sig" of the signed image's repository; the
// same scheme names ".att" (attestations) and ".sbom" attachments.
//
// This file checks one signature; which keys are trusted, and for which
// images, is the caller's policy.
#include "common/digest/digest.hpp"
#include "common/sign/keys.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace airlock::sign {

inline constexpr std::string_view cosign_signature_type = "cosign container image signature";
inline constexpr std::string_view cosign_payload_media_type =
    "application/vnd.dev.cosign.simplesigning.v1+json";
inline constexpr std::string_view cosign_signature_annotation =
    "dev.cosignproject.cosign/signature";
// cosign's payloads are a few hundred bytes; this bounds a hostile one.
inline constexpr std::size_t max_cosign_payload_bytes = 64 * 1024;

// The tag of an attachment of `subject` in cosign's tag scheme: suffix
// "sig", "att" or "sbom" gives "sha256-<hex>.sig".
std::string cosign_tag(const Digest& subject, std::string_view suffix);

struct SimpleSigning {
    std::string docker_reference; // what the signer claims the image is
    Digest manifest_digest;       // the manifest the signature is about
};

// The payload cosign signs for `reference` (repository, as cosign writes it)
// and `digest`, with "optional": null. Deterministic: the same input gives the
// same bytes.
std::string make_simple_signing(const SimpleSigning& claim);

// Strict: size-bounded, no duplicate keys, critical.type exactly the cosign
// type, both critical fields present and well formed (keys exactly as cosign
// writes them: a differently cased key is refused rather than guessed at).
// Throws Error(signature) naming what is wrong.
SimpleSigning parse_simple_signing(std::string_view payload);

enum class CosignVerdict {
    verified,
    bad_encoding,  // the annotation is not base64
    bad_signature, // does not verify over the payload with the key
    bad_payload,   // verifies, but the payload is not a cosign simple-signing document
    other_digest,  // verifies, but is about another manifest
};

struct CosignCheck {
    CosignVerdict verdict = CosignVerdict::bad_signature;
    std::string why;     // one line; empty when verified
    SimpleSigning claim; // when the payload parsed
};

// Checks `signature_b64` (the annotation's value) over `payload` (the layer's
// bytes) with `key`, then that the payload names `expected`. The payload is
// parsed only after the signature verifies. Never throws for bad input.
CosignCheck check_cosign_signature(std::string_view payload, std::string_view signature_b64,
                                   const PublicKey& key, const Digest& expected);

} // namespace airlock::sign
