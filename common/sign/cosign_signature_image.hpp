#pragma once
// The image cosign pushes under the tag "sha256-<hex>.sig" (cosign_signature.hpp
// has the payload and the check of one signature): an OCI image manifest whose
// config is the one go-containerregistry makes for an empty image with the
// layers appended (application/vnd.oci.image.config.v1+json: empty
// architecture and os, a zero "created", one empty history entry per layer,
// rootfs.diff_ids the layers' digests, since the layers are not compressed)
// and whose layers are simple-signing payloads, each carrying its base64
// signature in the annotation dev.cosignproject.cosign/signature. A second
// signature of the same image is a layer appended to the same manifest, as
// `cosign sign` does; the earlier layers are kept as they are.
//
// Writing only: what to sign, and where it goes, is the caller's decision.
#include "common/oci/model.hpp"
#include "common/sign/keys.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace airlock::sign {

// A signature layer: its bytes (the payload) and the descriptor naming them.
struct CosignSignatureLayer {
    std::string payload;
    Descriptor descriptor;
};

// `payload` signed with `key` as `cosign sign --key` does (ECDSA P-256: DER
// over SHA-256 of the payload; Ed25519: over the payload itself), as a layer.
CosignSignatureLayer sign_cosign_payload(std::string payload, const PrivateKey& key);

// A signature image: the manifest and its config blob (the layers' blobs are
// the payloads, held by the caller or already in the repository).
struct CosignSignatureImage {
    RawManifest manifest;
    std::string config;
    Descriptor config_descriptor;
};

// The image whose layers are `layers`, in order, with cosign's config.
// Deterministic: the same layers give the same bytes.
CosignSignatureImage make_cosign_signature_image(const std::vector<Descriptor>& layers);

// The layers of a signature manifest as it was read (`where` names it in
// errors). Throws Error(malformed) unless it is an image manifest.
std::vector<Descriptor> cosign_signature_layers(const RawManifest& manifest,
                                                const std::string& where);

// True when one of `layers` is `payload` (by digest) with a signature
// annotation that verifies over it with `key`. Needs no blob: a layer whose
// digest is the payload's holds exactly those bytes.
bool has_cosign_signature(const std::vector<Descriptor>& layers, std::string_view payload,
                          const PublicKey& key);

} // namespace airlock::sign
