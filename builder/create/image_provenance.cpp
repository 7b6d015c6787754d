#include "builder/create/image_provenance.hpp"

#include "common/log/log.hpp"

namespace airlock::builder {

void add_provenance(const ProvenanceRequest& r, ResolvedImage& out) {
    AttachmentQuery query;
    query.fetch_ref = r.image.fetch_ref;
    query.source = r.image.source;
    query.image = r.image.ref.str();
    query.policy = r.carry;
    if (r.verify != nullptr && r.carry == AttachmentPolicy::none) {
        query.policy = AttachmentPolicy::signatures;
    }
    // Upstream signed the index (or manifest) it published; a platform
    // filter gives the bundle another index, but what was signed is upstream's.
    const Digest top = out.bom.upstream_digest.value_or(out.bom.digest);
    std::vector<Digest> subjects{top};
    subjects.insert(subjects.end(), out.bom.manifests.begin(), out.bom.manifests.end());
    std::vector<FoundAttachment> found = find_attachments(query, subjects);
    if (r.verify != nullptr) {
        out.bom.provenance = verify_upstream(query.image, top, found, *r.verify);
        log::info(query.image + ": upstream signature verified (" +
                  std::to_string(out.bom.provenance.size()) + ")");
    }
    for (FoundAttachment& f : found) {
        if (r.carry == AttachmentPolicy::none ||
            (r.carry == AttachmentPolicy::signatures && !is_signature(f.bom))) {
            continue;
        }
        out.bom.attachments.push_back(f.bom);
        for (PlannedBlob& b : f.blobs) {
            out.blobs.push_back(std::move(b));
        }
    }
}

} // namespace airlock::builder
