#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/io/temp_file.hpp"
#include "loader/commands/commands.hpp"
#include "loader/egress/egress_cronjob.hpp"
#include "loader/egress/egress_json.hpp"
#include "loader/egress/egress_report.hpp"
#include "loader/egress/network_prober.hpp"

#include <iostream>
#include <nlohmann/json.hpp>

namespace airlock::loader {

namespace {

struct ProbeEgressFlags {
    std::string hosts, timeout = "5s", prometheus, format, image, ns = "airlock",
                       schedule = "*/15 * * * *";
};

std::chrono::seconds probe_timeout(const std::string& text) {
    const std::chrono::seconds t = parse_duration(text);
    if (t > std::chrono::minutes(5)) {
        fail(ErrorCode::usage, "--timeout '" + text + "' is longer than 5m");
    }
    return t;
}

int run_probe_egress(const ProbeEgressFlags& f, const GlobalOptions& global) {
    const std::vector<EgressTarget> targets =
        f.hosts.empty() ? default_egress_targets() : parse_egress_targets(f.hosts);
    const std::chrono::seconds timeout = probe_timeout(f.timeout);
    if (f.format == "cronjob") {
        std::cout << egress_cronjob_yaml({f.image, f.ns, f.schedule, targets, timeout});
        return 0;
    }
    auto prober = std::make_shared<const NetworkProber>();
    std::cerr << egress_start_line(targets) << std::endl;
    EgressReport report;
    report.started = now_utc();
    report.timeout_seconds = static_cast<double>(timeout.count());
    report.results = probe_all(targets, timeout, prober);
    if (!f.prometheus.empty()) {
        write_file_atomic(f.prometheus, report.to_prometheus(), 0644);
    }
    if (global.json) {
        std::cout << to_json(report).dump(2) << std::endl;
    } else if (global.quiet) {
        for (const EgressResult* r : report.leaks()) {
            std::cout << "LEAK: " << r->target.str() << " reachable (" << r->detail << ")\n";
        }
    } else {
        std::cout << report.to_text();
    }
    return report.exit_status();
}

} // namespace

void register_probe_egress(CLI::App& app, GlobalOptions& global) {
    auto f = std::make_shared<ProbeEgressFlags>();
    auto* cmd = app.add_subcommand(
        "probe-egress",
        "Check the air gap from inside: try a TCP connection and then a TLS handshake to each "
        "public registry and report how each attempt failed (dns, refused, timeout, "
        "unreachable, tls, reached). Contacts the hosts it names in its first line and "
        "nothing else; reads no proxy settings. A TCP connection counts as a leak even when "
        "TLS then fails: the path is open.");
    cmd->add_option("--hosts", f->hosts,
                    "HOST[:PORT],... to probe instead of registry-1.docker.io, quay.io, gcr.io, "
                    "ghcr.io, registry.k8s.io, us-docker.pkg.dev, public.ecr.aws and "
                    "mcr.microsoft.com (port 443)");
    cmd->add_option("--timeout", f->timeout,
                    "Time for each host (resolving, connecting and the handshake); hosts are "
                    "probed at once, so this is about the time of the whole run")
        ->capture_default_str();
    cmd->add_option("--prometheus", f->prometheus,
                    "Also write airlock_egress_reachable per host and "
                    "airlock_egress_probe_timestamp_seconds to FILE (atomically, for "
                    "node_exporter's textfile collector)");
    CLI::Option* format = cmd->add_option(
        "--format", f->format,
        "cronjob: print a Kubernetes CronJob running this probe and the default-deny egress "
        "NetworkPolicy of its namespace, instead of probing");
    format->check(CLI::IsMember({"cronjob"}));
    cmd->add_option("--image", f->image,
                    "--format cronjob: the probe's image, pinned by digest (REPO@sha256:...)")
        ->needs(format);
    cmd->add_option("--namespace", f->ns, "--format cronjob: the namespace of both objects")
        ->capture_default_str()
        ->needs(format);
    cmd->add_option("--schedule", f->schedule, "--format cronjob: the CronJob's schedule")
        ->capture_default_str()
        ->needs(format);
    cmd->add_flag("--json", global.json, "Machine-readable report");
    cmd->add_flag("-q,--quiet", global.quiet, "Only the LEAK lines and errors");
    cmd->footer("Exit codes: 0 no host was reachable (or the CronJob was printed), 2 a host was "
                "reachable:\na LEAK line names each (2 is also a bad command line, which prints "
                "no LEAK line),\n4 I/O (--prometheus), 1 internal.\n"
                "Example: airlock-load probe-egress --timeout 5s --prometheus "
                "/var/lib/node_exporter/airlock_egress.prom");
    cmd->callback(
        [f, &global] { global.run = [f, &global] { return run_probe_egress(*f, global); }; });
}

} // namespace airlock::loader
