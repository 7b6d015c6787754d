#pragma once
// What travels with a resolved image besides its own blobs: the upstream
// attachments the spec asks to carry, and the proof that it was signed
// upstream when the spec asks for one (checked before anything is written).
#include "builder/create/image_resolver.hpp"
#include "builder/create/upstream_verify.hpp"

namespace airlock::builder {

struct ProvenanceRequest {
    const ImageRequest& image;
    AttachmentPolicy carry = AttachmentPolicy::all;
    const UpstreamRequirement* verify = nullptr; // null: no upstream signature required
};

// Adds the carried attachments (BOM entries and blobs) and the provenance
// to `out`. Throws Error(signature) when verification is asked for and fails.
void add_provenance(const ProvenanceRequest& request, ResolvedImage& out);

} // namespace airlock::builder
