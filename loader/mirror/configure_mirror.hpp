#pragma once
// `airlock-load mirror-config` as one library call: find the upstream
// registries (from a bundle, verified first, or from every BOM the loader
// state recorded), generate the chosen runtime's configuration for the
// mirror, and write it.
#include "loader/mirror/mirror_config.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

struct ConfigureMirrorOptions {
    std::string registry; // --registry URL
    MirrorFormat format = MirrorFormat::containerd;
    std::filesystem::path out_dir;
    bool keep_host = false;
    bool block_upstream = false;
    MirrorTls tls;  // as given (relative paths are made absolute)
    CapiFiles capi; // --format capi: the Secrets that hold the TLS files
    std::optional<std::filesystem::path> bundle;
    std::filesystem::path state_dir = "/var/lib/airlock";
    std::optional<std::filesystem::path> trust;
};

struct ConfigureMirrorSummary {
    MirrorFormat format = MirrorFormat::containerd;
    MirrorUrl mirror;
    bool keep_host = false;
    bool block_upstream = false;
    std::string source; // "bundle NAME VERSION" or "loader state DIR (N bundles)"
    std::vector<std::string> upstreams;
    std::vector<std::string> locations; // where each upstream's repositories are, in order
    std::vector<std::filesystem::path> files;
    std::vector<std::string> notes;

    std::string to_text() const;
};

// Checks the command line first (Error(usage)), then the TLS files
// (Error(spec) naming a missing one), then verifies the bundle (its
// verification errors) or reads the state; Error(not_found) when no image
// names an upstream registry. Writes nothing before all of that passed.
ConfigureMirrorSummary configure_mirror(const ConfigureMirrorOptions& options);

} // namespace airlock::loader
