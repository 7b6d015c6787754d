#pragma once
// Resolves one image reference to digests: fetches (and verifies) its index and
// manifests and configs, applies the platform selection, and lists the blobs
// to carry. No layer bytes are fetched here.
#include "builder/create/plan.hpp"

namespace airlock::builder {

struct ImageRequest {
    Reference ref;       // canonical, as the BOM will name it
    Reference fetch_ref; // where to fetch it (differs when a mirror is used)
    std::shared_ptr<Source> source;
    std::vector<Platform> platforms; // empty: every platform the image has
};

ResolvedImage resolve_image(const ImageRequest& request);

} // namespace airlock::builder
