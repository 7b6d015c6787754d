#pragma once
// Finds what upstream attached to an image and its kept child manifests:
// cosign's tag scheme ("sha256-<hex>.sig", ".att", ".sbom") and OCI 1.1
// referrers (the referrers API, else the referrers tag schema
// "sha256-<hex>"). Attachment manifests are fetched and checked here; their
// layers are planned like an image's, except the few the upstream
// signature check reads (signature payloads, sigstore bundles), which are
// held in memory so the bytes checked are the bytes carried.
#include "builder/create/plan.hpp"
#include "builder/spec/spec.hpp"

#include <map>
#include <string>
#include <vector>

namespace airlock::builder {

// cosign's payloads are a few hundred bytes and sigstore bundles a few
// kilobytes; a layer the signature check reads is held whole, so bounded.
inline constexpr std::int64_t max_signature_layer_bytes = 1024 * 1024;

inline constexpr std::string_view sigstore_bundle_media_type =
    "application/vnd.dev.sigstore.bundle.v0.3+json";

struct FoundAttachment {
    BomAttachment bom;
    ImageManifest manifest;
    // Layers held in memory, by digest (see max_signature_layer_bytes).
    std::map<Digest, std::string> layers;
    std::vector<PlannedBlob> blobs; // manifest, config and layers
};

struct AttachmentQuery {
    Reference fetch_ref; // the repository to look in
    std::shared_ptr<Source> source;
    std::string image; // for messages
    // What to look for: `signatures` also when the image is verified but
    // carries nothing, since verification needs them.
    AttachmentPolicy policy = AttachmentPolicy::all;
};

// Every attachment of each subject (the image's top digest as upstream has
// it, and its kept children), in a stable order: per subject, the tag
// scheme (.sig, .att, .sbom), then referrers in the order listed.
std::vector<FoundAttachment> find_attachments(const AttachmentQuery& query,
                                              const std::vector<Digest>& subjects);

// True when `a` is a signature in the sense of AttachmentPolicy::signatures.
bool is_signature(const BomAttachment& a);

} // namespace airlock::builder
