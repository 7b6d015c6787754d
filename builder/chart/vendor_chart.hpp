#pragma once
// Vendoring one spec chart: whatever its source (a chart directory, a .tgz,
// an oci:// reference or a classic chart repository), the result is the OCI
// artifact `helm push` would store for it (see chart_artifact.hpp for the
// Helm version matched), held in memory: a config blob, the chart archive
// layer and the manifest that binds them. Pushing the three to a registry
// under `tag` lets `helm pull oci://...` fetch the chart back byte for byte.
//
// Charts are hostile input: archives are capped at 20 MiB (100 MiB
// uncompressed, 20,000 entries), links, absolute paths and ".." are refused,
// and a chart must carry the dependencies its Chart.yaml names.
#include "builder/spec/spec.hpp"
#include "common/archive/tgz.hpp"
#include "common/core/time.hpp"
#include "common/oci/model.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock {
class RegistryClient;
}

namespace airlock::builder {

struct ChartFetchOptions {
    // Pulls oci:// charts and downloads from chart repositories (TLS files,
    // credentials, retries). Needed for those sources only; the caller keeps
    // it alive during the call.
    const RegistryClient* client = nullptr;
    // Where to pull an oci:// chart from (a mirror); unset: the reference.
    std::function<Reference(const Reference&)> fetch_reference;
    // The archive mtime of a packaged directory and the manifest's
    // org.opencontainers.image.created; unset: mtime 0 and no created.
    std::optional<Timestamp> source_date_epoch;
};

// One blob of the artifact: its descriptor as the manifest lists it and a
// view of its bytes inside the VendoredChart (valid while that lives unchanged).
struct ChartBlob {
    Descriptor descriptor;
    std::string_view bytes;
};

struct VendoredChart {
    std::string name, version; // from the chart's metadata
    std::string archive;       // the .tgz: the chart content layer
    std::string config;        // Helm's config JSON (chart metadata)
    std::string manifest;      // OCI image manifest JSON, the exact bytes to push
    // The upstream provenance layer of an oci:// chart that has one (the
    // manifest references it, so it must travel too); empty otherwise.
    std::string provenance;
    std::string tag;    // version with '+' written as '_'
    std::string origin; // for display: the directory or file, the URL, the oci:// reference
    // The archive's files relative to the chart's directory (for the image
    // sweep, so the archive is not unpacked twice).
    std::vector<TgzFile> files;

    // The manifest's media type (its Content-Type when pushed).
    static constexpr std::string_view manifest_media_type =
        "application/vnd.oci.image.manifest.v1+json";
    Digest manifest_digest() const { return Digest::of(manifest); }
    RawManifest raw_manifest() const;
    // The config, then every layer, in the manifest's order.
    std::vector<ChartBlob> blobs() const;
};

// Vendors `chart`:
// - Source::path, a directory: packaged like `helm package` (deterministic
//   bytes; see chart_package.hpp); a file: a packaged chart carried as is.
// - Source::repo: <repo>/index.yaml names the archive (urls[0]); it is
//   downloaded, checked against the index's digest, and carried as is.
// - Source::oci: the manifest, config and layers are pulled, digests
//   verified, and kept byte for byte, so digests stay the upstream ones.
// For path and repo sources the config and manifest are made as Helm would.
// Errors (one line, naming the file, URL or reference): Error(spec) for a
// malformed chart, Error(not_found) for a chart or version the repository
// or registry does not have, Error(network) for an unreachable server,
// Error(integrity) for bytes that do not match their digest, Error(io) for
// local files.
VendoredChart vendor_chart(const SpecChart& chart, const ChartFetchOptions& options);

} // namespace airlock::builder
