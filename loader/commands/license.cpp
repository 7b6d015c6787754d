#include "loader/commands/commands.hpp"
#include "loader/output/license_report.hpp"
#include "loader/license/license_store.hpp"
#include "loader/trust/effective_policy.hpp"

#include <iostream>

namespace airlock::loader {

void register_license(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string file, trust, state_dir = "/var/lib/airlock";
    };
    auto f = std::make_shared<Flags>();
    auto* license = app.add_subcommand("license", "Import and list offline licenses");
    license->require_subcommand(1);

    auto* import = license->add_subcommand(
        "import", "Verify a license (from airlock-build license issue) with the trust policy "
                  "and store it in the state directory. Only keys of role vendor or license "
                  "count. An expired license is refused; one not valid yet is stored.");
    import->add_option("file", f->file, "License file (JSON)")->required();
    import->add_option("--trust", f->trust,
                       "Extra trust policy: may add keys and raise requirements, never lower them");
    import->add_option("--state-dir", f->state_dir, "Loader state (licenses, trusted time)")
        ->capture_default_str();
    import->add_flag("--json", global.json, "Machine-readable result");
    import->add_flag("-q,--quiet", global.quiet, "Only errors");
    import->callback([f, &global] {
        global.run = [f, &global] {
            StateStore state(f->state_dir);
    EffectivePolicy policy = load_effective_policy(state, runtime_policy(f->trust));
    ImportedLicense r = import_license(state, f->file, policy.policy);
    if (global.json) {
        std::cout << to_json(r).dump(2) << std::endl;
    } else if (!global.quiet) {
        std::cout << to_text(r);
    }
    return 0;
};
} // namespace airlock::loader
);

auto* list = license->add_subcommand(
    "list", "Show every stored license and its state (valid, expired, not-yet-valid, or "
            "invalid with a reason) at the state's trusted time, checked again with the "
            "current trust policy.");
list->add_option("--trust", f->trust,
                 "Extra trust policy: may add keys and raise requirements, never lower them");
list->add_option("--state-dir", f->state_dir, "Loader state (licenses, trusted time)")
    ->capture_default_str();
list->add_flag("--json", global.json, "Machine-readable list");
list->callback([f, &global] {
    global.run = [f, &global] {
        StateStore state(f->state_dir, StateStore::Access::read);
        EffectivePolicy policy = load_effective_policy(state, runtime_policy(f->trust));
        const Timestamp now = state.trusted_time();
        const std::vector<StoredLicense> licenses = list_licenses(state, policy.policy, now);
        if (global.json) {
            std::cout << to_json(licenses, now).dump(2) << std::endl;
        } else {
            std::cout << to_text(licenses, now);
        }
        return 0;
    };
});
}

} // namespace airlock::loader
