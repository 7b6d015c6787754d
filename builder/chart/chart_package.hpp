#pragma once
// Packaged charts (.tgz): making one from a chart directory the way
// `helm package` chooses its content, and reading one that already exists.
// Both check what `helm package` and Helm's loader check, so that whatever
// is vendored can be installed at the site.
#include "builder/chart/chart_metadata.hpp"
#include "common/archive/tgz.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::builder {

// Limits for chart content, which is hostile input: the archive's size, the
// total and per-file uncompressed sizes, and the number of entries.
inline const TgzLimits chart_limits{};

struct PackagedChart {
    ChartMetadata metadata;
    std::string archive; // gzip'd tar, every entry under "<name>/"
    // What the archive holds, relative to the chart's directory, so that
    // callers (the image sweep) need not unpack it again.
    std::vector<TgzFile> files;
};

// Packages the chart directory `dir` deterministically:
// - files as Helm's directory loader takes them: .helmignore honoured (see
//   helmignore.hpp), a leading UTF-8 byte order mark removed from each file,
//   symbolic links followed when they stay inside the chart (one that leaves
//   it, dangles or loops is Error(spec)), anything else irregular refused;
// - entries "<chart name>/<path>", Chart.yaml first and the rest sorted by
//   path, regular files only, mode 0644, owner 0, mtime `mtime`, no gzip
//   time stamp, so the same directory always gives the same bytes;
// - Chart.yaml dependencies must be present under charts/ (Error(spec)
//   naming what is missing, as `helm package` without
//   `helm dependency update` refuses). Subcharts travel as they are.
// Unlike `helm package`, files keep their bytes: Helm rewrites Chart.yaml
// from its parsed metadata and unpacks charts/*.tgz into directories; both
// forms load the same in Helm.
PackagedChart package_chart_directory(const std::filesystem::path& dir, std::int64_t mtime);

// A chart directory's files as Helm's directory loader takes them (see
// package_chart_directory), relative to `dir`, in path order; nothing is
// checked beyond that (no Chart.yaml parsing).
std::vector<TgzFile> read_chart_directory(const std::filesystem::path& dir);

// A packaged chart's files relative to its one top directory.
std::vector<TgzFile> unpack_chart_archive(std::string_view archive, const std::string& what);

// Reads a packaged chart's metadata without changing its bytes: entries must
// sit under one top directory holding Chart.yaml; the same dependency check
// as above. Error(spec) naming `what` for anything malformed.
// read_chart_archive also returns the files (PackagedChart::archive stays empty).
ChartMetadata inspect_chart_archive(std::string_view archive, const std::string& what);
PackagedChart read_chart_archive(std::string_view archive, const std::string& what);

} // namespace airlock::builder
