#pragma once
// Merges resolved images, charts, manifests and files into one BOM with every
// blob once, in archive order, plus the OCI layout index that names each
// image and chart.
#include "builder/create/plan.hpp"

#include <filesystem>
#include <optional>
#include <vector>

namespace airlock::builder {

struct FileItem {
    std::filesystem::path path; // on disk
    std::string name;           // as recorded in the BOM
    // Content made during the build (a rendered chart), used instead of `path`.
    std::optional<std::string> content;
};

// A chart as `helm push` would store it: manifest, config and archive, all in memory.
struct ResolvedChart {
    BomChart bom; // values are filled by make_plan from `values`
    std::string manifest;
    std::vector<PlannedBlob> blobs; // config and chart archive
    std::vector<FileItem> values;
};

struct BundleIdentity {
    std::string name;
    std::string version;
    std::string created;
    std::vector<std::string> platforms;
};

struct PlanInput {
    BundleIdentity id;
    std::vector<ResolvedImage> images;
    std::vector<ResolvedChart> charts;
    std::vector<FileItem> manifests;
    std::vector<FileItem> files;
    std::vector<BomAllowed> allowed;
};

struct BundlePlan {
    Bom bom;
    std::string index_json;
    std::vector<PlannedBlob> blobs; // parallel to bom.blobs
    // A delta's blobs left to its base (parallel to bom.base->blobs): not
    // written, but their layers are still read for the SBOM.
    std::vector<PlannedBlob> omitted;
};

// Files are hashed here (their digest goes into the BOM before any copy).
BundlePlan make_plan(PlanInput input);

} // namespace airlock::builder
