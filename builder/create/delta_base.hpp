#pragma once
// Delta bundles (`create --base`): what the site already holds, read from the
// bases the user names (bundles, their BOMs, site receipts), and the plan cut
// down to the blobs the site lacks. Omitted blobs stay in the BOM under
// `base`, so the BOM still describes every image completely and the loader
// can check that each one is at the site before it writes anything.
#include "builder/create/bundle_plan.hpp"
#include "common/bundle/bom_document.hpp"

#include <filesystem>
#include <map>
#include <vector>

namespace airlock::builder {

struct DeltaBase {
    std::vector<BomBaseBundle> bundles;
    std::map<Digest, BomBlob> blobs; // what the site holds, or is said to
};

// Error(spec) naming the file for a base that is neither a bundle, a BOM nor
// a receipt, or that names one bundle twice with different BOMs.
DeltaBase read_delta_bases(const std::vector<std::filesystem::path>& paths);

// One base as a BOM, for comparing against it (diff OLD): a bundle or BOM as
// it is, a site receipt as a BOM holding only the receipt's blobs (named
// "site receipt", its creation time as the version), so what a delta against
// the site would carry is exact.
BomDocument read_base_document(const std::filesystem::path& path);

// Moves every planned blob the base holds (same digest and size) out of the
// plan into plan.omitted and the BOM's base.blobs; records the base bundles.
// Must run before anything is appended to the plan (SBOM placeholders).
void apply_delta_base(BundlePlan& plan, const DeltaBase& base);

} // namespace airlock::builder
