#include "loader/serve/naming_destination.hpp"

#include "common/core/error.hpp"
#include "common/reference/reference.hpp"
#include "common/registry/registry_destination.hpp"

namespace airlock::loader {

namespace {

[[noreturn]] void names_only(const std::string& what) {
    fail(ErrorCode::internal, "the naming-only destination of serve cannot " + what);
}

} // namespace

std::string NamingDestination::describe() const {
    return "names of registry://<served>" + (naming_.prefix.empty() ? "" : "/" + naming_.prefix);
}

Placement NamingDestination::place(const std::string& canonical_ref) const {
    return registry_placement(naming_.prefix, naming_.keep_host, canonical_ref);
}

Placement NamingDestination::place_artifact(const std::string& path, const std::string& tag) const {
    return registry_artifact_placement(naming_.prefix, path, tag);
}

NamingDestination::NamingDestination(ServeNaming naming,
                                     const std::vector<const VerifiedBundle*>& bases)
    : naming_(std::move(naming)) {
    for (const VerifiedBundle* b : bases) {
        const auto& blobs = b->bom().blobs;
        for (std::size_t i = 0; i < blobs.size(); ++i) {
            base_blobs_.try_emplace(blobs[i].digest, b, i);
        }
    }
}

std::optional<std::pair<const VerifiedBundle*, std::size_t>>
NamingDestination::find_in_bases(const Digest& digest, std::int64_t size) const {
    auto it = base_blobs_.find(digest);
    if (it == base_blobs_.end() || it->second.first->bom().blobs[it->second.second].size != size) {
        return std::nullopt;
    }
    return it->second;
}

bool NamingDestination::has_blob(const std::string&, const Descriptor& blob) {
    return find_in_bases(blob.digest, blob.size).has_value();
}

std::optional<RawManifest> NamingDestination::read_manifest(const std::string&,
                                                            const Descriptor& manifest) {
    auto found = find_in_bases(manifest.digest, manifest.size);
    if (!found) {
        return std::nullopt;
    }
    const auto& [bundle, index] = *found;
    const BundleEntry& e = bundle->offsets().entries.at(BundleOffsets::first_blob_index + index);
    RawManifest m{bundle->files().read_string(e.data_offset, e.size), {}, {}};
    check_read_back(m, manifest, "base bundle " + bundle->files().volumes().front().string());
    return m;
}

std::unique_ptr<BlobSink> NamingDestination::blob_sink(const std::string&, const Descriptor&) {
    names_only("store blobs");
}

void NamingDestination::put_manifest(const std::string&, const RawManifest&) {
    names_only("store manifests");
}

void NamingDestination::tag(const std::string&, const std::string&, const RawManifest&) {
    names_only("tag");
}

void NamingDestination::commit() {
    names_only("commit");
}

} // namespace airlock::loader
