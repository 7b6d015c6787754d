// The real prober on loopback only: a listening socket (the kernel completes
// the TCP handshake from its backlog, nobody answers TLS) and a bound socket
// that does not listen (a connect is refused).
#include "loader/egress/network_prober.hpp"

#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace airlock::loader;
using namespace std::chrono_literals;

namespace {

// A TCP socket bound to 127.0.0.1 on a free port, listening or not.
class LoopbackSocket {
  public:
    explicit LoopbackSocket(bool listening) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
        REQUIRE(fd_ >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        socklen_t len = sizeof a;
        REQUIRE(getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        port_ = ntohs(a.sin_port);
        if (listening) {
            REQUIRE(listen(fd_, 4) == 0);
        }
    }
    ~LoopbackSocket() { close(fd_); }
    LoopbackSocket(const LoopbackSocket&) = delete;
    LoopbackSocket& operator=(const LoopbackSocket&) = delete;
    std::uint16_t port() const { return port_; }

  private:
    int fd_;
    std::uint16_t port_ = 0;
};

EgressResult probe_once(const EgressTarget& target, std::chrono::milliseconds timeout) {
    std::atomic<EgressOutcome> stage{EgressOutcome::dns};
    return NetworkProber().probe(target, EgressClock::now() + timeout, stage);
}

} // namespace

TEST_CASE("network prober: an accepting port is a leak though TLS never answers", "[egress]") {
    LoopbackSocket listener(true);
    const auto start = EgressClock::now();
    const EgressResult r = probe_once({"127.0.0.1", listener.port()}, 300ms);
    CHECK(EgressClock::now() - start < 2s);
    CHECK(r.outcome == EgressOutcome::tls);
    CHECK(is_leak(r.outcome));
    CHECK(r.detail.find("TCP connected to 127.0.0.1:") == 0);
}

TEST_CASE("network prober: a port nobody listens on is refused", "[egress]") {
    LoopbackSocket bound(false);
    const EgressResult r = probe_once({"127.0.0.1", bound.port()}, 2s);
    CHECK(r.outcome == EgressOutcome::refused);
    CHECK_FALSE(is_leak(r.outcome));
    CHECK(r.detail.find("127.0.0.1:" + std::to_string(bound.port()) + " refused") == 0);
}
