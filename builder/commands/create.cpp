#include "builder/commands/commands.hpp"

namespace airlock::builder {

void register_create(CLI::App& app, GlobalOptions& global) {
    auto* cmd = app.add_subcommand("create", "not yet implemented");
    cmd->callback([&global] { global.run = [] { return 1; }; });
}

} // namespace airlock::builder
