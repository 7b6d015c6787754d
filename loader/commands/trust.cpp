#include "loader/output/json_output.hpp"
#include "common/core/error.hpp"
#include "loader/commands/commands.hpp"
#include "loader/state/state_store.hpp"
#include "loader/output/policy_report.hpp"
#include "loader/trust/update_trust.hpp"

#include <iostream>

namespace airlock::loader {

void register_trust(CLI::App& app, GlobalOptions& global) {
    auto* trust = app.add_subcommand("trust", "Show the trust policy in force, or adopt a signed "
                                              "trust update (key rotation and revocation)");
    trust->require_subcommand(1);

    struct Flags {
        std::string file, trust, state_dir = "/var/lib/airlock";
    };
    auto f = std::make_shared<Flags>();

    auto* update = trust->add_subcommand(
        "update", "Verify a signed trust update (airlock-build trust sign) against the policy in "
                  "force and adopt it for good: keeps it in the state directory");
    update->add_option("file", f->file, "The update: a DSSE envelope holding the new policy")
        ->required();
    update->add_option("--state-dir", f->state_dir, "Loader state, where adopted updates are kept")
        ->capture_default_str();
    update->add_flag("--json", global.json, "Print what changed as JSON");
    static constexpr ErrorCode codes[] = {ErrorCode::spec,      ErrorCode::io,
                                          ErrorCode::signature, ErrorCode::untrusted,
                                          ErrorCode::expired,   ErrorCode::rollback};
    static constexpr ExitMeaning meanings[] = {
        {ErrorCode::spec, "invalid policy"},
        {ErrorCode::signature, "forged or unsigned"},
        {ErrorCode::untrusted, "not signed by enough vendor keys"},
        {ErrorCode::expired, "signing key expired"},
        {ErrorCode::rollback, "not newer than the policy in force"}};
    update->footer(exit_code_help("adopted", codes, meanings));
    update->callback([f, &global] {
        global.run = [f, &global] {
            PolicyChange change = update_trust(f->state_dir, f->file);
            if (global.json) {
                std::cout << to_json(change).dump(2) << std::endl;
            } else {
                std::cout << change.to_text();
            }
            return 0;
        };
    });

    auto* show = trust->add_subcommand(
        "show", "Print the trust policy in force: the embedded one, adopted updates, and --trust");
    show->add_option("--state-dir", f->state_dir, "Loader state, where adopted updates are kept")
        ->capture_default_str();
    show->add_option("--trust", f->trust,
                     "Extra trust policy: may add keys and raise requirements, never lower them");
    show->add_flag("--json", global.json, "Machine-readable output");
    show->callback([f, &global] {
        global.run = [f, &global] {
            StateStore state(f->state_dir, StateStore::Access::read);
            EffectivePolicy policy = load_effective_policy(state, runtime_policy(f->trust));
            if (global.json) {
                std::cout << policy_to_json(policy).dump(2) << std::endl;
            } else {
                std::cout << policy_to_text(policy);
            }
            return 0;
        };
    });
}

} // namespace airlock::loader
