#pragma once
// The bundle's own SBOMs (CycloneDX 1.6, SPDX 2.3), made while the bundle is
// written: every image layer passes a package scan (builder/sbom) on its way
// into the bundle, and once all are in, the documents are made from the BOM
// and the scans. They are the last blobs of the bundle, so the BOM is sized
// up front with room for their digests and sizes (see BundleWriter::finish).
#include "builder/create/bundle_plan.hpp"
#include "builder/sbom/layer_scanner.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace airlock::builder {

// Which SBOM formats `create --sbom` writes.
struct SbomFormats {
    bool cyclonedx = true;
    bool spdx = false;
    bool any() const { return cyclonedx || spdx; }
};
// "cyclonedx", "spdx", "all" or "none"; Error(usage) for anything else.
SbomFormats parse_sbom_formats(const std::string& text);

// The findings of every layer scanned, by digest. Thread-safe. With a cache
// folder (create --cache), a layer an earlier build scanned is not scanned
// again, and every new scan is kept there (builder/sbom/findings_cache.hpp).
class LayerScans {
  public:
    explicit LayerScans(std::filesystem::path cache_dir = {}) : cache_dir_(std::move(cache_dir)) {}

    // A scanner for planned blob `blob` when it is an image layer not
    // scanned yet, else null. Its findings are kept when the copy commits it.
    std::unique_ptr<BlobSink> sink_for(const PlannedBlob& blob);
    // True when `blob` is an image layer whose findings are neither known
    // nor cached: it must pass a scanner.
    bool needs_scan(const PlannedBlob& blob);

    void keep(const Digest& layer, sbom::LayerFindings findings);
    const sbom::LayerFindings* find(const Digest& layer) const;

    const std::filesystem::path& cache_dir() const { return cache_dir_; }
    // Layers scanned in this build, and layers whose findings came from the cache.
    std::size_t scanned() const;
    std::size_t from_cache() const;

  private:
    std::filesystem::path cache_dir_;
    mutable std::mutex mu_;
    std::map<Digest, sbom::LayerFindings> findings_;
    std::size_t from_cache_ = 0;
};

struct SbomBlob {
    BomFile entry; // "sbom/cyclonedx.json", its digest, size and media type
    std::string bytes;
};

// Placeholders in `plan.bom` (sboms[] and the last blobs) for the formats
// asked for: a zero digest and size, to be replaced by finish_sboms. Returns
// how many bytes the BOM must be allowed to grow by when they are.
std::size_t reserve_sboms(BundlePlan& plan, const SbomFormats& formats);

// Makes the documents from `plan` (its BOM, and the manifests it holds in
// memory) and `scans`, and fills their entries into the BOM. Notes the scans
// made (a layer that is not a tar, a database too large) are logged.
std::vector<SbomBlob> finish_sboms(BundlePlan& plan, const SbomFormats& formats,
                                   const LayerScans& scans);

} // namespace airlock::builder
