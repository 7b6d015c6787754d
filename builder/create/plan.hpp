#pragma once
// What a build will write, decided before any layer is fetched: every blob with
// its descriptor and where its bytes come from, and the BOM describing it all.
#include "common/bundle/bom.hpp"
#include "common/oci/model.hpp"
#include "common/reference/reference.hpp"
#include "common/transport/source.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace airlock::builder {

// Where one blob's bytes come from. Exactly one of: in-memory bytes (manifests,
// configs, rewritten indexes, all fetched and verified while resolving), a local
// file (spec `files`), or a source to fetch from.
struct BlobOrigin {
    std::optional<std::string> bytes;
    std::filesystem::path file;
    std::shared_ptr<Source> source;
    Reference fetch_ref; // repository to fetch from, when source is set
};

struct PlannedBlob {
    Descriptor descriptor;
    BlobOrigin origin;
    std::string what; // for messages: "layer sha256:... of docker.io/library/nginx:1.27"
};

struct ResolvedImage {
    BomImage bom;
    std::string top_bytes; // the manifest or index the bundle's index.json points at
    std::vector<PlannedBlob> blobs;
};

} // namespace airlock::builder
