#pragma once
// One layer of a cosign signature manifest (tag scheme "sha256-<hex>.sig"),
// checked against an UpstreamPolicy: the layer's bytes are the simple-signing
// payload (cosign_signature.hpp) and its annotations carry the rest.
//
// - Keys (cosign --key): the signature verifies over the payload, hashed with
//   SHA-256 whatever the key type (cosign's rule), with one policy key. With
//   a trusted root in the policy the bundle annotation is required too.
// - Keyless: the certificate annotation (PEM) and optional chain (PEM) pass
//   check_keyless_certificate at the time T the bundle annotation's Rekor
//   entry was integrated; the signature verifies with the certificate's key.
// - The bundle annotation ({"SignedEntryTimestamp", "Payload": {"body",
//   "integratedTime", "logIndex", "logID"}}) is a Rekor SET: it must verify
//   with a tlog of the trusted root, and its body must be a hashedrekord
//   entry for this signature, this certificate or key, and sha256(payload).
//   cosign's tag scheme carries no inclusion proof, so the SET is the proof.
// - Only then is the payload parsed; it must name `expected`.
#include "common/digest/digest.hpp"
#include "common/sign/upstream_policy.hpp"

#include <string_view>

namespace airlock::sign {

inline constexpr std::string_view cosign_certificate_annotation = "dev.sigstore.cosign/certificate";
inline constexpr std::string_view cosign_chain_annotation = "dev.sigstore.cosign/chain";
inline constexpr std::string_view cosign_bundle_annotation = "dev.sigstore.cosign/bundle";

// The layer's bytes and annotation values; an empty view is an absent
// annotation.
struct CosignLayer {
    std::string_view payload;
    std::string_view signature_b64;   // dev.cosignproject.cosign/signature
    std::string_view certificate_pem; // dev.sigstore.cosign/certificate
    std::string_view chain_pem;       // dev.sigstore.cosign/chain
    std::string_view bundle_json;     // dev.sigstore.cosign/bundle
};

// Never throws for bad input.
UpstreamVerdict verify_cosign_layer(const CosignLayer& layer, const Digest& expected,
                                    const UpstreamPolicy& policy);

} // namespace airlock::sign
