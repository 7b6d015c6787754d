#pragma once
// A bundle's files (spec `files:`, and the manifests and chart values files it
// carries) become one OCI artifact in the target, so
// that `oras pull HOST/PREFIX/airlock/<bundle>/files:<version>` gets them
// back under their names: an image manifest with artifactType
// application/vnd.airlock.bundle.files.v1, the empty config, and one layer per
// file titled with its path. The manifest is made from the verified BOM alone,
// so the same bundle always yields the same digest.
#include "common/bundle/bom.hpp"
#include "common/oci/model.hpp"

#include <string>
#include <vector>

namespace airlock::loader {

inline constexpr std::string_view files_artifact_type = "application/vnd.airlock.bundle.files.v1";
// The bundle's own SBOMs travel the same way, as airlock/<bundle>/sbom:<version>.
inline constexpr std::string_view sbom_artifact_type = "application/vnd.airlock.bundle.sbom.v1";

// What the artifact holds: the files, then the manifests, then each chart's
// values files, in BOM order.
std::vector<BomFile> artifact_files(const Bom& bom);
// "airlock/<bundle name>/files", the name made safe for a repository path.
std::string files_artifact_path(const Bom& bom);
// The bundle version as a tag ('+' is not allowed in tags: it becomes '_').
std::string files_artifact_tag(const Bom& bom);
RawManifest files_artifact_manifest(const Bom& bom);
// "airlock/<bundle name>/sbom"; the tag is files_artifact_tag's.
std::string sbom_artifact_path(const Bom& bom);
// One layer per SBOM of bom.sboms, titled with its name.
RawManifest sbom_artifact_manifest(const Bom& bom);

// OCI's empty JSON object, the config of artifacts that have none.
struct InlineBlob {
    Descriptor descriptor;
    std::string bytes;
};
InlineBlob empty_config();

} // namespace airlock::loader
