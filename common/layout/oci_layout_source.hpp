#pragma once
// An OCI image layout (image-spec "image-layout.md") as a Source: a directory
// holding "oci-layout", "index.json" and "blobs/sha256/<hex>". The same logic
// serves a layout inside an uncompressed tar (OciArchiveSource) through
// LayoutFiles.
//
// Which image a reference names:
//   - a reference with a digest: that blob, whether or not index.json lists it;
//   - a tag or name: the index.json entry whose org.opencontainers.image.ref.name
//     (or io.containerd.image.name) matches, see match_ref_name; a full match
//     beats a bare-tag match; two different images matching equally well is an
//     error, never a guess;
//   - an unnamed reference (no tag, no digest; "oci:DIR"): the only entry of
//     index.json, and an error when there are several. A named reference that
//     matches nothing is not_found even when the layout holds a single image:
//     serving a different image than the one asked for would be silent
//     substitution.
#include "common/layout/layout_files.hpp"
#include "common/transport/source.hpp"

#include <filesystem>
#include <memory>
#include <string>

namespace airlock {

class OciLayoutSource : public Source {
  public:
    // Checks "oci-layout" (imageLayoutVersion "1.0.0") now; index.json is read
    // on each lookup. Throws Error(not_found) when `dir` does not exist and
    // Error(spec) when it is not an OCI layout.
    explicit OciLayoutSource(const std::filesystem::path& dir);
    explicit OciLayoutSource(std::unique_ptr<LayoutFiles> files);

    std::string describe() const override;
    RawManifest get_manifest(const Reference& ref) override;
    RawManifest get_manifest(const Reference& ref, const Digest& digest) override;
    std::unique_ptr<BlobReader> open_blob(const Reference& ref, const Descriptor& blob) override;
    bool concurrent_reads() const override { return true; }

    // The index.json entry `ref` selects (rules above), without reading the manifest.
    Descriptor resolve(const Reference& ref) const;
    // True when the layout lists at least one manifest (docker-archive uses this
    // to decide between the OCI and the legacy form).
    bool has_manifests() const;

  private:
    RawManifest read_manifest(const Digest& digest, const std::string& declared_type) const;
    std::vector<Descriptor> index_entries() const;

    std::unique_ptr<LayoutFiles> files_;
};

// "blobs/sha256/<hex>" for a digest (rejects an empty digest: Error(internal)).
std::string layout_blob_path(const Digest& digest);

} // namespace airlock
