#pragma once
// Where images come from. A Source is one medium (a registry, an OCI layout
// directory, a docker-archive or oci-archive tar, a verified bundle: see
// loader/verify/bundle_source.hpp, kept beside verification so that only a
// verified bundle can be one). Everything a source returns is untrusted: the
// copy pipeline (common/copy) checks digests and sizes.
#include "common/oci/model.hpp"
#include "common/reference/reference.hpp"
#include "common/transport/blob_reader.hpp"

#include <memory>
#include <optional>
#include <string>

namespace airlock {

class Source {
  public:
    virtual ~Source() = default;

    // Human-readable location for messages ("registry 127.0.0.1:5000", "oci:/path").
    virtual std::string describe() const = 0;

    // Fetches the manifest or index that `ref` names (its tag, or its digest when
    // it has one). The returned digest is computed over the bytes received; when
    // the reference carries a digest the caller must compare (the pipeline does).
    // Throws Error(not_found) when the reference does not exist.
    virtual RawManifest get_manifest(const Reference& ref) = 0;

    // Fetches a manifest of `ref`'s repository by digest (children of an index).
    virtual RawManifest get_manifest(const Reference& ref, const Digest& digest) = 0;

    // Opens a blob of `ref`'s repository. The reader yields exactly the bytes the
    // source has; it is not verified here.
    virtual std::unique_ptr<BlobReader> open_blob(const Reference& ref, const Descriptor& blob) = 0;

    // The referrers of `subject` in `ref`'s repository, as the image index
    // the OCI distribution 1.1 referrers API answers (untrusted bytes), or
    // nullopt when the medium cannot list them; callers then read the
    // referrers tag schema ("sha256-<hex>") through get_manifest().
    virtual std::optional<std::string> referrers(const Reference& /*ref*/,
                                                 const Digest& /*subject*/) {
        return std::nullopt;
    }

    // True when open_blob may be called from several threads at once.
    virtual bool concurrent_reads() const { return false; }
};

} // namespace airlock
