#pragma once
// The probe's model and its one decision: a target counts as a leak when a
// TCP connection to it was established, whatever TLS then did (a path to the
// host is open; an intercepting proxy or a middlebox that breaks TLS is still
// egress). How a probe is made is behind Prober, so the report, the exit
// status and the parallel run are tested without a network.
#include "loader/egress/egress_target.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::loader {

// How far a probe got. The order is the ranking used when a host has several
// addresses: the outcome of the address that got furthest is reported.
enum class EgressOutcome {
    error,       // another local failure (EPERM from a local firewall, no socket, ...)
    dns,         // the name did not resolve (getaddrinfo failed or did not finish)
    unreachable, // ENETUNREACH, EHOSTUNREACH, ENETDOWN: no route
    timeout,     // no answer before the deadline (SYNs dropped)
    refused,     // ECONNREFUSED: a host answered with a reset
    tls,         // TCP connected, the TLS handshake failed: a leak
    reached,     // TCP connected and the TLS handshake completed: a leak
};

// "error", "dns", "unreachable", "timeout", "refused", "tls", "reached".
std::string_view to_string(EgressOutcome outcome);

// TCP connected: the path is open.
inline bool is_leak(EgressOutcome outcome) {
    return outcome == EgressOutcome::tls || outcome == EgressOutcome::reached;
}

struct EgressResult {
    EgressTarget target;
    EgressOutcome outcome = EgressOutcome::error;
    std::string detail; // one line: addresses tried and what each did
    double seconds = 0; // wall time of this probe
};

using EgressClock = std::chrono::steady_clock;

// One probe at a time per call; probe_all calls it from one thread per target,
// so an implementation must be safe to call concurrently.
class EgressProber {
  public:
    virtual ~EgressProber() = default;

    // Probes `target`, giving up at `deadline`; never throws. Before each
    // stage it stores in `if_abandoned` the outcome to report should the
    // caller stop waiting (dns while resolving: getaddrinfo cannot be
    // interrupted; tls once TCP connected). `seconds` is filled in by the caller.
    virtual EgressResult probe(const EgressTarget& target, EgressClock::time_point deadline,
                               std::atomic<EgressOutcome>& if_abandoned) const = 0;
};

// Probes every target at once, one thread each, all with the same deadline
// (now + timeout), and returns their results in the order of `targets`. A
// probe still running `grace` after the deadline is abandoned (its thread is
// detached and finishes on its own) and reported by its `if_abandoned` outcome,
// so the whole run takes about `timeout` however slow the resolver is.
std::vector<EgressResult>
probe_all(const std::vector<EgressTarget>& targets, std::chrono::milliseconds timeout,
          std::shared_ptr<const EgressProber> prober,
          std::chrono::milliseconds grace = std::chrono::milliseconds(500));

} // namespace airlock::loader
