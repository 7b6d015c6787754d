#include "common/core/error.hpp"
#include "loader/commands/commands.hpp"
#include "loader/commands/target_flags.hpp"
#include "loader/output/json_output.hpp"
#include "loader/receipt/site_receipt_export.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace airlock::loader {

void register_receipt(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string registry, out, state_dir = "/var/lib/airlock";
        TargetFlags target;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "receipt",
        "Write a site receipt: what this site holds, for the connected side to build the next "
        "delta against (airlock-build create --base SITE.json). It lists every bundle the state "
        "recorded as loaded (name, version, BOM digest, when) and the blobs the site holds: as "
        "the state recorded them, or with --registry as the registry (or layout) really holds "
        "them, read from every tag of every repository under the prefix. The receipt is an "
        "input, not a trust root: a delta built from a wrong one is refused at load. Reads the "
        "state; writes nothing there.");
    cmd->add_option("--registry", f->registry,
                    "Read the blobs from this target, as given to load --to: "
                    "registry://HOST[:PORT][/PREFIX] (needs the catalog API) or oci:DIR");
    cmd->add_option("--out", f->out, "The receipt file (JSON, written atomically)")->required();
    add_target_flags(cmd, f->target, false);
    cmd->add_option("--state-dir", f->state_dir, "Loader state")->capture_default_str();
    cmd->add_flag("--json", global.json, "Print a machine-readable summary");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors");
    static constexpr ErrorCode codes[] = {ErrorCode::usage, ErrorCode::spec,
                                          ErrorCode::io,    ErrorCode::network,
                                          ErrorCode::auth,  ErrorCode::not_found};
    static constexpr ExitMeaning meanings[] = {
        {ErrorCode::not_found, "not found (the registry has no catalog API)"}};
    cmd->footer("Example: airlock-load receipt --registry registry://127.0.0.1:5000 --out "
                "site.json\n" +
                exit_code_help("written", codes, meanings));
    cmd->callback([f, &global] {
        global.run = [f, &global] {
            ReceiptOptions o;
            o.state_dir = f->state_dir;
            o.registry = f->registry;
            o.destination = destination_options(f->target);
            o.out = f->out;
            ReceiptSummary s = export_site_receipt(o);
            if (global.json) {
                std::cout << to_json(s).dump(2) << std::endl;
            } else if (!global.quiet) {
                std::cout << s.to_text();
            }
            return 0;
        };
    });
}

} // namespace airlock::loader
