#pragma once
// airlock-build create: spec in, one signed bundle out. The command's main
// parses flags into CreateOptions and calls create_bundle, nothing more.
#include "common/registry/registry_options.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace airlock::builder {

struct CreateOptions {
    std::filesystem::path spec;
    std::filesystem::path output;
    std::filesystem::path key;
    std::string role = "vendor";
    std::chrono::seconds expires{std::chrono::hours(24 * 180)};
    std::vector<std::string> platforms; // overrides the spec's
    std::uint64_t split_size = 0;
    std::filesystem::path cache_dir;
    RegistryOptions registry;
    // upstream registry -> "host[:port][/prefix]" to pull through instead
    std::map<std::string, std::string> mirrors;
    int jobs = 4;
    bool progress = false;
    // Images the sweep finds in charts and manifests but images: lacks are
    // added instead of failing the build.
    bool add_swept = false;
    // Signed trust-policy updates (airlock-build trust sign) carried in the
    // signature slot: loaders adopt them before judging the bundle's
    // signatures, so a release can rotate keys.
    std::vector<std::filesystem::path> trust_updates;
    // The bundle's own SBOMs: cyclonedx, spdx, all or none.
    std::string sbom = "cyclonedx";
    // Delta: bundles, BOMs or site receipts whose blobs the site holds; the
    // bundle leaves those out and lists them under the BOM's base.
    std::vector<std::filesystem::path> bases;
};

struct CreateResult {
    std::string name;
    std::string version;
    std::string bom_digest;
    std::vector<std::filesystem::path> volumes;
    std::uint64_t bundle_bytes = 0;
    std::size_t images = 0;
    std::size_t charts = 0;
    std::size_t manifests = 0;
    std::vector<std::string> swept_added;
    std::size_t swept_allowed = 0;
    std::size_t blobs = 0;
    std::size_t omitted_blobs = 0; // a delta's blobs left to its base
    std::uint64_t omitted_bytes = 0;
    std::vector<std::string> bases; // "name version" of each base bundle
    std::vector<int> trust_updates; // policy versions carried
    std::uint64_t fetched_bytes = 0;
    std::uint64_t cached_bytes = 0;
    std::size_t layers_scanned = 0;   // inflated for the SBOM in this build
    std::size_t scans_from_cache = 0; // findings an earlier build kept in --cache
    std::string key_id;
    double seconds = 0;
};

CreateResult create_bundle(const CreateOptions& options);

// Parses "docker.io=127.0.0.1:5001[/prefix]"; Error(usage) otherwise.
std::pair<std::string, std::string> parse_mirror(const std::string& text);

} // namespace airlock::builder
