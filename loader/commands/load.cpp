#include "common/log/progress.hpp"
#include "loader/commands/commands.hpp"
#include "loader/load/load_bundle.hpp"

#include <iostream>

namespace airlock::loader {

void register_load(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string bundle, to, trust, state_dir = "/var/lib/airlock";
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "load", "Verify a bundle, then copy its images into an OCI layout directory (or, soon, a "
                "registry). Nothing is written unless verification passes; every blob is checked "
                "against the BOM before it becomes visible; names are published last. Re-running "
                "is safe: content already present is skipped.");
    cmd->add_option("bundle", f->bundle, "Bundle file (or base name of a split bundle)")
        ->required();
    cmd->add_option(
           "--to", f->to,
           "Destination: oci:DIR (an OCI image layout; images are named by their full "
           "reference, e.g. skopeo inspect oci:DIR:REF) or registry://HOST[:PORT][/PREFIX]")
        ->required();
    cmd->add_option("--trust", f->trust,
                    "Extra trust policy: may add keys and raise requirements, never lower them");
    cmd->add_option("--state-dir", f->state_dir,
                    "Loader state: rollback records, trusted time, audit.jsonl")
        ->capture_default_str();
    cmd->add_flag("--json", global.json, "Print a machine-readable summary");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors");
    cmd->footer("Exit codes: 0 loaded, 2 usage, 4 I/O, 10 malformed bundle, 11 integrity (a blob "
                "does not match the BOM), 12 signature, 13 untrusted key, 14 expired, "
                "15 rollback, 16 license.");
    cmd->callback([f, &global] {
        global.run = [f, &global] {
            LoadOptions o;
            o.bundle = f->bundle;
            o.target = f->to;
            if (!f->trust.empty()) {
                o.trust = f->trust;
            }
            o.state_dir = f->state_dir;
            o.progress = !global.quiet && !global.json && Progress::terminal();
            LoadSummary s = load_bundle(o);
            if (global.json) {
                std::cout << s.to_json().dump(2) << std::endl;
            } else if (!global.quiet) {
                std::cout << s.to_text();
            }
            return 0;
        };
    });
}

} // namespace airlock::loader
