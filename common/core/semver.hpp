#pragma once
// SemVer 2.0 versions: bundle versions order releases for rollback protection.
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock {

struct SemVer {
    unsigned long long major = 0, minor = 0, patch = 0;
    std::vector<std::string> prerelease; // dot-separated identifiers; empty for a release
    std::string build;                   // ignored in comparisons, as SemVer says

    static std::optional<SemVer> try_parse(std::string_view text);
    // Precedence per SemVer 2.0 section 11 (build metadata ignored).
    std::strong_ordering operator<=>(const SemVer& other) const;
    bool operator==(const SemVer& other) const { return (*this <=> other) == 0; }
};

bool is_semver(std::string_view text);

} // namespace airlock
