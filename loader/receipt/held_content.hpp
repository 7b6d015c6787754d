#pragma once
// What a site's registry (or OCI layout) really holds, for `airlock-load
// receipt --registry`: read from the medium, not taken from the state. The
// walk knows nothing of the medium; each medium answers three questions
// through HeldContent (its roots, a manifest, whether a blob is there), the
// way a copy knows only Source and Destination.
#include "common/bundle/bom.hpp"
#include "common/oci/model.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

// A manifest or index to start from.
struct HeldRoot {
    std::string scope;      // registry: the repository; layout: empty
    std::string identifier; // a tag, or "sha256:<hex>"
};

// Read-only view of one medium. Contract: every call may contact only the
// endpoint the medium was opened for; a missing item is Error(not_found), a
// document that is not a manifest or index Error(integrity); other errors
// (network, auth) mean the medium cannot be read at all.
class HeldContent {
  public:
    virtual ~HeldContent() = default;
    // "registry://HOST/PREFIX" or "oci:/DIR", for the receipt and messages.
    virtual std::string describe() const = 0;
    // Every starting point: each tag of each repository, or index.json's entries.
    virtual std::vector<HeldRoot> roots() = 0;
    // The manifest under `identifier` in `scope`, at most max_manifest_bytes,
    // its digest computed over the bytes and its media type detected.
    virtual RawManifest manifest(const std::string& scope, const std::string& identifier) = 0;
    // The size of a blob `scope` holds (-1 when the medium does not say), or
    // nullopt when it is not there.
    virtual std::optional<std::int64_t> blob_size(const std::string& scope,
                                                  const Digest& digest) = 0;
};

struct HeldContentWalk {
    std::vector<BomBlob> blobs; // each digest once, in digest order
    std::size_t roots = 0;
    std::size_t manifests = 0;
    std::vector<std::string> skipped; // one line per root, manifest or blob left out, and why
};

// Index children are followed to this depth (an index of indexes of manifests is 3).
inline constexpr int max_held_index_depth = 4;

// Lists every manifest and index reachable from the roots (children by
// digest) and every config and layer they name that the medium holds with
// the size their descriptor says. What is absent, unreadable, of another
// size or not a manifest is left out, named in `skipped` and logged as a
// warning, never fatal: leaving something out of a receipt only makes the
// next delta larger. Errors other than not_found and integrity propagate.
HeldContentWalk walk_held_content(HeldContent& content);

} // namespace airlock::loader
