#include "loader/gc/retention.hpp"

#include "common/core/error.hpp"
#include "common/core/semver.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace airlock::loader {

std::string format_age(std::chrono::seconds age) {
    const auto s = age.count();
    if (s >= 86400) {
        return std::to_string(s / 86400) + "d";
    }
    if (s >= 3600) {
        return std::to_string(s / 3600) + "h";
    }
    if (s >= 60) {
        return std::to_string(s / 60) + "m";
    }
    return std::to_string(s) + "s";
}

std::vector<Generation> decide_retention(const std::vector<RecordedBom>& entries,
                                         const RetentionPolicy& policy, Timestamp now) {
    if (policy.keep == 0) {
        throw Error(ErrorCode::usage, "--keep must be at least 1: the newest generation stays");
    }
    std::map<std::string, std::vector<Generation>> by_name;
    std::set<std::pair<std::string, std::string>> seen;
    for (const RecordedBom& e : entries) {
        if (!seen.emplace(e.bom.name, e.bom.version).second) {
            continue;
        }
        Generation g;
        g.name = e.bom.name;
        g.version = e.bom.version;
        g.bom_digest = e.digest;
        g.loaded_at = parse_rfc3339(e.kept_at, "kept_at of a recorded BOM");
        g.bom = &e.bom;
        by_name[g.name].push_back(std::move(g));
    }
    std::vector<Generation> out;
    for (auto& entry : by_name) {
        std::vector<Generation>& gens = entry.second;
        std::vector<Generation> odd; // versions that are not SemVer: never collected
        std::vector<std::pair<SemVer, Generation>> ordered;
        for (Generation& g : gens) {
            if (auto v = SemVer::try_parse(g.version)) {
                ordered.emplace_back(*v, std::move(g));
            } else {
                g.keep = true;
                g.reason = "version is not SemVer, never collected";
                odd.push_back(std::move(g));
            }
        }
        std::stable_sort(ordered.begin(), ordered.end(),
                         [](const auto& a, const auto& b) { return a.first > b.first; });
        for (std::size_t i = 0; i < ordered.size(); ++i) {
            Generation& g = ordered[i].second;
            g.rank = i;
            if (i > 0) {
                g.superseded_at = ordered[i - 1].second.loaded_at;
            }
            if (i < policy.keep) {
                g.keep = true;
                g.reason = "newest " + std::to_string(policy.keep);
            } else if (g.superseded_at && now - *g.superseded_at < policy.min_age) {
                g.keep = true;
                g.reason = "superseded " + format_age(now - *g.superseded_at) + " ago, min age " +
                           format_age(policy.min_age);
            } else {
                g.keep = false;
                g.reason = "collected";
            }
            out.push_back(std::move(g));
        }
        for (Generation& g : odd) {
            out.push_back(std::move(g));
        }
    }
    return out;
}

} // namespace airlock::loader
