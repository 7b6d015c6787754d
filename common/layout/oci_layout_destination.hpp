#pragma once
// An OCI image layout directory as a Destination: "oci-layout",
// "blobs/sha256/<hex>" and "index.json", readable by skopeo's oci: transport.
//
// - Blobs and manifests are written to a temporary file in blobs/sha256 and
//   renamed into place only once verified; a blob already present (a regular
//   file of the right size) is not rewritten.
// - Names live only in index.json: each tag() becomes an entry annotated with
//   org.opencontainers.image.ref.name. index.json is rewritten atomically at
//   commit(), so no image is findable by name before commit. Entries of other
//   names already in index.json are kept as they are; an entry of the same
//   name is replaced.
// - Repositories do not exist in a layout: every repo argument is ignored and
//   all images share one blob store.
#include "common/transport/destination.hpp"

#include <filesystem>
#include <map>
#include <mutex>

#include <nlohmann/json_fwd.hpp>

namespace airlock {

// The index.json at `path` of a layout being written: an empty index when
// there is none yet, Error(spec) naming it when it is not an image index.
nlohmann::json read_layout_index(const std::filesystem::path& path);

class OciLayoutDestination final : public Destination {
  public:
    // Writes nothing yet: `dir` and its oci-layout file are created by the
    // first write, so a load refused by verification leaves no trace. Refuses
    // now (Error(usage)) an existing non-empty directory that is not an OCI
    // layout, so a typo cannot scatter blobs into an unrelated folder.
    explicit OciLayoutDestination(std::filesystem::path dir);

    std::string describe() const override;
    // repo "", name = the canonical reference as the bundle names it.
    Placement place(const std::string& canonical_ref) const override;
    Placement place_artifact(const std::string& path, const std::string& tag) const override;
    bool has_blob(const std::string& repo, const Descriptor& blob) override;
    std::unique_ptr<BlobSink> blob_sink(const std::string& repo, const Descriptor& blob) override;
    // Names tagged by this load first, then those in index.json; a name that
    // is a digest ("sha256:<hex>") reads that blob, named or not.
    std::optional<RawManifest> get_tagged(const std::string& repo,
                                          const std::string& name) override;
    bool has_tag(const std::string& repo, const std::string& name,
                 const Descriptor& manifest) override;
    // Every org.opencontainers.image.ref.name of index.json and of this load.
    std::vector<std::string> names(const std::string& repo) override;
    // Drops the index.json entries naming `digest` (rewritten atomically).
    // Blobs, the manifest's own included, stay: which of them nothing else
    // references is for layout_garbage.hpp to work out. True when the layout
    // holds the manifest or named it.
    bool delete_manifest(const std::string& repo, const Digest& digest) override;
    std::optional<RawManifest> read_manifest(const std::string& repo,
                                             const Descriptor& manifest) override;
    void put_manifest(const std::string& repo, const RawManifest& manifest) override;
    void tag(const std::string& repo, const std::string& name,
             const RawManifest& manifest) override;
    void commit() override;
    bool concurrent_puts() const override { return true; }

  private:
    std::filesystem::path blob_path(const Digest& digest) const;
    std::optional<RawManifest> by_digest(const Digest& digest);
    void create_layout();

    std::filesystem::path dir_;
    std::filesystem::path blobs_dir_;
    std::once_flag created_;
    std::mutex mu_;
    std::map<std::string, Descriptor> pending_; // ref name -> manifest, published at commit
};

} // namespace airlock
