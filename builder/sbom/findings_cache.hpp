#pragma once
// A layer's scan findings kept in the build cache (`create --cache DIR`), so
// a layer scanned once is not decompressed again: the next build of a bundle
// that shares it (a monthly release on the same base, a delta whose SBOM must
// still describe the layers its base carries) reads a few KiB instead of
// inflating the layer.
//
// DIR/sbom-scans/v<N>/<hex>.json, keyed by the compressed layer's digest.
// What a scan keeps depends only on the layer's bytes and on the scanner, so
// N (findings_cache_version) changes whenever the scanner keeps something
// else; older entries are then ignored. The cache is as trusted as the
// blobs beside it: the machine that builds.
#include "builder/sbom/layer_scanner.hpp"
#include "common/digest/digest.hpp"

#include <filesystem>
#include <optional>

namespace airlock::sbom {

inline constexpr int findings_cache_version = 1;

// nullopt when the cache has no entry for `layer`, or one it cannot read
// (truncated, altered, another format): the layer is then scanned again.
std::optional<LayerFindings> read_cached_findings(const std::filesystem::path& cache_dir,
                                                  const Digest& layer);

// Written atomically. A failure is logged and otherwise ignored: a cache
// that cannot be written costs time, never the build.
void write_cached_findings(const std::filesystem::path& cache_dir, const Digest& layer,
                           const LayerFindings& findings);

} // namespace airlock::sbom
