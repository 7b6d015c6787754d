#include "common/io/temp_file.hpp"
#include "common/log/log.hpp"
#include "loader/commands/commands.hpp"
#include "loader/license/license_store.hpp"
#include "loader/output/json_output.hpp"
#include "loader/promote/channels.hpp"
#include "loader/state/state_store.hpp"
#include "loader/status/status_report.hpp"
#include "loader/trust/effective_policy.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace airlock::loader {

void register_status(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string state_dir = "/var/lib/airlock", trust, prometheus;
        std::size_t keep = 3;
        std::string min_age = "30d";
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "status", "What is loaded (bundle, version, when, by which keys) and how fresh: age "
                  "of the newest load, time left on each signature and license, at trusted "
                  "time. Reads the state; writes nothing there.");
    cmd->add_option("--state-dir", f->state_dir, "Loader state")->capture_default_str();
    cmd->add_option("--trust", f->trust, "Extra trust policy, as for verify");
    cmd->add_option("--prometheus", f->prometheus,
                    "Also write the figures in Prometheus text format to FILE (atomically: "
                    "point node_exporter's textfile collector at its folder)");
    cmd->add_option("--keep", f->keep,
                    "Generations: weigh them as gc --keep N would (newest N per name kept)")
        ->capture_default_str();
    cmd->add_option("--min-age", f->min_age, "Generations: as gc --min-age")->capture_default_str();
    cmd->add_flag("--json", global.json, "Machine-readable report");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors");
    cmd->callback([f, &global] {
        global.run = [f, &global] {
            StateStore state(f->state_dir, StateStore::Access::read);
            EffectivePolicy policy = load_effective_policy(state, runtime_policy(f->trust));
            const Timestamp now = state.trusted_time();
            RetentionPolicy retention;
            retention.keep = f->keep;
            retention.min_age = parse_duration(f->min_age);
            StatusReport report = bundle_status(state, now, retention);
            report.policy_version = policy.policy.version;
            report.policy_origin = policy.origin;
            for (const StoredLicense& l : list_licenses(state, policy.policy, now)) {
                report.licenses.push_back(license_status(l, now));
            }
            const Channels channels = read_channels(state.dir());
            if (!f->prometheus.empty()) {
                write_file_atomic(f->prometheus,
                                  report.to_prometheus() + channels_prometheus(channels), 0644);
            }
            if (global.json) {
                nlohmann::json j = to_json(report);
                j["channels"] = channels_json(channels);
                std::cout << j.dump(2) << std::endl;
            } else if (!global.quiet) {
                std::cout << report.to_text() << channels_text(channels);
            }
            return 0;
        };
    });
}

} // namespace airlock::loader
