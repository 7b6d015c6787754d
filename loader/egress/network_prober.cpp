#include "loader/egress/network_prober.hpp"

#include "loader/egress/detail/tls_handshake.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <vector>

namespace airlock::loader {

namespace {

struct AddrinfoFree {
    void operator()(addrinfo* a) const { freeaddrinfo(a); }
};

// A socket descriptor, closed once.
class Socket {
  public:
    explicit Socket(int fd) : fd_(fd) {}
    Socket(Socket&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
    Socket& operator=(Socket&&) = delete;
    Socket(const Socket&) = delete;
    ~Socket() { close_now(); }
    int get() const { return fd_; }
    void close_now() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

  private:
    int fd_;
};

std::string address_text(const sockaddr* sa) {
    char buf[INET6_ADDRSTRLEN] = "?";
    if (sa->sa_family == AF_INET) {
        inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
        return buf;
    }
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
    return "[" + std::string(buf) + "]";
}

// What a failed connect's errno means for the report.
EgressOutcome classify(int err) {
    switch (err) {
    case ECONNREFUSED:
        return EgressOutcome::refused;
    case ENETUNREACH:
    case EHOSTUNREACH:
    case ENETDOWN:
    case EHOSTDOWN:
    case EADDRNOTAVAIL: // e.g. an IPv6 address with no IPv6 configured
        return EgressOutcome::unreachable;
    case ETIMEDOUT:
        return EgressOutcome::timeout;
    default:
        return EgressOutcome::error;
    }
}

std::string errno_text(int err) {
    return std::strerror(err);
}

struct Attempt {
    Socket socket;
    std::string address;
    bool pending = true;
    EgressOutcome outcome = EgressOutcome::timeout;
    std::string why = "no answer before the deadline";
};

void block_sigpipe() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

} // namespace

NetworkProber::NetworkProber() {
    detail::load_tls_library();
}

EgressResult NetworkProber::probe(const EgressTarget& target, EgressClock::time_point deadline,
                                  std::atomic<EgressOutcome>& if_abandoned) const {
    block_sigpipe();
    EgressResult result;
    result.target = target;

    if_abandoned.store(EgressOutcome::dns);
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    addrinfo* raw = nullptr;
    const std::string port = std::to_string(target.port);
    const int gai = getaddrinfo(target.host.c_str(), port.c_str(), &hints, &raw);
    std::unique_ptr<addrinfo, AddrinfoFree> addresses(raw);
    if (gai != 0) {
        result.outcome = EgressOutcome::dns;
        result.detail = std::string("cannot resolve ") + target.host + ": " +
                        (gai == EAI_SYSTEM ? errno_text(errno) : gai_strerror(gai));
        return result;
    }
    if (EgressClock::now() >= deadline) {
        result.outcome = EgressOutcome::dns;
        result.detail = "name resolution took the whole timeout; not connected";
        return result;
    }

    // Connect to every address at once: the run is bounded by the deadline,
    // and any address that accepts is a leak.
    if_abandoned.store(EgressOutcome::timeout);
    std::vector<Attempt> attempts;
    for (const addrinfo* a = addresses.get(); a != nullptr; a = a->ai_next) {
        Attempt at{Socket(socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                                 a->ai_protocol)),
                   address_text(a->ai_addr)};
        if (at.socket.get() < 0) {
            const int e = errno;
            at.pending = false;
            at.outcome = e == EAFNOSUPPORT ? EgressOutcome::unreachable : EgressOutcome::error;
            at.why = "socket: " + errno_text(e);
        } else if (connect(at.socket.get(), a->ai_addr, a->ai_addrlen) != 0 &&
                   errno != EINPROGRESS) {
            const int e = errno;
            at.pending = false;
            at.outcome = classify(e);
            at.why = errno_text(e);
        } else {
            // Connected at once (loopback) or in progress: poll says which.
        }
        attempts.push_back(std::move(at));
    }

    Attempt* connected = nullptr;
    while (connected == nullptr) {
        std::vector<pollfd> fds;
        std::vector<Attempt*> polled;
        for (Attempt& at : attempts) {
            if (at.pending) {
                fds.push_back({at.socket.get(), POLLOUT, 0});
                polled.push_back(&at);
            }
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - EgressClock::now());
        if (fds.empty() || left.count() <= 0) {
            break;
        }
        const int n = poll(fds.data(), fds.size(), static_cast<int>(left.count()));
        if (n < 0 && errno != EINTR) {
            result.outcome = EgressOutcome::error;
            result.detail = "poll: " + errno_text(errno);
            return result;
        }
        for (std::size_t i = 0; i < fds.size() && n > 0; ++i) {
            if (fds[i].revents == 0) {
                continue;
            }
            Attempt& at = *polled[i];
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(at.socket.get(), SOL_SOCKET, SO_ERROR, &err, &len);
            at.pending = false;
            if (err == 0) {
                connected = &at;
                break;
            }
            at.outcome = classify(err);
            at.why = errno_text(err);
        }
    }

    if (connected != nullptr) {
        for (Attempt& at : attempts) {
            if (&at != connected) {
                at.socket.close_now();
            }
        }
        if_abandoned.store(EgressOutcome::tls);
        in6_addr v6{};
        in_addr v4{};
        const bool literal = inet_pton(AF_INET6, target.host.c_str(), &v6) == 1 ||
                             inet_pton(AF_INET, target.host.c_str(), &v4) == 1;
        const detail::TlsHandshake tls = detail::tls_handshake(
            connected->socket.get(), literal ? std::string() : target.host, deadline);
        const std::string where = connected->address + ":" + port;
        if (tls.completed) {
            result.outcome = EgressOutcome::reached;
            result.detail =
                "TCP connected to " + where + ", TLS handshake completed (" + tls.detail + ")";
        } else {
            result.outcome = EgressOutcome::tls;
            result.detail = "TCP connected to " + where + ", TLS: " + tls.detail;
        }
        return result;
    }

    // Nothing connected: report the address that got furthest, list them all.
    result.outcome = EgressOutcome::error;
    bool first = true;
    for (const Attempt& at : attempts) {
        if (first || at.outcome > result.outcome) {
            result.outcome = at.outcome;
        }
        first = false;
        result.detail += (result.detail.empty() ? "" : "; ") + at.address + ":" + port + " " +
                         std::string(to_string(at.outcome)) + " (" + at.why + ")";
    }
    if (attempts.empty()) {
        result.outcome = EgressOutcome::dns;
        result.detail = "the name resolved to no address";
    }
    return result;
}

} // namespace airlock::loader
