#pragma once
// `airlock-load gc`: decide which generations stay (retention.hpp), work out
// what only the collected ones placed in the target (gc_plan.hpp), and with
// `apply` delete it. Without `apply` nothing is written anywhere.
#include "loader/gc/gc_plan.hpp"
#include "loader/load/target.hpp"

#include <filesystem>
#include <string>

namespace airlock::loader {

struct GcOptions {
    std::filesystem::path state_dir;
    std::string registry; // as load --to: registry://HOST[:PORT][/PREFIX]
    DestinationOptions destination;
    RetentionPolicy retention;
    bool apply = false;
};

struct GcResult {
    std::string target;
    Timestamp now; // trusted time the decision used
    bool applied = false;
    GcPlan plan;
};

GcResult run_gc(const GcOptions& options);

} // namespace airlock::loader
