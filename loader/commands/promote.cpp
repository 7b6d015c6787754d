#include "loader/promote/promote.hpp"
#include "common/core/error.hpp"
#include "loader/commands/commands.hpp"
#include "loader/commands/target_flags.hpp"
#include "loader/output/json_output.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace airlock::loader {

void register_promote(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string name, version, channel, registry, state_dir = "/var/lib/airlock";
        TargetFlags target;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "promote",
        "Point the tag CHANNEL (staging, prod, ...) of every image of the loaded generation "
        "NAME VERSION at the digest that generation recorded: each manifest is read back from "
        "the target by that digest and checked before any tag moves, never by resolving a "
        "tag. Refuses a version the state did not load and verify, changing nothing. Records "
        "the channel in the state (channels.json, shown by status) and the audit log. In an "
        "oci: layout the channel is each image's ref name with CHANNEL as its tag.");
    cmd->add_option("name", f->name, "Bundle name, as the BOM names it")->required();
    cmd->add_option("version", f->version, "The loaded version to promote")->required();
    cmd->add_option("--channel", f->channel, "The tag to point at it (staging, prod)")->required();
    cmd->add_option("--registry,--to", f->registry,
                    "The target the bundle was loaded into, as given to load --to: "
                    "registry://HOST[:PORT][/PREFIX] or oci:DIR")
        ->required();
    add_target_flags(cmd, f->target, true);
    cmd->add_option("--state-dir", f->state_dir, "Loader state")->capture_default_str();
    cmd->add_flag("--json", global.json, "Print a machine-readable summary");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors");
    static constexpr ErrorCode codes[] = {ErrorCode::usage,     ErrorCode::io,
                                          ErrorCode::network,   ErrorCode::auth,
                                          ErrorCode::not_found, ErrorCode::integrity};
    static constexpr ExitMeaning meanings[] = {
        {ErrorCode::not_found,
         "the version was not loaded and verified here, or the target lacks an image"},
        {ErrorCode::integrity, "a manifest in the target does not match its recorded digest"}};
    cmd->footer("Example: airlock-load promote app 1.4.0 --channel prod --registry "
                "registry://registry.local:5000/mirror\n" +
                exit_code_help("promoted", codes, meanings));
    cmd->callback([f, &global] {
        global.run = [f, &global] {
            PromoteOptions o;
            o.state_dir = f->state_dir;
            o.name = f->name;
            o.version = f->version;
            o.channel = f->channel;
            o.registry = f->registry;
            o.destination = destination_options(f->target);
            PromoteSummary s = promote(o);
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
