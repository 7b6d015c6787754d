#include "common/core/error.hpp"
#include "loader/commands/commands.hpp"
#include "loader/commands/target_flags.hpp"
#include "loader/gc/gc_run.hpp"
#include "loader/output/gc_report.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace airlock::loader {

void register_gc(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string registry, state_dir = "/var/lib/airlock", min_age = "30d";
        std::size_t keep = 3;
        bool apply = false;
        TargetFlags target;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "gc",
        "Collect old generations of loaded bundles from a registry or an OCI layout. Per "
        "bundle name the newest --keep generations (versions the state recorded) stay, and any "
        "older one superseded less than --min-age ago (trusted time); the manifests and tags "
        "that only the other generations placed are listed, and with --apply deleted (each "
        "audited). Never a manifest a kept generation references, one a tag names that no "
        "collected generation gave, or anything airlock did not load. A registry's blobs are "
        "left to its own garbage collector; from an oci: layout gc removes the blobs that only "
        "the deleted manifests referenced.");
    cmd->add_option("--registry,--to", f->registry,
                    "The target, as given to load --to: registry://HOST[:PORT][/PREFIX] or "
                    "oci:DIR")
        ->required();
    cmd->add_option("--keep", f->keep, "Generations kept per bundle name (at least 1)")
        ->capture_default_str();
    cmd->add_option("--min-age", f->min_age,
                    "Keep an older generation until it has been superseded this long "
                    "(d, h, m or s)")
        ->capture_default_str();
    cmd->add_flag("--apply", f->apply, "Delete; without it gc only prints the plan");
    add_target_flags(cmd, f->target, true);
    cmd->add_option("--state-dir", f->state_dir, "Loader state")->capture_default_str();
    cmd->add_flag("--json", global.json, "Machine-readable plan");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors");
    static constexpr ErrorCode codes[] = {ErrorCode::usage, ErrorCode::io, ErrorCode::network,
                                          ErrorCode::auth, ErrorCode::integrity};
    cmd->footer(
        "Examples:\n  airlock-load gc --registry registry://127.0.0.1:5000 --keep 2 --apply\n"
        "  airlock-load gc --to oci:/srv/layout --keep 3 --min-age 30d --json\n" +
        exit_code_help("done (or nothing to do)", codes));
    cmd->callback([f, &global] {
        global.run = [f, &global] {
            GcOptions o;
            o.state_dir = f->state_dir;
            o.registry = f->registry;
            o.destination = destination_options(f->target);
            o.retention.keep = f->keep;
            o.retention.min_age = parse_duration(f->min_age);
            o.apply = f->apply;
            GcResult r = run_gc(o);
            if (global.json) {
                std::cout << to_json(r).dump(2) << std::endl;
            } else if (!global.quiet) {
                std::cout << gc_text(r);
            }
            return 0;
        };
    });
}

} // namespace airlock::loader
