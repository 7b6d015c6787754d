#pragma once
// The bundle's own SBOMs (CycloneDX 1.6, SPDX 2.3), made while the bundle is
// written: every image layer passes a package scan (builder/sbom) on its way
// into the bundle, and once all are in, the documents are made from the BOM
// and the scans. They are the last blobs of the bundle, so the BOM is sized
// up front with room for their digests and sizes (see BundleWriter::finish).
#include "builder/create/bundle_plan.hpp"
#include "builder/sbom/layer_scanner.hpp"

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

// The findings of every layer scanned, by digest. Thread-safe.
class LayerScans {
  public:
    // A scanner for planned blob `blob` when it is an image layer, else null.
    // Its findings are kept when the copy commits it.
    std::unique_ptr<BlobSink> sink_for(const PlannedBlob& blob);

    void keep(const Digest& layer, sbom::LayerFindings findings);
    const sbom::LayerFindings* find(const Digest& layer) const;

  private:
    mutable std::mutex mu_;
    std::map<Digest, sbom::LayerFindings> findings_;
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
