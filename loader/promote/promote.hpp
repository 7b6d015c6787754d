#pragma once
// airlock-load promote: points a channel tag (staging, prod) of every image of
// one loaded generation at the digest that generation recorded. By digest
// only: each manifest is read back from the target by the digest the state's
// BOM names and checked against it before any tag moves, so a tag pushed by
// someone else since the load is never what gets promoted. Every manifest is
// read before the first tag moves: a missing or altered one changes nothing.
// Tags then move one repository at a time (no transaction across
// repositories); re-running after a failure is safe.
#include "loader/load/target.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

struct PromoteOptions {
    std::filesystem::path state_dir = "/var/lib/airlock";
    std::string name;
    std::string version;
    std::string channel;
    std::string registry; // as given to load --to
    DestinationOptions destination;
};

struct PromotedImage {
    std::string ref;
    std::string repo;
    std::string name; // the channel tag, or an OCI layout's ref name
    std::string digest;
    bool moved = false; // false: the tag already named this digest
};

struct PromoteSummary {
    std::string name;
    std::string version;
    std::string channel;
    std::string bom_digest;
    std::string target;
    std::string promoted_at;
    std::optional<std::string> previous_version; // what the channel held before, if anything
    std::vector<PromotedImage> images;

    std::size_t tags_moved() const;
    std::string to_text() const;
};

// Error(usage) for a bad channel or target, Error(not_found) for a version
// the state did not load and verify or an image the target lacks,
// Error(integrity) for a manifest that does not match its recorded digest;
// nothing moves in any of these cases. Audited: one "promote.tag" per tag
// moved, one "promote" per promotion, "promote.failed" on failure.
PromoteSummary promote(const PromoteOptions& options);

} // namespace airlock::loader
