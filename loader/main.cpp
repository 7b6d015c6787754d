#include "common/core/cli_main.hpp"
#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "loader/commands/commands.hpp"

int main(int argc, char** argv) {
    using namespace airlock;
    CLI::App app{
        "airlock-load: verify a signed bundle with the embedded trust policy, then hydrate "
        "a local OCI registry (air-gapped side)",
        "airlock-load"};
    app.set_version_flag("--version", std::string("airlock-load ") + AIRLOCK_VERSION);
    app.require_subcommand(1);
    loader::GlobalOptions global;
    loader::register_verify(app, global);
    loader::register_load(app, global);
    loader::register_mirror_config(app, global);
    loader::register_resolve(app, global);
    loader::register_status(app, global);
    loader::register_license(app, global);
    loader::register_trust(app, global);
    loader::register_receipt(app, global);
    loader::register_serve(app, global);
    loader::register_policy(app, global);
    loader::register_prepull(app, global);
    loader::register_probe_egress(app, global);
    loader::register_promote(app, global);
    loader::register_gc(app, global);
    app.footer(exit_code_help("ok"));
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return e.get_exit_code() == 0 ? app.exit(e) : (app.exit(e), exit_code(ErrorCode::usage));
    }
    log::set_level(global.quiet ? log::Level::warn
                                : (global.verbose ? log::Level::debug : log::Level::info));
    return run_guarded("airlock-load", global.run, global.json);
}
