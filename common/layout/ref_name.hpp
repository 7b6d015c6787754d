#pragma once
// Matching a requested Reference against the names a local medium gives its
// images: OCI layouts annotate index.json entries with
// org.opencontainers.image.ref.name (skopeo writes a bare tag "1.0" or
// whatever the user typed; containerd and docker ≥ 25 also write
// io.containerd.image.name with the full reference), docker-archive lists
// RepoTags ("nginx:1.27").
#include "common/reference/reference.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace airlock {

// How well a stored name matches a request; higher is better, so a full
// reference beats a bare tag that happens to be equal.
enum class NameMatch { none = 0, tag_only = 1, full = 2 };

// A Reference with no registry and repository is a local name ("oci:DIR:NAME"
// where NAME is not a full reference): it matches a stored name equal to it
// (full) or a full stored reference with that tag (tag_only). Otherwise the
// stored name matches when it parses to the same registry/repository:tag
// (full), or when it is a bare tag equal to the reference's tag (tag_only).
NameMatch match_ref_name(std::string_view stored, const Reference& wanted);

// True when the reference asks for nothing in particular (no tag, no digest):
// a medium holding exactly one image then serves that one.
inline bool is_unnamed(const Reference& ref) {
    return ref.tag.empty() && !ref.digest;
}

// An image a medium offers, under the names it gives it.
struct NamedImage {
    std::vector<std::string> names;
    Digest digest;
};

// The position in `images` of the image that a tag or name reference (or an
// unnamed one) selects: the best match wins; two different digests matching
// equally well is Error(usage) (ambiguous); no match is Error(not_found), also
// when there is a single image; an unnamed reference takes the only image and
// is Error(usage) when there are several. `where` names the medium.
size_t select_image(const std::vector<NamedImage>& images, const Reference& ref,
                    const std::string& where);

// For messages: the reference as the user would recognise it.
std::string display_name(const Reference& ref);

} // namespace airlock
