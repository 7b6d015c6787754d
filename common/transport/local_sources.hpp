#pragma once
// Opens a local image source from a skopeo-style transport reference:
//   oci:DIR[:REF]             an OCI layout directory
//   oci-archive:FILE[:REF]    a tar of an OCI layout
//   docker-archive:FILE[:REF] a `docker save` tar
// The path ends at the first ':' (as in skopeo), so it cannot contain one.
//
// REF becomes the Reference to ask the source for:
//   - absent: an unnamed Reference (the medium's only image);
//   - "@sha256:<hex>" or "name@sha256:<hex>": that digest;
//   - docker-archive: a docker reference ("nginx:1.27"), normalised;
//   - oci and oci-archive: a bare name ("1.0", "latest") stays a local name
//     (tag only, empty registry and repository) matched against
//     org.opencontainers.image.ref.name as written; anything else that
//     parses as a docker reference is normalised; what does not parse (OCI
//     ref names allow more than docker does) is kept verbatim as a local name.
#include "common/reference/reference.hpp"
#include "common/transport/source.hpp"

#include <memory>
#include <string_view>

namespace airlock {

struct LocalSource {
    std::unique_ptr<Source> source;
    Reference ref;
};

// Throws Error(usage) for an unknown transport, a missing path or a REF that
// docker-archive cannot parse; errors opening the medium pass through.
LocalSource open_local_source(std::string_view transport_ref);

// True when `transport_ref` starts with one of the prefixes above.
bool is_local_transport(std::string_view transport_ref);

} // namespace airlock
