#include "loader/egress/egress_report.hpp"

#include "common/core/text.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace airlock::loader {

namespace {

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

} // namespace

std::vector<const EgressResult*> EgressReport::leaks() const {
    std::vector<const EgressResult*> out;
    for (const EgressResult& r : results) {
        if (is_leak(r.outcome)) {
            out.push_back(&r);
        }
    }
    return out;
}

int EgressReport::exit_status() const {
    return leaks().empty() ? 0 : egress_leak_exit;
}

std::string EgressReport::to_text() const {
    std::size_t width = 0;
    for (const EgressResult& r : results) {
        width = std::max(width, r.target.str().size());
    }
    std::ostringstream out;
    for (const EgressResult& r : results) {
        const std::string name = r.target.str();
        const std::string outcome(to_string(r.outcome));
        out << name << std::string(width - name.size() + 2, ' ') << outcome
            << std::string(13 - std::min<std::size_t>(outcome.size(), 12), ' ')
            << fixed(r.seconds, 2) << "s  " << r.detail << '\n';
    }
    const std::vector<const EgressResult*> leaked = leaks();
    for (const EgressResult* r : leaked) {
        out << "LEAK: " << r->target.str() << " reachable (" << r->detail << ")\n";
    }
    if (leaked.empty()) {
        out << "no host reachable (" << results.size() << " probed)\n";
    } else {
        out << leaked.size() << " of " << results.size() << " hosts reachable: egress is open\n";
    }
    return out.str();
}

std::string EgressReport::to_prometheus() const {
    std::ostringstream out;
    out << "# HELP airlock_egress_reachable Whether probe-egress opened a TCP connection to the "
           "host (1: a leak).\n"
           "# TYPE airlock_egress_reachable gauge\n";
    for (const EgressResult& r : results) {
        out << "airlock_egress_reachable{host=" << prometheus_label(r.target.host)
            << ",port=" << prometheus_label(std::to_string(r.target.port)) << "} "
            << (is_leak(r.outcome) ? 1 : 0) << '\n';
    }
    out << "# HELP airlock_egress_probe_timestamp_seconds When the last egress probe started, "
           "Unix seconds.\n"
           "# TYPE airlock_egress_probe_timestamp_seconds gauge\n"
           "airlock_egress_probe_timestamp_seconds "
        << started.time_since_epoch().count() << '\n';
    return out.str();
}

std::string egress_start_line(const std::vector<EgressTarget>& targets) {
    std::string out = "probing " + std::to_string(targets.size()) +
                      (targets.size() == 1 ? " host: " : " hosts: ");
    for (std::size_t i = 0; i < targets.size(); ++i) {
        out += (i == 0 ? "" : ", ") + targets[i].str();
    }
    return out + "; nothing else is contacted (names resolve through the system resolver)";
}

} // namespace airlock::loader
