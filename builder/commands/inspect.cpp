#include "builder/commands/commands.hpp"
#include "builder/inspect/inspect_bundle.hpp"
#include "common/bundle/bom_document.hpp"

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
    auto bom = std::make_shared<bool>(false);
    cmd->add_flag("--bom", *bom,
                  "Print the bundle's bom.json exactly as signed (a base for create --base "
                  "and for diff)");
    cmd->callback([bundle, bom, &global] {
        global.run = [bundle, bom, &global] {
            if (*bom) {
                std::cout << read_bom_document(*bundle).bytes << std::flush;
                return 0;
            }
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
