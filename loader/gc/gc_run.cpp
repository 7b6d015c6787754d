#include "loader/gc/gc_run.hpp"

#include "common/core/error.hpp"
#include "common/log/audit.hpp"
#include "loader/state/state_store.hpp"

#include <set>

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
    std::set<Digest> removed;
    for (const GcDeletion& d : result.plan.deletions) {
        removed.insert(d.manifest.digest);
    }
    result.layout = target.kind == Target::Kind::oci_layout;
    if (result.layout && !removed.empty()) {
        result.layout_blobs = find_layout_garbage(target.dir, removed);
    }
    if (options.apply) {
        AuditLog audit(state.dir() / "audit.jsonl");
        apply_gc(result.plan, *dest, audit, target.text);
        if (result.layout_blobs) {
            // The plan already left out the entries apply_gc just dropped,
            // and the writer's lock keeps loads out meanwhile: no second walk.
            remove_layout_garbage(target.dir, *result.layout_blobs);
            nlohmann::json digests = nlohmann::json::array();
            for (const LayoutBlob& b : result.layout_blobs->blobs) {
                digests.push_back(b.digest.str());
            }
            audit.append("gc-blobs", {{"target", target.text},
                                      {"blobs", std::move(digests)},
                                      {"bytes", result.layout_blobs->bytes}});
        }
        result.applied = true;
    }
    return result;
}

} // namespace airlock::loader
