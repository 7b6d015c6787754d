#pragma once
// airlock-build diff: what changed between two bundles (or their BOMs), by
// digest, and what a delta of the new one against the old one would carry.
// The upgrade pre-flight: what must reach the site before `helm upgrade`.
//
// Images pair up by repository (the reference without tag or digest). When a
// repository holds one image on each side, those two are a pair whatever
// their tags; with several, images pair by equal tag first, then by equal
// digest, and the rest are added or removed. A pair with another digest is a
// change; the same digest under another reference is a retag, which carries
// nothing and is not a change. Charts pair the same way by name (then by
// version, then by digest); manifests and files by name.
#include "common/bundle/bom.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace airlock {
struct BomDocument;
}

namespace airlock::builder {

struct DiffImage {
    std::string ref;
    Digest digest;
    std::vector<std::string> platforms;
};

// A platform both sides keep whose manifest has another digest.
struct PlatformChange {
    std::string platform;
    Digest old_manifest;
    Digest new_manifest;
};

struct ImageChange {
    DiffImage old_image;
    DiffImage new_image;
    // False when a BOM does not pair each platform with its manifest: then
    // only platforms added or removed by name are known.
    bool per_platform = true;
    std::vector<std::string> platforms_added;
    std::vector<std::string> platforms_removed;
    std::vector<PlatformChange> platforms_changed;
};

struct ImageRetag {
    std::string old_ref;
    std::string new_ref;
    Digest digest;
};

struct ImageDiff {
    std::vector<DiffImage> added;
    std::vector<DiffImage> removed;
    std::vector<ImageChange> changed;
    std::vector<ImageRetag> retagged;
    std::size_t unchanged = 0;
};

struct FileChange {
    std::string name;
    Digest old_digest;
    Digest new_digest;
    std::int64_t old_size = 0;
    std::int64_t new_size = 0;
};

// Manifests, files, or one chart's values files.
struct FileDiff {
    std::vector<BomFile> added;
    std::vector<BomFile> removed;
    std::vector<FileChange> changed;
    std::size_t unchanged = 0;
};

struct DiffChart {
    std::string name;
    std::string version;
    Digest digest;
};

struct ChartChange {
    DiffChart old_chart;
    DiffChart new_chart;
    FileDiff values; // a chart whose values files alone differ is a change too
};

struct ChartDiff {
    std::vector<DiffChart> added;
    std::vector<DiffChart> removed;
    std::vector<ChartChange> changed;
    std::size_t unchanged = 0;
};

struct BlobCount {
    std::size_t blobs = 0;
    std::uint64_t bytes = 0;
};

// The blobs of NEW's full set (carried and left to its base) that are not in
// OLD's full set: what a delta of NEW against OLD carries. Payload only: the
// delta's own BOM, signature slot, index.json and tar headers come on top.
struct DeltaCost {
    std::vector<BomBlob> carried; // in NEW's order
    BlobCount carried_total;
    BlobCount new_total; // NEW's full set, for comparison
};

struct DiffBundle {
    std::string name;
    std::string version;
    Digest bom_digest; // empty when diffing Bom values rather than documents
    bool delta = false;
};

struct BomDiff {
    DiffBundle old_bundle;
    DiffBundle new_bundle;
    ImageDiff images;
    ChartDiff charts;
    FileDiff manifests;
    FileDiff files;
    DeltaCost delta;

    // Added, removed and changed images, charts, manifests and files (retags
    // are not changes).
    std::size_t changes() const;
};

BomDiff diff_boms(const Bom& old_bom, const Bom& new_bom);
BomDiff diff_bom_documents(const BomDocument& old_doc, const BomDocument& new_doc);

// Parts of diff_boms, each on its own for tests.
ImageDiff diff_images(const std::vector<BomImage>& old_images,
                      const std::vector<BomImage>& new_images);
ChartDiff diff_charts(const std::vector<BomChart>& old_charts,
                      const std::vector<BomChart>& new_charts);
FileDiff diff_files(const std::vector<BomFile>& old_files, const std::vector<BomFile>& new_files);
DeltaCost delta_cost(const Bom& old_bom, const Bom& new_bom);

} // namespace airlock::builder
