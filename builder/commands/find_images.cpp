#include "builder/commands/commands.hpp"
#include "builder/spec/spec.hpp"
#include "builder/sweep/sweep_spec.hpp"
#include "common/core/heap.hpp"

#include <iostream>

namespace airlock::builder {

void register_find_images(CLI::App& app, GlobalOptions& global) {
    auto spec = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(
        "find-images",
        "Sweep the spec's charts and manifests for image references and say which are listed in "
        "images:, allowed by sweep.allow, or missing. Reports only (exit 0 with missing images); "
        "`create` is the gate.");
    cmd->add_option("spec", *spec, "Bundle spec (YAML, see schemas/spec.schema.json)")->required();
    cmd->add_flag("--json", global.json, "Machine-readable output");
    cmd->callback([spec, &global] {
        global.run = [spec, &global] {
            prepare_heap_for_short_burst();
            SweepReport report = sweep_spec(load_spec(*spec));
            if (global.json) {
                std::cout << sweep_report_json(report).dump(2) << std::endl;
            } else {
                std::cout << format_sweep_report(report);
            }
            return 0;
        };
    });
}

} // namespace airlock::builder
