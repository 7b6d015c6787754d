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

// A manifest or index of one of the bundle's images, to be signed with the
// site's key (load --sign-with) under cosign's tag scheme in the repository
// it lands in.
struct PlannedSignature {
    Placement where;              // the "sha256-<hex>.sig" name of `subject` beside it
    std::string docker_reference; // the repository clients pull the image from
    Digest subject;
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
    // Every manifest and index of the bundle's images (not of their
    // attachments, charts or files), children first, once per repository.
    std::vector<PlannedSignature> signatures;
    // Each non-manifest blob an image references -> the repositories that need it.
    std::map<Digest, std::set<std::string>> blob_repos;
    std::set<Digest> manifest_digests;
    // Blobs airlock makes itself (an artifact's empty config), per repository.
    std::vector<std::pair<std::string, InlineBlob>> inline_blobs;
    // A delta's: each blob of blob_repos that it leaves to its base -> a
    // repository of the target holding it, to mount from.
    std::map<Digest, std::string> base_holders;
    // What the base should have left in the target and did not (blobs and
    // manifests, BOM order). A load refuses the bundle before any write.
    std::vector<BomBlob> missing_base;
};

// Throws Error(malformed) when a manifest names content the bundle neither
// carries nor leaves to its base (or gives it another size),
// Error(integrity) when a manifest's bytes do not match the BOM. Reads only
// manifests; no blob is opened. For a delta it asks the destination what the
// base left there (reads only) and lists what is missing in missing_base.
LoadPlan plan_load(BundleSource& bundle, Destination& destination);
// The same through a BundleSource of its own, for callers that only plan.
LoadPlan plan_load(const VerifiedBundle& bundle, Destination& destination);

} // namespace airlock::loader
