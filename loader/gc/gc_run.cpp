#include "loader/gc/gc_run.hpp"

#include "common/core/error.hpp"
#include "common/log/audit.hpp"
#include "loader/state/state_store.hpp"

#include <nlohmann/json.hpp>

namespace airlock::loader {

GcResult run_gc(const GcOptions& options) {
    Target target;
    try {
        target = parse_target(options.registry);
    } catch (const Error& e) {
        std::string why = e.what();
        if (why.starts_with("--to ")) {
            why.replace(0, 4, "--registry");
        }
        fail(e.code(), why);
    }
    if (target.kind != Target::Kind::registry) {
        fail(ErrorCode::usage, "--registry " + options.registry +
                                   ": gc collects from registry targets (registry://HOST...) only");
    }
    // With --apply a writer's lock: no load changes the generations while
    // they are weighed and collected.
    StateStore state(options.state_dir,
                     options.apply ? StateStore::Access::write : StateStore::Access::read);
    GcResult result;
    result.target = target.text;
    result.now = state.trusted_time();
    const std::vector<RecordedBom> entries = state.recorded_bom_entries();
    std::unique_ptr<Destination> dest = make_destination(target, options.destination);
    result.plan = plan_gc(decide_retention(entries, options.retention, result.now), *dest);
    for (Generation& g : result.plan.generations) {
        g.bom = nullptr; // `entries` ends here
    }
    if (options.apply) {
        AuditLog audit(state.dir() / "audit.jsonl");
        apply_gc(result.plan, *dest, audit, target.text);
        result.applied = true;
    }
    return result;
}

} // namespace airlock::loader
