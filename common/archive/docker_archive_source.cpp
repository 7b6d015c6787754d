#include "common/archive/docker_archive_source.hpp"

#include "common/archive/tar_index.hpp"
#include "common/archive/tar_layout_files.hpp"
#include "common/core/error.hpp"
#include "common/io/file_reader.hpp"
#include "common/layout/oci_layout_source.hpp"
#include "common/layout/ref_name.hpp"
#include "common/oci/media_types.hpp"

#include <nlohmann/json.hpp>

namespace airlock {

namespace {

// Image configs carry the build history and can outgrow a manifest.
constexpr size_t max_config_bytes = 4 * max_manifest_bytes;

// media_types.hpp names only the gzip docker layer; the legacy archive keeps
// layers as docker stored them, usually uncompressed.
constexpr std::string_view docker_layer_tar = "application/vnd.docker.image.rootfs.diff.tar";
constexpr std::string_view docker_layer_zstd = "application/vnd.docker.image.rootfs.diff.tar.zstd";

enum class Compression { none, gzip, zstd };

Compression sniff(const FileSlice& slice) {
    unsigned char magic[4] = {};
    if (slice.size < sizeof magic) {
        return Compression::none;
    }
    slice.file->read_exact_at(std::as_writable_bytes(std::span(magic)), slice.offset);
    if (magic[0] == 0x1f && magic[1] == 0x8b) {
        return Compression::gzip;
    }
    if (magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd) {
        return Compression::zstd;
    }
    return Compression::none;
}

Digest hash_slice(const FileSlice& slice) {
    FileReader reader(slice.file, slice.offset, slice.size);
    Sha256 hash;
    std::vector<std::byte> buf(FileReader::buffer_size);
    for (;;) {
        size_t n = reader.read(buf);
        if (n == 0) {
            return hash.finish();
        }
        hash.update(std::span(buf.data(), n));
    }
}

} // namespace

DockerArchiveSource::DockerArchiveSource(const std::filesystem::path& tar)
    : path_(tar), index_(std::make_shared<const TarIndex>(tar)) {
    if (index_->find("oci-layout") && index_->find("index.json")) {
        auto oci = std::make_unique<OciLayoutSource>(tar_layout_files(index_, "", describe()));
        if (oci->has_manifests()) {
            oci_ = std::move(oci);
            return;
        }
    }
    load_legacy();
}

DockerArchiveSource::~DockerArchiveSource() = default;

std::string DockerArchiveSource::describe() const {
    return "docker-archive:" + path_.string();
}

void DockerArchiveSource::load_legacy() {
    if (!index_->find("manifest.json")) {
        fail(ErrorCode::spec, describe() + " is not a docker-archive: no manifest.json");
    }
    std::string where = describe() + ": manifest.json";
    auto j = nlohmann::json::parse(
        read_slice(index_->open("manifest.json"), max_manifest_bytes, where), nullptr, false);
    if (j.is_discarded() || !j.is_array()) {
        fail(ErrorCode::spec, where + " is not a JSON array");
    }
    for (size_t i = 0; i < j.size(); ++i) {
        images_.push_back(legacy_image(j[i], i));
    }
}

DockerArchiveSource::Image DockerArchiveSource::legacy_image(const nlohmann::json& entry,
                                                             size_t position) {
    std::string where = describe() + ": manifest.json entry " + std::to_string(position);
    auto config_name = entry.is_object() ? entry.find("Config") : entry.end();
    auto layers = entry.is_object() ? entry.find("Layers") : entry.end();
    if (!entry.is_object() || config_name == entry.end() || !config_name->is_string() ||
        layers == entry.end() || !layers->is_array()) {
        fail(ErrorCode::spec, where + " lacks Config or Layers");
    }
    Image image;
    if (auto tags = entry.find("RepoTags"); tags != entry.end() && tags->is_array()) {
        for (const auto& tag : *tags) {
            if (tag.is_string()) {
                image.repo_tags.push_back(tag.get<std::string>());
            }
        }
    }

    std::string config_entry = config_name->get<std::string>();
    if (!index_->find(config_entry)) {
        fail(ErrorCode::spec, where + " names config '" + config_entry + "', which is missing");
    }
    FileSlice config_slice = index_->open(config_entry);
    std::string config =
        read_slice(config_slice, max_config_bytes, describe() + ": " + config_entry);
    Digest config_digest = Digest::of(config);
    std::vector<std::string> diff_ids;
    auto config_json = nlohmann::json::parse(config, nullptr, false);
    if (config_json.is_discarded() || !config_json.is_object()) {
        fail(ErrorCode::spec, describe() + ": config '" + config_entry + "' is not a JSON object");
    }
    if (auto rootfs = config_json.find("rootfs");
        rootfs != config_json.end() && rootfs->is_object()) {
        if (auto ids = rootfs->find("diff_ids"); ids != rootfs->end() && ids->is_array()) {
            for (const auto& id : *ids) {
                diff_ids.push_back(id.is_string() ? id.get<std::string>() : std::string());
            }
        }
    }
    if (diff_ids.size() != layers->size()) {
        diff_ids.assign(layers->size(), std::string()); // unusable: hash the layers instead
    }
    blobs_.emplace(config_digest, config_entry);

    // ordered_json keeps docker's own key order; the dump is compact, so the
    // bytes, and the digest, depend only on the archive's content.
    nlohmann::ordered_json manifest;
    manifest["schemaVersion"] = 2;
    manifest["mediaType"] = media::docker_manifest;
    manifest["config"] = {{"mediaType", media::docker_config},
                          {"size", config.size()},
                          {"digest", config_digest.str()}};
    manifest["layers"] = nlohmann::ordered_json::array();
    for (size_t i = 0; i < layers->size(); ++i) {
        if (!(*layers)[i].is_string()) {
            fail(ErrorCode::spec, where + ": layer " + std::to_string(i) + " is not a string");
        }
        Descriptor layer = legacy_layer((*layers)[i].get<std::string>(), diff_ids[i]);
        manifest["layers"].push_back({{"mediaType", layer.media_type},
                                      {"size", layer.size},
                                      {"digest", layer.digest.str()}});
    }
    image.manifest.bytes = manifest.dump();
    image.manifest.media_type = media::docker_manifest;
    image.manifest.digest = Digest::of(image.manifest.bytes);
    return image;
}

Descriptor DockerArchiveSource::legacy_layer(const std::string& name, const std::string& diff_id) {
    if (!index_->find(name)) {
        fail(ErrorCode::spec,
             describe() + ": manifest.json names layer '" + name + "', which is missing");
    }
    FileSlice slice = index_->open(name);
    Descriptor d;
    d.size = static_cast<std::int64_t>(slice.size);
    Compression compression = sniff(slice);
    d.media_type = compression == Compression::gzip   ? std::string(media::docker_layer)
                   : compression == Compression::zstd ? std::string(docker_layer_zstd)
                                                      : std::string(docker_layer_tar);
    // An uncompressed layer's digest is its diff_id, already in the config:
    // trusting it spares a full read here, and is safe because the copy
    // pipeline checks every blob against its digest while streaming.
    if (compression == Compression::none && !diff_id.empty()) {
        try {
            d.digest = Digest::parse(diff_id);
        } catch (const Error&) {
            d.digest = hash_slice(slice);
        }
    } else {
        d.digest = hash_slice(slice);
    }
    blobs_.emplace(d.digest, name);
    return d;
}

RawManifest DockerArchiveSource::get_manifest(const Reference& ref) {
    if (oci_) {
        return oci_->get_manifest(ref);
    }
    if (ref.digest) {
        return get_manifest(ref, *ref.digest);
    }
    std::vector<NamedImage> named;
    named.reserve(images_.size());
    for (const Image& image : images_) {
        named.push_back(NamedImage{image.repo_tags, image.manifest.digest});
    }
    return images_[select_image(named, ref, describe())].manifest;
}

RawManifest DockerArchiveSource::get_manifest(const Reference& ref, const Digest& digest) {
    if (oci_) {
        return oci_->get_manifest(ref, digest);
    }
    for (const Image& image : images_) {
        if (image.manifest.digest == digest) {
            return image.manifest;
        }
    }
    fail(ErrorCode::not_found, describe() + " has no manifest " + digest.str());
}

std::unique_ptr<BlobReader> DockerArchiveSource::open_blob(const Reference& ref,
                                                           const Descriptor& blob) {
    if (oci_) {
        return oci_->open_blob(ref, blob);
    }
    auto it = blobs_.find(blob.digest);
    if (it == blobs_.end()) {
        fail(ErrorCode::not_found, describe() + " has no blob " + blob.digest.str());
    }
    FileSlice slice = index_->open(it->second);
    return std::make_unique<FileReader>(std::move(slice.file), slice.offset, slice.size);
}

} // namespace airlock
