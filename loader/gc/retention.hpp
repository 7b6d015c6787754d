#pragma once
// Which generations of each bundle name `gc` keeps. A generation is a BOM the
// state recorded (every version ever loaded of a name), ordered by SemVer.
// Kept: the newest `keep` of each name, and any older one superseded (the
// next newer generation was kept in the state) less than `min_age` before
// `now` (trusted time), so a rollback target survives its soak period.
// Everything else is collected. Pure: no I/O, so the decision is tested alone.
#include "common/core/time.hpp"
#include "loader/state/state_store.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

struct RetentionPolicy {
    std::size_t keep = 3; // at least 1: the newest generation is always kept
    std::chrono::seconds min_age = std::chrono::days(30);
};

struct Generation {
    std::string name;
    std::string version;
    Digest bom_digest;
    Timestamp loaded_at;                    // when the state kept its BOM
    std::optional<Timestamp> superseded_at; // kept_at of the next newer generation
    std::size_t rank = 0;                   // 0 = newest of its name
    bool keep = false;
    std::string reason;       // "newest 3", "superseded 2d ago, min age 30d", "collected"
    const Bom* bom = nullptr; // into the entries decide_retention was given
};

// Error(usage) when policy.keep is 0. Generations of one name appear once per
// version (the first BOM recorded for it), newest first, names in order.
// A version that is not SemVer is kept (never collected) with that reason.
std::vector<Generation> decide_retention(const std::vector<RecordedBom>& entries,
                                         const RetentionPolicy& policy, Timestamp now);

// "3d", "5h", "12m", "40s": the largest whole unit, for reports.
std::string format_age(std::chrono::seconds age);

} // namespace airlock::loader
