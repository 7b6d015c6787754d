#include "builder/commands/commands.hpp"
#include "builder/inspect/inspect_bundle.hpp"

#include <iostream>

namespace airlock::builder {

void register_inspect(CLI::App& app, GlobalOptions& global) {
    auto bundle = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(
        "inspect", "Show what a bundle holds (images, digests, platforms, blobs, signatures) "
                   "from its head, without reading the payload.");
    cmd->add_option("bundle", *bundle, "Bundle file (or the base name of a split bundle)")
        ->required();
    cmd->add_flag("--json", global.json, "Machine-readable output");
    cmd->callback([bundle, &global] {
        global.run = [bundle, &global] {
            auto report = inspect_bundle(*bundle);
            if (global.json) {
                std::cout << report.dump(2) << std::endl;
            } else {
                std::cout << format_inspection(report);
            }
            return 0;
        };
    });
}

} // namespace airlock::builder
