#pragma once
// What probe-egress says about a run: the start line naming every target, a
// line per target, a `LEAK:` line per target that was reachable, the
// Prometheus figures, and the exit status (0 none reachable, 2 a leak).
#include "common/core/time.hpp"
#include "loader/egress/egress_probe.hpp"

#include <string>
#include <vector>

namespace airlock::loader {

// The exit status of a run that found a leak. It equals the usage code on
// purpose of the issue that asked for it; a bad command line prints no LEAK
// line, so either way the operator has something to look at.
inline constexpr int egress_leak_exit = 2;

struct EgressReport {
    Timestamp started;
    double timeout_seconds = 0;
    std::vector<EgressResult> results;

    std::vector<const EgressResult*> leaks() const;
    // 0 when no target was reachable, egress_leak_exit otherwise.
    int exit_status() const;
    // One line per target, then one `LEAK: host:port reachable (detail)` line
    // per leak, then a summary line.
    std::string to_text() const;
    // Prometheus text format 0.0.4 for node_exporter's textfile collector:
    // airlock_egress_reachable{host,port} 0/1 per target and
    // airlock_egress_probe_timestamp_seconds (the start of the run).
    std::string to_prometheus() const;
};

// "probing N hosts: a:443, b:443; nothing else is contacted (...)".
std::string egress_start_line(const std::vector<EgressTarget>& targets);

} // namespace airlock::loader
