#include "common/layout/oci_layout_destination.hpp"

#include "common/bundle/offsets.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/io/temp_file.hpp"
#include "common/oci/media_types.hpp"

#include <sys/stat.h>

#include <nlohmann/json.hpp>

namespace airlock {

namespace {

// Verified bytes land in a temporary file next to their final name; the
// rename in commit() is what makes them visible.
class LayoutBlobSink final : public BlobSink {
  public:
    LayoutBlobSink(const std::filesystem::path& dir, std::filesystem::path target)
        : temp_(dir), target_(std::move(target)) {}
    void write(std::span<const std::byte> data) override { temp_.write(data); }
    void commit() override { temp_.commit(target_); }

  private:
    TempFile temp_;
    std::filesystem::path target_;
};

void make_dirs(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
        fail(ErrorCode::io, "cannot create directory " + dir.string() + ": " + ec.message());
    }
}

// An existing oci-layout must be one we can add to; a foreign folder is
// refused. Returns true when the layout already exists. Reads only.
bool check_layout(const std::filesystem::path& dir) {
    std::filesystem::path marker = dir / "oci-layout";
    std::error_code ec;
    if (std::filesystem::exists(marker, ec)) {
        auto j = nlohmann::json::parse(read_file(marker, 4096), nullptr, false);
        if (j.is_discarded() || !j.is_object() || j.value("imageLayoutVersion", "") != "1.0.0") {
            fail(ErrorCode::spec, marker.string() + ": not an OCI layout of version 1.0.0");
        }
        return true;
    }
    if (std::filesystem::exists(dir, ec) &&
        (!std::filesystem::is_directory(dir, ec) || !std::filesystem::is_empty(dir, ec))) {
        fail(ErrorCode::usage, "oci:" + dir.string() +
                                   " exists and is not an empty directory or an OCI layout; "
                                   "refusing to write a layout into it");
    }
    return false;
}

std::string ref_name_of(const nlohmann::json& entry) {
    if (!entry.is_object() || !entry.contains("annotations") || !entry["annotations"].is_object()) {
        return {};
    }
    const nlohmann::json& a = entry["annotations"];
    auto it = a.find(std::string(media::ref_name_annotation));
    return it != a.end() && it->is_string() ? it->get<std::string>() : std::string();
}

} // namespace

nlohmann::json read_layout_index(const std::filesystem::path& path) {
    // index.json of a layout that many bundles were loaded into stays far below this.
    constexpr size_t max_index_bytes = 64 * 1024 * 1024;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        return {{"schemaVersion", 2},
                {"mediaType", media::oci_index},
                {"manifests", nlohmann::json::array()}};
    }
    auto j = nlohmann::json::parse(read_file(path, max_index_bytes), nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("manifests") ||
        !j["manifests"].is_array()) {
        fail(ErrorCode::spec, path.string() + ": not an OCI image index; refusing to rewrite it");
    }
    return j;
}

OciLayoutDestination::OciLayoutDestination(std::filesystem::path dir)
    : dir_(std::move(dir)), blobs_dir_(dir_ / "blobs" / "sha256") {
    check_layout(dir_);
}

void OciLayoutDestination::create_layout() {
    std::call_once(created_, [this] {
        bool existed = check_layout(dir_);
        make_dirs(blobs_dir_);
        if (!existed) {
            write_file_atomic(dir_ / "oci-layout", oci_layout_bytes);
        }
    });
}

std::string OciLayoutDestination::describe() const {
    return "oci:" + dir_.string();
}

Placement OciLayoutDestination::place(const std::string& canonical_ref) const {
    return Placement{"", canonical_ref};
}

std::filesystem::path OciLayoutDestination::blob_path(const Digest& digest) const {
    if (digest.empty()) {
        fail(ErrorCode::internal, "empty digest used as a layout blob name");
    }
    // Digest holds validated lowercase hex only, so this stays inside blobs/sha256.
    return blobs_dir_ / digest.hex();
}

Placement OciLayoutDestination::place_artifact(const std::string& path,
                                               const std::string& tag) const {
    return Placement{"", path + ":" + tag};
}

bool OciLayoutDestination::has_blob(const std::string& /*repo*/, const Descriptor& blob) {
    // lstat: a symbolic link is not a blob we wrote; rewriting it replaces the link.
    struct stat st {};
    if (::lstat(blob_path(blob.digest).c_str(), &st) != 0) {
        return false;
    }
    return S_ISREG(st.st_mode) && st.st_size == blob.size;
}

std::unique_ptr<BlobSink> OciLayoutDestination::blob_sink(const std::string& /*repo*/,
                                                          const Descriptor& blob) {
    create_layout();
    return std::make_unique<LayoutBlobSink>(blobs_dir_, blob_path(blob.digest));
}

std::optional<RawManifest> OciLayoutDestination::get_tagged(const std::string& /*repo*/,
                                                            const std::string& name) {
    if (name.starts_with("sha256:") && is_sha256_hex(std::string_view(name).substr(7))) {
        return by_digest(Digest::parse(name));
    }
    std::optional<Descriptor> found;
    {
        std::lock_guard lock(mu_);
        if (auto it = pending_.find(name); it != pending_.end()) {
            found = it->second;
        }
    }
    if (!found) {
        const nlohmann::json index = read_layout_index(dir_ / "index.json");
        for (const nlohmann::json& entry : index["manifests"]) {
            if (ref_name_of(entry) == name) {
                found = Descriptor::from_json(entry, (dir_ / "index.json").string());
            }
        }
    }
    if (!found || found->size > static_cast<std::int64_t>(max_manifest_bytes)) {
        return std::nullopt;
    }
    RawManifest m;
    m.bytes = read_file(blob_path(found->digest), max_manifest_bytes);
    if (Digest::of(m.bytes) != found->digest) {
        fail(ErrorCode::integrity, "manifest " + name + " of " + describe() +
                                       " does not match its digest " + found->digest.str());
    }
    m.digest = found->digest;
    m.media_type = found->media_type;
    return m;
}

std::optional<RawManifest> OciLayoutDestination::by_digest(const Digest& digest) {
    struct stat st {};
    if (::lstat(blob_path(digest).c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
        st.st_size > static_cast<off_t>(max_manifest_bytes)) {
        return std::nullopt;
    }
    RawManifest m;
    m.bytes = read_file(blob_path(digest), max_manifest_bytes);
    m.digest = Digest::of(m.bytes);
    if (m.digest != digest) {
        fail(ErrorCode::integrity,
             "blob " + digest.str() + " of " + describe() + " does not match its digest");
    }
    try {
        m.media_type = detect_media_type(m.bytes, "", describe() + " blob " + digest.str());
    } catch (const Error&) {
        return std::nullopt; // a blob, not a manifest: the digest names no manifest
    }
    return m;
}

bool OciLayoutDestination::has_tag(const std::string& repo, const std::string& name,
                                   const Descriptor& manifest) {
    std::optional<RawManifest> now = get_tagged(repo, name);
    return now && now->digest == manifest.digest;
}

std::vector<std::string> OciLayoutDestination::names(const std::string& /*repo*/) {
    std::vector<std::string> out;
    std::lock_guard lock(mu_);
    const nlohmann::json index = read_layout_index(dir_ / "index.json");
    for (const nlohmann::json& entry : index["manifests"]) {
        if (std::string name = ref_name_of(entry); !name.empty() && !pending_.count(name)) {
            out.push_back(std::move(name));
        }
    }
    for (const auto& entry : pending_) {
        out.push_back(entry.first);
    }
    return out;
}

bool OciLayoutDestination::delete_manifest(const std::string& /*repo*/, const Digest& digest) {
    std::lock_guard lock(mu_);
    std::filesystem::path path = dir_ / "index.json";
    std::error_code ec;
    struct stat st {};
    const bool held = ::lstat(blob_path(digest).c_str(), &st) == 0 && S_ISREG(st.st_mode);
    if (!std::filesystem::exists(path, ec)) {
        return held;
    }
    nlohmann::json index = read_layout_index(path);
    nlohmann::json kept = nlohmann::json::array();
    bool named = false;
    for (const nlohmann::json& entry : index["manifests"]) {
        if (entry.is_object() && entry.value("digest", "") == digest.str()) {
            named = true;
        } else {
            kept.push_back(entry);
        }
    }
    for (auto it = pending_.begin(); it != pending_.end();) {
        it = it->second.digest == digest ? pending_.erase(it) : std::next(it);
    }
    if (named) {
        index["manifests"] = std::move(kept);
        write_file_atomic(path, index.dump() + "\n");
    }
    return held || named;
}

std::optional<RawManifest> OciLayoutDestination::read_manifest(const std::string& repo,
                                                               const Descriptor& manifest) {
    if (!has_blob(repo, manifest) ||
        manifest.size > static_cast<std::int64_t>(max_manifest_bytes)) {
        return std::nullopt;
    }
    RawManifest m;
    m.bytes = read_file(blob_path(manifest.digest), max_manifest_bytes);
    m.digest = Digest::of(m.bytes);
    m.media_type = manifest.media_type;
    check_read_back(m, manifest, describe());
    return m;
}

void OciLayoutDestination::put_manifest(const std::string& repo, const RawManifest& manifest) {
    Descriptor d{manifest.media_type,
                 manifest.digest,
                 static_cast<std::int64_t>(manifest.bytes.size()),
                 {},
                 {},
                 {}};
    if (has_blob(repo, d)) {
        return;
    }
    create_layout();
    write_file_atomic(blob_path(manifest.digest), manifest.bytes);
}

void OciLayoutDestination::tag(const std::string& /*repo*/, const std::string& name,
                               const RawManifest& manifest) {
    Descriptor d{manifest.media_type,
                 manifest.digest,
                 static_cast<std::int64_t>(manifest.bytes.size()),
                 {},
                 {},
                 {}};
    d.annotations[std::string(media::ref_name_annotation)] = name;
    std::lock_guard lock(mu_);
    pending_[name] = std::move(d);
}

void OciLayoutDestination::commit() {
    create_layout();
    std::lock_guard lock(mu_);
    std::filesystem::path path = dir_ / "index.json";
    std::error_code ec;
    if (pending_.empty() && std::filesystem::exists(path, ec)) {
        return;
    }
    nlohmann::json index = read_layout_index(path);
    nlohmann::json kept = nlohmann::json::array();
    for (const nlohmann::json& entry : index["manifests"]) {
        // A name points at one image: the new entry replaces the old one.
        if (pending_.count(ref_name_of(entry)) == 0) {
            kept.push_back(entry);
        }
    }
    for (const auto& [name, d] : pending_) {
        kept.push_back(d.to_json());
    }
    index["manifests"] = std::move(kept);
    write_file_atomic(path, index.dump() + "\n");
    pending_.clear();
}

} // namespace airlock
