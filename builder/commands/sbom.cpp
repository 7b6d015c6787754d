#include "builder/commands/commands.hpp"
#include "builder/inspect/bundle_sbom_reader.hpp"

#include <iostream>

namespace airlock::builder {

void register_sbom(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string bundle, format = "cyclonedx";
    };
    auto flags = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "sbom", "Print the SBOM a bundle carries (made by create from the bundle's images, "
                "charts and files, and the OS packages in every layer), checked against its BOM. "
                "Signatures are not judged here: use airlock-load verify for that.");
    cmd->add_option("bundle", flags->bundle, "Bundle file (or the base name of a split bundle)")
        ->required();
    cmd->add_option("--format", flags->format, "cyclonedx (1.6 JSON) or spdx (2.3 JSON)")
        ->check(CLI::IsMember({"cyclonedx", "spdx"}))
        ->capture_default_str();
    cmd->callback([flags, &global] {
        global.run = [flags] {
            std::cout << read_bundle_sbom(flags->bundle, flags->format) << std::flush;
            return 0;
        };
    });
}

} // namespace airlock::builder
