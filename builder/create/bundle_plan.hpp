#pragma once
// Merges resolved images and files into one BOM with every blob once, in
// archive order, plus the OCI layout index that names each image.
#include "builder/create/plan.hpp"

#include <vector>

namespace airlock::builder {

struct FileItem {
    std::filesystem::path path; // on disk
    std::string name;           // as recorded in the BOM
};

struct BundlePlan {
    Bom bom;
    std::string index_json;
    std::vector<PlannedBlob> blobs; // parallel to bom.blobs
};

struct BundleIdentity {
    std::string name;
    std::string version;
    std::string created;
    std::vector<std::string> platforms;
};

// Files are hashed here (their digest goes into the BOM before any copy).
BundlePlan make_plan(const BundleIdentity& id, std::vector<ResolvedImage> images,
                     const std::vector<FileItem>& files);

} // namespace airlock::builder
