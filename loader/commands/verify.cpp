#include "common/log/progress.hpp"
#include "loader/commands/commands.hpp"
#include "loader/commands/target_flags.hpp"
#include "loader/load/base_check.hpp"
#include "loader/output/json_output.hpp"
#include "loader/verify/verify_bundle.hpp"

#include <iostream>

namespace airlock::loader {

void register_verify(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string bundle, trust, state_dir = "/var/lib/airlock", to;
        TargetFlags target;
        bool deep = false;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "verify", "Check a bundle's signatures, validity, revocation, rollback state and "
                  "structure with the embedded trust policy; writes nothing. For a delta "
                  "bundle, also check that its base is at the site: in the target with --to "
                  "(every blob and manifest it leaves out), else in the state's records.");
    cmd->add_option("bundle", f->bundle, "Bundle file (or base name of a split bundle)")
        ->required();
    cmd->add_flag("--deep", f->deep, "Also hash every blob against the BOM");
    cmd->add_option("--to", f->to,
                    "For a delta: the target it would load into (as load --to), checked, "
                    "reading only, for everything the delta leaves to its base");
    add_target_flags(cmd, f->target, true);
    cmd->add_option("--trust", f->trust,
                    "Extra trust policy: may add keys and raise requirements, never lower them");
    cmd->add_option("--state-dir", f->state_dir, "Loader state (rollback records, trusted time)")
        ->capture_default_str();
    cmd->add_flag("--json", global.json, "Machine-readable report");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors");
    cmd->callback([f, &global] {
        global.run = [f, &global] {
            // Verification writes nothing: a shared lock, so it can run beside other readers.
            StateStore state(f->state_dir, StateStore::Access::read);
            EffectivePolicy policy = load_effective_policy(state, runtime_policy(f->trust));
            VerifyOptions o{f->bundle, f->deep,
                            !global.quiet && !global.json && Progress::terminal()};
            VerifiedBundle b = verify_bundle(o, policy, state);
            verify_base(b, state, f->to, destination_options(f->target));
            VerifyReport report = b.report();
            if (report.delta && !f->to.empty()) {
                report.base.checked_in = f->to;
            }
            if (global.json) {
                std::cout << to_json(report).dump(2) << std::endl;
            } else if (!global.quiet) {
                std::cout << report.to_text();
            }
            return 0;
        };
    });
}

} // namespace airlock::loader
