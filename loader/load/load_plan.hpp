#pragma once
// What a load will write, worked out from the verified bundle before the
// first write: every manifest and index (read through the bundle source and
// verified against its digest, kept in memory since they are small), which
// repositories need which blob, and the name each image is published under.
#include "common/transport/destination.hpp"
#include "loader/load/files_artifact.hpp"
#include "loader/verify/bundle_source.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace airlock::loader {

struct PlannedManifest {
    std::string repo;
    RawManifest manifest;
};

struct PlannedTag {
    std::string ref; // as the BOM names the image
    Placement placement;
    RawManifest manifest;
};

// The referrers of one subject in one repository, kept where the
// destination has no referrers API as the referrers tag schema index
// ("sha256-<hex>", OCI distribution 1.1) that `where` names.
struct PlannedReferrers {
    Placement where;
    Digest subject;
    std::vector<Descriptor> referrers;
};

struct LoadPlan {
    // Children before the indexes that name them.
    std::vector<PlannedManifest> manifests;
    // One per BOM image, in BOM order.
    std::vector<PlannedTag> tags;
    // Upstream attachments under cosign's tag scheme ("sha256-<hex>.sig"),
    // and referrers indexes: both after every manifest, before any tag.
    std::vector<PlannedTag> attachment_tags;
    std::vector<PlannedReferrers> referrers;
    // Each non-manifest blob an image references -> the repositories that need it.
    std::map<Digest, std::set<std::string>> blob_repos;
    std::set<Digest> manifest_digests;
    // Blobs airlock makes itself (an artifact's empty config), per repository.
    std::vector<std::pair<std::string, InlineBlob>> inline_blobs;
};

// Throws Error(malformed) when a manifest names content the bundle does not
// carry (or carries with another size), Error(integrity) when a manifest's
// bytes do not match the BOM. Reads only manifests; no blob is opened.
LoadPlan plan_load(BundleSource& bundle, const Destination& destination);
// The same through a BundleSource of its own, for callers that only plan.
LoadPlan plan_load(const VerifiedBundle& bundle, const Destination& destination);

} // namespace airlock::loader
