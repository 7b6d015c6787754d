#pragma once
// One file per airlock-build command; each registers its flags and a callback
// that calls one library function.
#include <CLI/CLI.hpp>
#include <functional>

namespace airlock::builder {

struct GlobalOptions {
    bool json = false;
    bool quiet = false;
    bool verbose = false;
    // Set by the chosen subcommand's callback; main runs it under run_guarded.
    std::function<int()> run;
};

void register_create(CLI::App& app, GlobalOptions& global);
void register_find_images(CLI::App& app, GlobalOptions& global);
void register_inspect(CLI::App& app, GlobalOptions& global);
void register_diff(CLI::App& app, GlobalOptions& global);
void register_sbom(CLI::App& app, GlobalOptions& global);
void register_keys(CLI::App& app, GlobalOptions& global);
void register_sign(CLI::App& app, GlobalOptions& global);
void register_resign(CLI::App& app, GlobalOptions& global);
void register_license(CLI::App& app, GlobalOptions& global);
void register_trust(CLI::App& app, GlobalOptions& global);
void register_template(CLI::App& app, GlobalOptions& global);

} // namespace airlock::builder
