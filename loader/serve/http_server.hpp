#pragma once
// An HTTP/1.1 server for `airlock-load serve`: keep-alive, TLS 1.2+ and
// mTLS through OpenSSL, file bodies sent with sendfile(2) on plain
// connections, a bound on open connections, time-outs against slow clients,
// and a drain on shutdown. It knows nothing of registries: every request goes
// to an HttpHandler (http_exchange.hpp). Boost.Beast and Asio stay inside
// http_server.cpp (chosen by measurement: bench/http_libraries/README.md).
#include "loader/serve/http_exchange.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace airlock::loader {

struct HttpServerOptions {
    std::string listen;            // "HOST:PORT", "[V6]:PORT"; port 0 picks a free one
    std::string tls_cert, tls_key; // PEM; both or neither
    std::string client_ca;         // PEM; with it, a client without a certificate is refused
    int max_connections = 512;
    // How long a connection may wait for its next request, and how long a
    // response may make no progress, before the connection is closed.
    std::chrono::seconds idle_timeout{30};
    std::chrono::seconds io_timeout{60};
    int threads = 4;
    // On stop, responses under way get this long to finish.
    std::chrono::seconds drain{10};
};

class HttpServer {
  public:
    // Binds and listens, or throws Error: usage for a bad address or TLS
    // option, io for unreadable TLS files, network when the address is taken.
    HttpServer(const HttpServerOptions& options, HttpHandler& handler);
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // "http://127.0.0.1:5000" or "https://[::1]:5443", with the bound port.
    std::string url() const;

    // Serves until SIGTERM or SIGINT arrives or stop() is called, then
    // drains. SIGHUP calls on_hangup on a server thread (it should hand long
    // work to a thread of its own). Returns the signal that ended it, or 0.
    int run(const std::function<void()>& on_hangup);
    // Thread-safe: makes run() drain and return.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace airlock::loader
