#pragma once
// A Helm chart held in memory: each file of the chart by its path relative to
// the chart root ("Chart.yaml", "templates/deploy.yaml", "charts/sub/..."),
// read from a chart directory or a packaged .tgz.
//
// Charts are third-party content, so reading one is bounded: Helm's own
// limits on file and chart size apply, and archive entries that would land
// outside the chart (absolute names, "..", links, devices) are refused rather
// than skipped. Every error names the chart (and the entry or file).
#include "common/archive/tgz.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::builder {

// Helm's loader refuses a file over 5 MiB and a chart over 100 MiB
// (uncompressed); the same numbers keep a hostile chart from exhausting memory.
inline constexpr std::size_t chart_max_file_bytes = std::size_t{5} << 20;
inline constexpr std::size_t chart_max_total_bytes = std::size_t{100} << 20;
inline constexpr std::size_t chart_max_files = 10000;

struct ChartFiles {
    // Path relative to the chart root, '/'-separated, no "." or "..".
    std::map<std::string, std::string> files;
    // Display name for messages and sweep results ("charts/myapp",
    // "myapp/charts/redis"); file origins are "<origin>/<path>".
    std::string origin;

    // Every regular file beneath `dir` (nothing is skipped, not even
    // .helmignore'd files). A missing or unreadable directory or file is
    // Error(io); a special file, a link to a directory, a size over the caps
    // or a missing Chart.yaml is Error(spec). `origin` defaults to `dir`.
    static ChartFiles from_directory(const std::filesystem::path& dir, std::string origin = {});

    // A packaged chart (gzip-compressed tar, as `helm package` writes it).
    // Entries are "<chartname>/<path>"; the first component is dropped.
    // Directories are skipped; links, devices, absolute names, "..", duplicate
    // paths, sizes over the caps and a missing Chart.yaml are Error(spec).
    static ChartFiles from_tgz(std::string_view bytes, std::string origin);

    // Files already read (relative to the chart root), e.g. a vendored chart's.
    // A missing Chart.yaml or a path given twice is Error(spec).
    static ChartFiles from_files(std::vector<TgzFile> files, std::string origin);

    // A chart directory, or a file holding a packaged chart.
    static ChartFiles load(const std::filesystem::path& path, std::string origin = {});

    // The file's content, or nullptr.
    const std::string* find(std::string_view path) const;

    // Chart.yaml's text; Error(spec) "<origin>: Chart.yaml is missing ..."
    // when there is none.
    const std::string& chart_yaml() const;

    // The charts bundled under charts/: each directory charts/<dir>/ and each
    // packaged charts/<file>.tgz, in name order, origins
    // "<origin>/charts/<name>". As in Helm, names starting with '.' or '_'
    // are ignored, and so are other plain files under charts/. A subchart
    // without Chart.yaml is an error.
    std::vector<ChartFiles> subcharts() const;
    // The same one at a time, so that only one packaged subchart need be
    // unpacked in memory: the names ("db", "redis-1.0.0.tgz"), and one by name.
    std::vector<std::string> subchart_names() const;
    ChartFiles subchart(const std::string& name) const;
};

} // namespace airlock::builder
