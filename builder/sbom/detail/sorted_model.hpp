#pragma once
// Private to builder/sbom. The model in the order both writers print it:
// images by reference and digest (exact duplicates dropped), platforms by
// platform and digest, attachments by digest, artifacts by name, version
// and digest.
#include "builder/sbom/sbom_model.hpp"

#include <vector>

namespace airlock::sbom::detail {

struct SortedImage {
    const SbomImage* image;
    std::vector<const SbomPlatformImage*> platforms;
    std::vector<const SbomAttachment*> sboms;
    // An image that is one manifest: its packages belong to the image itself.
    bool single_manifest = false;
};

std::vector<SortedImage> sorted_images(const SbomDocument& doc);
std::vector<const SbomArtifact*> sorted_artifacts(const std::vector<SbomArtifact>& artifacts);

// The architecture part of a platform string ("linux/arm64/v8" -> "arm64").
std::string platform_arch(const std::string& platform);

} // namespace airlock::sbom::detail
