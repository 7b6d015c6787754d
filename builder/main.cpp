#include "builder/commands/commands.hpp"
#include "common/core/cli_main.hpp"
#include "common/core/error.hpp"
#include "common/log/log.hpp"

int main(int argc, char** argv) {
    using namespace airlock;
    CLI::App app{"airlock-build: turn a declarative spec into one signed, content-addressed bundle "
                 "(connected side)",
                 "airlock-build"};
    app.set_version_flag("--version", std::string("airlock-build ") + AIRLOCK_VERSION);
    app.require_subcommand(1);
    builder::GlobalOptions global;
    builder::register_create(app, global);
    builder::register_find_images(app, global);
    builder::register_inspect(app, global);
    builder::register_diff(app, global);
    builder::register_sbom(app, global);
    builder::register_keys(app, global);
    builder::register_sign(app, global);
    builder::register_resign(app, global);
    builder::register_license(app, global);
    builder::register_trust(app, global);
    builder::register_template(app, global);
    app.footer(exit_code_help("ok"));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return e.get_exit_code() == 0 ? app.exit(e) : (app.exit(e), exit_code(ErrorCode::usage));
    }
    log::set_level(global.quiet ? log::Level::warn
                                : (global.verbose ? log::Level::debug : log::Level::info));
    return run_guarded("airlock-build", global.run, global.json);
}
