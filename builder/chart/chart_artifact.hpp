#pragma once
// The OCI artifact `helm push` makes of a packaged chart. We match Helm 3.13
// and later 3.x (the oras-go v2 pusher: pkg/registry/client.go Push and
// tagManifest, pkg/registry/chart.go generateOCIAnnotations, and
// pkg/chart.Metadata for the config). Helm 4 sources build the same
// documents, except that they escape non-ASCII characters in Chart.yaml
// annotation values and know a dependency's export-values; we do not.
// - config: json.Marshal(chart.Metadata), media type
//   application/vnd.cncf.helm.config.v1+json;
// - one layer, the archive as is, application/vnd.cncf.helm.chart.content.v1.tar+gzip;
// - manifest: json.Marshal(ocispec.Manifest{schemaVersion 2, config, layers,
//   annotations}). Helm sets no "mediaType" field in the manifest body; the
//   type travels as the Content-Type (application/vnd.oci.image.manifest.v1+json);
// - annotations: org.opencontainers.image.description, .title (name),
//   .version, .url (home), .created, .source (first source), .authors
//   ("name (email), ..."), each only when not blank; then every Chart.yaml
//   annotation except .title and .version, which a chart cannot override.
// Where we differ: Helm stamps .created with the archive file's mtime (or
// the time of the push); we write it only when a deterministic time is given
// (SOURCE_DATE_EPOCH), so the same chart always gives the same digest.
#include "builder/chart/chart_metadata.hpp"
#include "common/core/time.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace airlock::builder {

namespace helm_media {
inline constexpr std::string_view config = "application/vnd.cncf.helm.config.v1+json";
inline constexpr std::string_view chart_content =
    "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
// Accepted from registries, never written: Helm's pre-3.7 layer type.
inline constexpr std::string_view legacy_chart_content = "application/tar+gzip";
inline constexpr std::string_view provenance = "application/vnd.cncf.helm.chart.provenance.v1.prov";
} // namespace helm_media

// The manifest annotations Helm would set for `metadata`.
std::map<std::string, std::string> helm_manifest_annotations(const ChartMetadata& metadata,
                                                             std::optional<Timestamp> created);

// The manifest bytes for a config and an archive (see above).
std::string helm_chart_manifest(const std::string& config, const std::string& archive,
                                const std::map<std::string, std::string>& annotations);

// The tag Helm pushes a version under: '+' is not allowed in tags and
// becomes '_'. Error(spec) when the result is still not a valid tag.
std::string helm_chart_tag(std::string_view version);

} // namespace airlock::builder
