#pragma once
// A `docker save` archive (docker-archive). Two forms exist:
//   - docker ≥ 25 writes an OCI layout (oci-layout, index.json, blobs/) next
//     to manifest.json; when index.json lists manifests it is used as is, so
//     the digests are docker's own;
//   - older docker, podman and skopeo write only manifest.json
//     ([{Config, RepoTags, Layers}]), a config JSON and one tar per layer. For
//     this legacy form a Docker schema2 manifest is synthesised with a stable
//     byte layout, so the same archive always yields the same manifest digest.
// Images are selected by RepoTags (normalised with Reference::parse), by the
// digest of the (synthesised) manifest, or, unnamed, when there is only one.
// Blobs are read in place: the outer tar must be uncompressed.
#include "common/transport/source.hpp"

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace airlock {

class OciLayoutSource;
class TarIndex;

class DockerArchiveSource final : public Source {
  public:
    // Indexes the tar and builds the legacy manifests now (layer digests come
    // from the config's diff_ids when a layer is an uncompressed tar; other
    // layers are hashed once here). Throws Error(not_found) when the file does
    // not exist, Error(spec) when it is not a readable docker-archive.
    explicit DockerArchiveSource(const std::filesystem::path& tar);
    ~DockerArchiveSource() override;

    std::string describe() const override;
    RawManifest get_manifest(const Reference& ref) override;
    RawManifest get_manifest(const Reference& ref, const Digest& digest) override;
    std::unique_ptr<BlobReader> open_blob(const Reference& ref, const Descriptor& blob) override;
    bool concurrent_reads() const override { return true; }

  private:
    struct Image {
        std::vector<std::string> repo_tags;
        RawManifest manifest;
    };

    void load_legacy();
    Image legacy_image(const nlohmann::json& entry, size_t position);
    Descriptor legacy_layer(const std::string& name, const std::string& diff_id);

    std::filesystem::path path_;
    std::shared_ptr<const TarIndex> index_;
    std::unique_ptr<OciLayoutSource> oci_; // set for the docker ≥ 25 form
    std::vector<Image> images_;
    std::map<Digest, std::string> blobs_; // legacy form: blob digest -> archive entry
};

} // namespace airlock
