#pragma once
// `airlock-load gc`: decide which generations stay (retention.hpp), work out
// what only the collected ones placed in the target (gc_plan.hpp), and with
// `apply` delete it. Without `apply` nothing is written anywhere.
#include "common/layout/layout_garbage.hpp"
#include "loader/gc/gc_plan.hpp"
#include "loader/load/target.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace airlock::loader {

struct GcOptions {
    std::filesystem::path state_dir;
    std::string registry; // as load --to: registry://HOST[:PORT][/PREFIX] or oci:DIR
    DestinationOptions destination;
    RetentionPolicy retention;
    bool apply = false;
};

struct GcResult {
    std::string target;
    bool layout = false; // an oci: target: gc removes blobs itself
    Timestamp now;       // trusted time the decision used
    bool applied = false;
    GcPlan plan;
    // oci: targets only: the blobs only the deleted manifests referenced,
    // which gc itself removes (a registry's own collector does it there).
    std::optional<LayoutGarbage> layout_blobs;
};

GcResult run_gc(const GcOptions& options);

} // namespace airlock::loader
