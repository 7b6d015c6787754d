#pragma once
// One file per airlock-load command; each registers its flags and a callback
// that calls one library function.
#include <CLI/CLI.hpp>
#include <functional>

namespace airlock::loader {

struct GlobalOptions {
    bool json = false;
    bool quiet = false;
    bool verbose = false;
    // Set by the chosen subcommand's callback; main runs it under run_guarded.
    std::function<int()> run;
};

void register_verify(CLI::App& app, GlobalOptions& global);
void register_load(CLI::App& app, GlobalOptions& global);
void register_mirror_config(CLI::App& app, GlobalOptions& global);
void register_resolve(CLI::App& app, GlobalOptions& global);
void register_status(CLI::App& app, GlobalOptions& global);
void register_license(CLI::App& app, GlobalOptions& global);
void register_trust(CLI::App& app, GlobalOptions& global);
void register_receipt(CLI::App& app, GlobalOptions& global);
void register_serve(CLI::App& app, GlobalOptions& global);
void register_policy(CLI::App& app, GlobalOptions& global);
void register_prepull(CLI::App& app, GlobalOptions& global);
void register_probe_egress(CLI::App& app, GlobalOptions& global);
void register_gc(CLI::App& app, GlobalOptions& global);
void register_promote(CLI::App& app, GlobalOptions& global);

} // namespace airlock::loader
