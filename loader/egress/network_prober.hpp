#pragma once
// The real probe: getaddrinfo, then a non-blocking TCP connect to every
// address at once (poll until one connects, all fail or the deadline), then a
// TLS handshake on the connection. Raw sockets only: no proxy settings from the
// environment are read, and nothing but the target's addresses is contacted
// (apart from the system resolver, for names). The certificate is not
// verified: the question is whether a path exists, not whom it reaches.
#include "loader/egress/egress_probe.hpp"

namespace airlock::loader {

class NetworkProber final : public EgressProber {
  public:
    // Loads libssl (Error(internal) naming the package when it is missing),
    // so a missing library fails before anything is contacted.
    NetworkProber();

    // Blocks SIGPIPE in the calling thread: a peer closing during the
    // handshake must not end the process.
    EgressResult probe(const EgressTarget& target, EgressClock::time_point deadline,
                       std::atomic<EgressOutcome>& if_abandoned) const override;
};

} // namespace airlock::loader
