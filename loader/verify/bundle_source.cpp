#include "loader/verify/bundle_source.hpp"

#include "common/core/error.hpp"

namespace airlock::loader {

BundleSource::BundleSource(const VerifiedBundle& bundle) : bundle_(bundle) {
    const auto& blobs = bundle_.bom().blobs;
    for (size_t i = 0; i < blobs.size(); ++i) {
        index_of_.emplace(blobs[i].digest, i);
    }
}

std::string BundleSource::describe() const {
    return "bundle:" + bundle_.files().volumes().front().string();
}

const BomBlob* BundleSource::find_blob(const Digest& digest) const {
    auto it = index_of_.find(digest);
    return it == index_of_.end() ? nullptr : &bundle_.bom().blobs[it->second];
}

size_t BundleSource::carried(const Digest& digest, const std::string& what) const {
    auto it = index_of_.find(digest);
    if (it == index_of_.end()) {
        fail(ErrorCode::not_found, describe() + " does not carry " + what + " " + digest.str());
    }
    return it->second;
}

RawManifest BundleSource::read_manifest(const Digest& digest,
                                        const std::string& declared_type) const {
    size_t i = carried(digest, "manifest");
    const BomBlob& b = bundle_.bom().blobs[i];
    std::string where = "manifest " + digest.str() + " (" + describe() + ")";
    if (b.size > static_cast<std::int64_t>(max_manifest_bytes)) {
        fail(ErrorCode::malformed, where + " is larger than a manifest may be");
    }
    auto reader = bundle_.open_blob(i);
    std::string bytes = read_all(*reader, max_manifest_bytes, where);
    RawManifest m;
    // The digest is computed for the result anyway: comparing it here costs nothing.
    m.digest = Digest::of(bytes);
    if (m.digest != digest) {
        fail(ErrorCode::integrity,
             where + ": digest mismatch: expected " + digest.str() + ", got " + m.digest.str());
    }
    m.media_type =
        detect_media_type(bytes, declared_type.empty() ? b.media_type : declared_type, where);
    m.bytes = std::move(bytes);
    return m;
}

RawManifest BundleSource::get_manifest(const Reference& ref) {
    if (ref.digest) {
        return read_manifest(*ref.digest, "");
    }
    for (const BomImage& img : bundle_.bom().images) {
        Reference named = Reference::parse(img.ref);
        if (named.registry == ref.registry && named.repository == ref.repository &&
            named.tag == ref.tag) {
            return read_manifest(img.digest, img.media_type);
        }
    }
    for (const BomChart& chart : bundle_.bom().charts) {
        if (ref.registry.empty() && chart.repository == ref.repository && chart.tag == ref.tag) {
            return read_manifest(chart.digest, chart.media_type);
        }
    }
    fail(ErrorCode::not_found, describe() + " holds no image " + ref.str());
}

RawManifest BundleSource::get_manifest(const Reference& /*ref*/, const Digest& digest) {
    return read_manifest(digest, "");
}

std::unique_ptr<BlobReader> BundleSource::open_blob(const Reference& /*ref*/,
                                                    const Descriptor& blob) {
    size_t i = carried(blob.digest, "blob");
    const BomBlob& b = bundle_.bom().blobs[i];
    if (b.size != blob.size) {
        fail(ErrorCode::integrity, "blob " + blob.digest.str() + ": " + std::to_string(blob.size) +
                                       " bytes asked for, the bundle carries " +
                                       std::to_string(b.size));
    }
    return bundle_.open_blob(i);
}

} // namespace airlock::loader
