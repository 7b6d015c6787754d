#pragma once
// What the site mirror holds, as the generators of node and cluster
// configuration (mirror-config, policy, prepull) need it: the images of one
// bundle, verified first, or of every BOM the loader state recorded.
#include "common/bundle/bom.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

struct LoadedImages {
    std::vector<BomImage> images; // in BOM order; bundle after bundle for the state
    std::string source;           // "bundle NAME VERSION" or "loader state DIR (N bundles)"
    std::string bundle_name;      // set for a bundle
    std::string bundle_version;   // set for a bundle
};

// With `bundle`: verifies it (as `airlock-load verify`, with the state's
// rollback records and the extra `trust` policy) and returns its images;
// Error(not_found) when it carries none. Without: every image of every BOM
// recorded in `state_dir`; Error(not_found) when there is none.
LoadedImages loaded_images(const std::optional<std::filesystem::path>& bundle,
                           const std::filesystem::path& state_dir,
                           const std::optional<std::filesystem::path>& trust);

} // namespace airlock::loader
