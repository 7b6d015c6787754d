#include "common/layout/oci_layout_source.hpp"

#include "common/core/error.hpp"
#include "common/io/file_reader.hpp"
#include "common/layout/ref_name.hpp"
#include "common/oci/media_types.hpp"

#include <nlohmann/json.hpp>

namespace airlock {

namespace {

// index.json names every image of a bundle; far larger than any manifest is
// still suspicious, but it may legitimately exceed the 4 MiB manifest limit.
constexpr size_t max_source_index_bytes = 16 * max_manifest_bytes;

class DirectoryLayoutFiles final : public LayoutFiles {
  public:
    explicit DirectoryLayoutFiles(const std::filesystem::path& dir)
        : dir_(File::open_directory(dir)) {}

    std::string describe() const override { return "oci:" + dir_.path().string(); }

    FileSlice open(std::string_view relative) const override {
        auto file = std::make_shared<const File>(File::open_read_beneath(dir_, relative));
        std::uint64_t size = file->size();
        return FileSlice{std::move(file), 0, size};
    }

  private:
    File dir_;
};

} // namespace

std::unique_ptr<LayoutFiles> directory_layout_files(const std::filesystem::path& dir) {
    return std::make_unique<DirectoryLayoutFiles>(dir);
}

std::string layout_blob_path(const Digest& digest) {
    if (digest.empty()) {
        fail(ErrorCode::internal, "empty digest used as a layout blob name");
    }
    // Digest only holds validated lowercase hex, so this cannot leave blobs/sha256/.
    return "blobs/sha256/" + digest.hex();
}

OciLayoutSource::OciLayoutSource(const std::filesystem::path& dir)
    : OciLayoutSource(directory_layout_files(dir)) {}

OciLayoutSource::OciLayoutSource(std::unique_ptr<LayoutFiles> files) : files_(std::move(files)) {
    std::string where = files_->describe() + ": oci-layout";
    FileSlice slice;
    try {
        slice = files_->open("oci-layout");
    } catch (const Error& e) {
        if (e.code() == ErrorCode::not_found) {
            fail(ErrorCode::spec, files_->describe() + " is not an OCI layout: no oci-layout file");
        }
        throw;
    }
    auto j = nlohmann::json::parse(read_slice(slice, 4096, where), nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
        fail(ErrorCode::spec, where + " is not a JSON object");
    }
    auto version = j.find("imageLayoutVersion");
    if (version == j.end() || !version->is_string() || *version != "1.0.0") {
        fail(ErrorCode::spec, where + ": unsupported imageLayoutVersion (want \"1.0.0\")");
    }
}

std::string OciLayoutSource::describe() const {
    return files_->describe();
}

std::vector<Descriptor> OciLayoutSource::index_entries() const {
    std::string where = files_->describe() + ": index.json";
    FileSlice slice;
    try {
        slice = files_->open("index.json");
    } catch (const Error& e) {
        if (e.code() == ErrorCode::not_found) {
            fail(ErrorCode::spec, files_->describe() + " is not an OCI layout: no index.json");
        }
        throw;
    }
    return parse_image_index(read_slice(slice, max_source_index_bytes, where), where).manifests;
}

bool OciLayoutSource::has_manifests() const {
    return !index_entries().empty();
}

Descriptor OciLayoutSource::resolve(const Reference& ref) const {
    std::vector<Descriptor> entries = index_entries();
    if (ref.digest) {
        for (const Descriptor& d : entries) {
            if (d.digest == *ref.digest) {
                return d;
            }
        }
        // Not listed (a child of an index, say): the blob itself decides.
        Descriptor d;
        d.digest = *ref.digest;
        return d;
    }
    std::vector<NamedImage> named;
    named.reserve(entries.size());
    for (const Descriptor& d : entries) {
        NamedImage image{{}, d.digest};
        for (std::string_view key :
             {media::ref_name_annotation, media::containerd_name_annotation}) {
            if (auto it = d.annotations.find(std::string(key)); it != d.annotations.end()) {
                image.names.push_back(it->second);
            }
        }
        named.push_back(std::move(image));
    }
    return entries[select_image(named, ref, describe())];
}

RawManifest OciLayoutSource::read_manifest(const Digest& digest,
                                           const std::string& declared_type) const {
    std::string path = layout_blob_path(digest);
    std::string where = describe() + ": " + path;
    std::string bytes = read_slice(files_->open(path), max_manifest_bytes, where);
    RawManifest m;
    m.digest = Digest::of(bytes);
    // The name is the digest; a mismatch is a corrupt layout, and the hash is
    // computed for the result anyway.
    if (m.digest != digest) {
        fail(ErrorCode::integrity, where + " has digest " + m.digest.str());
    }
    m.media_type = detect_media_type(bytes, declared_type, where);
    m.bytes = std::move(bytes);
    return m;
}

RawManifest OciLayoutSource::get_manifest(const Reference& ref) {
    Descriptor d = resolve(ref);
    return read_manifest(d.digest, d.media_type);
}

RawManifest OciLayoutSource::get_manifest(const Reference& /*ref*/, const Digest& digest) {
    return read_manifest(digest, "");
}

std::unique_ptr<BlobReader> OciLayoutSource::open_blob(const Reference& /*ref*/,
                                                       const Descriptor& blob) {
    FileSlice slice = files_->open(layout_blob_path(blob.digest));
    return std::make_unique<FileReader>(std::move(slice.file), slice.offset, slice.size);
}

} // namespace airlock
