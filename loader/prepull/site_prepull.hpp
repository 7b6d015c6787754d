#pragma once
// `airlock-load prepull` as one library call: verify the bundle, pin each of
// its images to its place on the mirror by the BOM's digest, and generate
// the per-node Jobs (or just the pinned list, for `crictl pull`).
#include "loader/prepull/prepull_jobs.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

struct SitePrepullOptions {
    std::string registry; // --registry URL: the mirror the bundle was loaded to
    std::vector<std::string> nodes;
    std::string ns = "airlock-prepull";
    bool keep_host = false;
    // The image (by the reference the BOM names, e.g. docker.io/library/busybox:1.36)
    // whose static busybox the Jobs run; empty: the bundle's only image whose
    // repository is library/busybox or ends in /busybox.
    std::string pull_image;
    std::string pull_binary = "/bin/busybox";
    bool images_only = false; // no Jobs: --nodes and the pull image are not needed
    std::filesystem::path bundle;
    std::filesystem::path state_dir = "/var/lib/airlock";
    std::optional<std::filesystem::path> trust;
};

struct SitePrepull {
    std::string source; // "bundle NAME VERSION"
    std::vector<PinnedImage> images;
    PinnedImage pull_image; // empty with images_only
    std::string yaml;       // empty with images_only
};

// Error(usage) for bad flags or a pull image that is not in the bundle,
// then the verification errors of the bundle.
SitePrepull site_prepull(const SitePrepullOptions& options);

} // namespace airlock::loader
