#pragma once
// Classic Helm chart repositories: an index.yaml listing every chart version
// with its download URLs and sha256 digest (Helm's repo.IndexFile).
#include <optional>
#include <string>
#include <string_view>

namespace airlock::builder {

// Where the index of the repository at `repo_url` lives: "<repo>/index.yaml".
std::string chart_index_url(std::string_view repo_url);

struct ChartIndexEntry {
    std::string url;        // urls[0], resolved against the repository URL
    std::string sha256_hex; // the entry's digest, lower case; empty when absent
};

// Finds chart `name` at exactly `version` in index.yaml text. Error(spec)
// naming `index_url` for a malformed index or entry, Error(not_found) naming
// the chart, the version and `index_url` when it is not listed.
ChartIndexEntry find_chart_in_index(std::string_view index_yaml, const std::string& index_url,
                                    const std::string& repo_url, const std::string& name,
                                    const std::string& version);

// Helm's ResolveReferenceURL: an absolute `ref` is kept; a relative one is
// resolved against `base` taken as a directory, and gets base's query.
std::string resolve_chart_url(const std::string& base, const std::string& ref);

} // namespace airlock::builder
