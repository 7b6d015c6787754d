#include "loader/serve/http_server.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"

// Boost 1.74's awaitable.hpp uses std::exchange without including it.
#include <utility>

// Boost 1.74 enables co_await for clang only through libc++'s
// <experimental/coroutine>; clang 14 with libstdc++ has C++20's <coroutine>,
// which is what g++ gets.
#if defined(__clang__) && defined(__cpp_impl_coroutine) && __has_include(<coroutine>)
#include <coroutine>
#ifndef BOOST_ASIO_HAS_CO_AWAIT
#define BOOST_ASIO_HAS_CO_AWAIT 1
#endif
#ifndef BOOST_ASIO_HAS_STD_COROUTINE
#define BOOST_ASIO_HAS_STD_COROUTINE 1
#endif
#endif

#include "loader/serve/tls_socket_stream.hpp"

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <list>
#include <mutex>
#include <optional>
#include <sys/sendfile.h>
#include <thread>
#include <unistd.h>

namespace airlock::loader {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

constexpr std::size_t chunk_bytes = 256 * 1024;
// A request is a line and a few headers; a registry client never sends more.
constexpr std::uint32_t header_limit = 16 * 1024;

tcp::endpoint parse_listen(const std::string& text) {
    std::string host;
    std::string port;
    if (!text.empty() && text.front() == '[') {
        auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            fail(ErrorCode::usage, "--listen " + text + ": expected [ADDRESS]:PORT");
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string::npos) {
            fail(ErrorCode::usage, "--listen " + text + ": expected ADDRESS:PORT");
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) {
        fail(ErrorCode::usage, "--listen " + text + ": " + host +
                                   " is not an IP address (give 0.0.0.0 for every IPv4 address)");
    }
    unsigned value = 0;
    auto [end, err] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || err != std::errc{} || end != port.data() + port.size() || value > 65535) {
        fail(ErrorCode::usage, "--listen " + text + ": " + port + " is not a port number");
    }
    return {address, static_cast<unsigned short>(value)};
}

std::string endpoint_text(const tcp::endpoint& e) {
    std::string host = e.address().to_string();
    if (e.address().is_v6()) {
        host = "[" + host + "]";
    }
    return host + ":" + std::to_string(e.port());
}

void require_file(const std::string& flag, const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        fail(ErrorCode::io, flag + " " + path + ": no such file");
    }
}

std::unique_ptr<ssl::context> make_tls(const HttpServerOptions& o) {
    if (o.tls_cert.empty() != o.tls_key.empty()) {
        fail(ErrorCode::usage, "--tls-cert and --tls-key go together");
    }
    if (o.tls_cert.empty()) {
        if (!o.client_ca.empty()) {
            fail(ErrorCode::usage, "--client-ca needs --tls-cert and --tls-key");
        }
        return nullptr;
    }
    require_file("--tls-cert", o.tls_cert);
    require_file("--tls-key", o.tls_key);
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    // An idle connection then holds no read or write buffer: a thousand idle
    // TLS clients measured 84 MiB without it (bench/http_libraries). With
    // TlsSocketStream it is all an idle connection holds.
    SSL_CTX_set_mode(ctx->native_handle(), SSL_MODE_RELEASE_BUFFERS);
    error_code ec;
    ctx->use_certificate_chain_file(o.tls_cert, ec);
    if (ec) {
        fail(ErrorCode::spec, "--tls-cert " + o.tls_cert + ": " + ec.message());
    }
    ctx->use_private_key_file(o.tls_key, ssl::context::pem, ec);
    if (ec) {
        fail(ErrorCode::spec, "--tls-key " + o.tls_key + ": " + ec.message());
    }
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
        fail(ErrorCode::spec,
             "--tls-key " + o.tls_key + " is not the key of the certificate in " + o.tls_cert);
    }
    if (!o.client_ca.empty()) {
        require_file("--client-ca", o.client_ca);
        ctx->load_verify_file(o.client_ca, ec);
        if (ec) {
            fail(ErrorCode::spec, "--client-ca " + o.client_ca + ": " + ec.message());
        }
        // Tells clients which CA to pick a certificate for.
        if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(o.client_ca.c_str())) {
            SSL_CTX_set_client_CA_list(ctx->native_handle(), names);
        }
        ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
    }
    return ctx;
}

std::string peer_subject(SSL* ssl) {
    X509* cert = SSL_get1_peer_certificate(ssl);
    if (cert == nullptr) {
        return {};
    }
    std::string out;
    if (BIO* bio = BIO_new(BIO_s_mem())) {
        X509_NAME_print_ex(bio, X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
        char* data = nullptr;
        long n = BIO_get_mem_data(bio, &data);
        if (n > 0 && data != nullptr) {
            out.assign(data, static_cast<std::size_t>(n));
        }
        BIO_free(bio);
    }
    X509_free(cert);
    return out;
}

// One client connection. Its socket, timer and coroutines share one strand,
// so the watchdog that closes a stalled connection never races the exchange.
struct Connection {
    explicit Connection(tcp::socket s) : socket(std::move(s)), timer(socket.get_executor()) {}

    tcp::socket& lowest() { return tls ? tls->next_layer() : socket; }
    void close() {
        error_code ignored;
        lowest().shutdown(tcp::socket::shutdown_both, ignored);
        lowest().close(ignored);
    }

    tcp::socket socket; // moved into `tls` for HTTPS
    std::optional<TlsSocketStream> tls;
    asio::steady_timer timer;
    Clock::time_point deadline;
    bool finished = false;
    // Between reading a request and sending its last byte. Read by the
    // accept loop (another thread) to pick an idle connection to close.
    std::atomic<bool> busy{false};
    std::atomic<Clock::rep> idle_since{Clock::now().time_since_epoch().count()};
    std::atomic<bool> evicted{false};
    std::atomic<bool> gone{false}; // counted out of the open connections
    std::string peer;
    std::string subject;
};

} // namespace

struct HttpServer::Impl {
    Impl(const HttpServerOptions& o, HttpHandler& h)
        : options(o), handler(h), io(std::max(1, o.threads)), acceptor(io), signals(io),
          drain_timer(io) {
        tls = make_tls(o);
        // OpenSSL (TlsSocketStream) and sendfile write to sockets without
        // MSG_NOSIGNAL: a client that hangs up mid-answer must cost an EPIPE
        // on its connection, not SIGPIPE for the whole server.
        std::signal(SIGPIPE, SIG_IGN);
        tcp::endpoint endpoint = parse_listen(o.listen);
        error_code ec;
        acceptor.open(endpoint.protocol(), ec);
        if (!ec) {
            acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        }
        if (!ec && endpoint.address().is_v6()) {
            acceptor.set_option(asio::ip::v6_only(true), ec);
        }
        if (!ec) {
            acceptor.bind(endpoint, ec);
        }
        if (!ec) {
            acceptor.listen(asio::socket_base::max_listen_connections, ec);
        }
        if (ec) {
            fail(ErrorCode::network, "cannot listen on " + o.listen + ": " + ec.message());
        }
        // Signals are caught from here on, so one sent before run() waits for it.
        signals.add(SIGTERM);
        signals.add(SIGINT);
        signals.add(SIGHUP);
    }

    asio::awaitable<void> accept_loop();
    asio::awaitable<bool> room_for_one_more(asio::steady_timer& pause);
    asio::awaitable<void> session(std::shared_ptr<Connection> c);
    asio::awaitable<void> watchdog(std::shared_ptr<Connection> c);
    template <typename Stream>
    asio::awaitable<void> exchanges(Connection& c, Stream& s, bool plain);
    template <typename Stream>
    asio::awaitable<bool> respond(Connection& c, Stream& s, bool plain, bool head, bool keep,
                                  HttpResponse& res, HttpCompletion& done);
    template <typename Stream>
    asio::awaitable<bool> send_file(Connection& c, Stream& s, bool plain, FileBody& body,
                                    HttpCompletion& done);
    void begin_stop();
    void drain_until(Clock::time_point deadline);
    void connection_closed();

    HttpServerOptions options;
    HttpHandler& handler;
    std::unique_ptr<ssl::context> tls;
    asio::io_context io;
    tcp::acceptor acceptor;
    asio::signal_set signals;
    asio::steady_timer drain_timer;
    std::mutex mu; // guards live, open and stopping
    std::list<std::weak_ptr<Connection>> live;
    int open = 0;
    bool stopping = false;
    std::atomic<int> ended_by{0};
};

// At the bound, one new client is held (accepted, not yet served) while a
// keep-alive connection idle for a second is closed to make room for it;
// with none idle it waits for one to leave. Further clients wait in the
// kernel's queue meanwhile. False when the server stops instead.
asio::awaitable<bool> HttpServer::Impl::room_for_one_more(asio::steady_timer& pause) {
    for (;;) {
        std::shared_ptr<Connection> idle;
        {
            std::lock_guard lock(mu);
            if (stopping) {
                co_return false;
            }
            if (open < options.max_connections) {
                co_return true;
            }
            auto cutoff = (Clock::now() - std::chrono::seconds(1)).time_since_epoch().count();
            bool closing = false; // one given way already, not gone yet
            for (auto& w : live) {
                auto c = w.lock();
                closing = closing || (c && c->evicted && !c->gone);
                if (c && !idle && !c->busy && !c->evicted && c->idle_since.load() < cutoff) {
                    idle = std::move(c);
                }
            }
            if (closing) {
                idle.reset();
            }
        }
        if (idle) {
            idle->evicted = true;
            asio::post(idle->timer.get_executor(), [idle] {
                if (!idle->busy && !idle->finished) {
                    log::debug("closing idle connection from " + idle->peer +
                               " for a new client (--max-connections reached)");
                    idle->close();
                }
            });
        }
        pause.expires_after(std::chrono::milliseconds(20));
        error_code ignored;
        co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
}

asio::awaitable<void> HttpServer::Impl::accept_loop() {
    asio::steady_timer pause(io);
    for (;;) {
        tcp::socket socket(asio::make_strand(io));
        error_code ec;
        co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (ec == asio::error::operation_aborted || !acceptor.is_open()) {
                co_return;
            }
            // Out of descriptors, or the like: wait instead of spinning.
            log::warn("accepting a connection failed: " + ec.message());
            pause.expires_after(std::chrono::milliseconds(100));
            error_code ignored;
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
            continue;
        }
        if (!co_await room_for_one_more(pause)) {
            co_return; // stopping: the held socket closes unanswered
        }
        auto c = std::make_shared<Connection>(std::move(socket));
        int now_open = 0;
        {
            std::lock_guard lock(mu);
            live.remove_if([](const std::weak_ptr<Connection>& w) { return w.expired(); });
            live.push_back(c);
            now_open = ++open;
        }
        handler.connections(now_open);
        asio::co_spawn(c->socket.get_executor(), session(c), asio::detached);
    }
}

void HttpServer::Impl::connection_closed() {
    int now_open = 0;
    {
        std::lock_guard lock(mu);
        now_open = --open;
    }
    handler.connections(now_open);
}

// While stopping: looks every 50 ms whether the last connection has closed
// (then the timer is the last work and run() returns), and stops the rest
// at the deadline. Polling, because a cancel sent from a closing
// connection could arrive before the wait it should cancel.
void HttpServer::Impl::drain_until(Clock::time_point deadline) {
    drain_timer.expires_after(std::chrono::milliseconds(50));
    drain_timer.async_wait([this, deadline](const error_code& ec) {
        if (ec) {
            return;
        }
        {
            std::lock_guard lock(mu);
            if (open == 0) {
                return;
            }
        }
        if (Clock::now() >= deadline) {
            log::warn("stopping with responses still under way (the drain time passed)");
            io.stop();
            return;
        }
        drain_until(deadline);
    });
}

asio::awaitable<void> HttpServer::Impl::watchdog(std::shared_ptr<Connection> c) {
    while (!c->finished) {
        c->timer.expires_at(c->deadline);
        error_code ignored;
        co_await c->timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        if (!c->finished && Clock::now() >= c->deadline) {
            log::debug("closing connection from " + c->peer + ": " +
                       (c->busy ? "no progress sending a response" : "idle"));
            c->close();
            co_return;
        }
    }
}

asio::awaitable<void> HttpServer::Impl::session(std::shared_ptr<Connection> c) {
    error_code ec;
    auto remote = c->socket.remote_endpoint(ec);
    c->peer = ec ? std::string("unknown") : endpoint_text(remote);
    c->deadline = Clock::now() + options.idle_timeout;
    asio::co_spawn(c->socket.get_executor(), watchdog(c), asio::detached);
    try {
        c->socket.set_option(tcp::no_delay(true));
        if (tls) {
            c->tls.emplace(std::move(c->socket), tls->native_handle());
            error_code hs;
            co_await c->tls->async_handshake(asio::redirect_error(asio::use_awaitable, hs));
            if (hs) {
                // Scanners and clients without a certificate end here, many
                // times over: worth a line, not a warning.
                log::info("TLS handshake with " + c->peer + " failed: " + hs.message());
            } else {
                c->subject = peer_subject(c->tls->native_handle());
                co_await exchanges(*c, *c->tls, false);
            }
        } else {
            co_await exchanges(*c, c->socket, true);
        }
    } catch (const std::exception& e) {
        log::debug("connection from " + c->peer + " ended: " + e.what());
    }
    c->finished = true;
    c->timer.cancel();
    c->close();
    connection_closed();
    c->gone = true;
}

template <typename Stream>
asio::awaitable<void> HttpServer::Impl::exchanges(Connection& c, Stream& s, bool plain) {
    beast::flat_buffer buffer(header_limit + 1024);
    for (;;) {
        {
            std::lock_guard lock(mu);
            if (stopping) {
                co_return;
            }
        }
        c.busy = false;
        c.idle_since = Clock::now().time_since_epoch().count();
        c.deadline = Clock::now() + options.idle_timeout;
        http::request_parser<http::empty_body> parser;
        parser.header_limit(header_limit);
        error_code ec;
        co_await http::async_read_header(s, buffer, parser,
                                         asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            bool quiet = ec == http::error::end_of_stream || ec == asio::error::eof ||
                         ec == asio::error::operation_aborted ||
                         ec == asio::error::connection_reset || ec == ssl::error::stream_truncated;
            if (!quiet && buffer.size() > 0) {
                // Not HTTP, or headers too long: say so once and hang up.
                c.busy = true;
                c.deadline = Clock::now() + options.io_timeout;
                http::response<http::string_body> bad{http::status::bad_request, 11};
                bad.set(http::field::content_type, "text/plain");
                bad.body() = "malformed request: " + ec.message() + "\n";
                bad.keep_alive(false);
                bad.prepare_payload();
                error_code ignored;
                co_await http::async_write(s, bad,
                                           asio::redirect_error(asio::use_awaitable, ignored));
            }
            co_return;
        }
        c.busy = true;
        auto start = Clock::now();
        const auto& req = parser.get();
        HttpRequest request;
        request.method = std::string(req.method_string());
        request.target = std::string(req.target());
        if (auto range = req.find(http::field::range); range != req.end()) {
            request.range = std::string(range->value());
        }
        request.peer = c.peer;
        request.client_subject = c.subject;
        // A body would have to be read to find the next request; this server
        // takes none (it is read-only), so the connection ends after the answer.
        bool stopping_now = false;
        {
            std::lock_guard lock(mu);
            stopping_now = stopping;
        }
        bool keep = req.keep_alive() && parser.is_done() && !stopping_now;
        HttpResponse res;
        try {
            res = handler.handle(request);
        } catch (const std::exception& e) {
            log::error("answering " + request.method + " " + request.target + ": " + e.what());
            res = HttpResponse{};
            res.status = 500;
            res.headers = {{"Content-Type", "text/plain"}};
            res.body = std::string("internal error\n");
            res.content_length = 15;
        }
        HttpCompletion done;
        done.status = res.status;
        bool whole =
            co_await respond(c, s, plain, req.method() == http::verb::head, keep, res, done);
        done.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        handler.completed(request, done);
        if (!whole || !keep) {
            co_return;
        }
    }
}

template <typename Stream>
asio::awaitable<bool> HttpServer::Impl::respond(Connection& c, Stream& s, bool plain, bool head,
                                                bool keep, HttpResponse& res,
                                                HttpCompletion& done) {
    http::response<http::empty_body> header{static_cast<http::status>(res.status), 11};
    for (const auto& [name, value] : res.headers) {
        header.insert(name, value);
    }
    header.content_length(res.content_length);
    header.keep_alive(keep);
    c.deadline = Clock::now() + options.io_timeout;
    error_code ec;
    auto* text = std::get_if<std::string>(&res.body);
    if (text != nullptr && !head && !text->empty()) {
        http::response<http::string_body> full{std::move(header.base()), std::move(*text)};
        co_await http::async_write(s, full, asio::redirect_error(asio::use_awaitable, ec));
        done.cut = static_cast<bool>(ec);
        done.body_bytes = ec ? 0 : full.body().size();
        co_return !ec;
    }
    http::response_serializer<http::empty_body> serializer{header};
    co_await http::async_write_header(s, serializer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
        done.cut = true;
        co_return false;
    }
    if (head || text != nullptr) {
        co_return true;
    }
    co_return co_await send_file(c, s, plain, std::get<FileBody>(res.body), done);
}

template <typename Stream>
asio::awaitable<bool> HttpServer::Impl::send_file(Connection& c, Stream& s, bool plain,
                                                  FileBody& body, HttpCompletion& done) {
    BodyObserver* observer = body.observer.get();
    // The connection is closed by the session once the exchange is logged,
    // so the access log has the cut before the client can ask again.
    auto cut = [&](const std::string& why) {
        log::warn("cut the connection from " + c.peer + ": " + why);
        done.cut = true;
    };
    if (plain && (observer == nullptr || observer->bytes_not_needed())) {
        tcp::socket& socket = c.lowest();
        socket.native_non_blocking(true);
        for (const FileSegment& seg : body.segments) {
            off_t offset = static_cast<off_t>(seg.offset);
            std::uint64_t left = seg.length;
            while (left > 0) {
                std::size_t want =
                    static_cast<std::size_t>(std::min<std::uint64_t>(left, 1u << 30));
                ssize_t n = ::sendfile(socket.native_handle(), seg.fd, &offset, want);
                if (n > 0) {
                    left -= static_cast<std::uint64_t>(n);
                    done.body_bytes += static_cast<std::uint64_t>(n);
                    c.deadline = Clock::now() + options.io_timeout;
                } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
                    error_code ec;
                    co_await socket.async_wait(tcp::socket::wait_write,
                                               asio::redirect_error(asio::use_awaitable, ec));
                    if (ec) {
                        done.cut = true;
                        co_return false;
                    }
                } else if (n == 0) {
                    cut("the bundle file ended early (was it truncated?)");
                    co_return false;
                } else {
                    // The peer left (EPIPE, ECONNRESET) or the file cannot be read.
                    done.cut = true;
                    co_return false;
                }
            }
        }
        co_return true;
    }

    std::uint64_t total = 0;
    for (const FileSegment& seg : body.segments) {
        total += seg.length;
    }
    std::vector<std::byte> buf(
        static_cast<std::size_t>(std::min<std::uint64_t>(total, chunk_bytes)));
    std::uint64_t sent = 0;
    for (const FileSegment& seg : body.segments) {
        std::uint64_t offset = seg.offset;
        std::uint64_t left = seg.length;
        while (left > 0) {
            std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, buf.size()));
            ssize_t n = ::pread(seg.fd, buf.data(), want, static_cast<off_t>(offset));
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n <= 0) {
                cut(n == 0 ? "the bundle file ended early (was it truncated?)"
                           : std::string("reading the bundle failed: ") + std::strerror(errno));
                co_return false;
            }
            auto got = static_cast<std::size_t>(n);
            offset += got;
            left -= got;
            if (observer != nullptr) {
                observer->see(std::span<const std::byte>(buf.data(), got));
                // The last byte goes out only if every byte was the promised one.
                if (sent + got == total && !observer->finish()) {
                    cut("its bytes do not match their digest");
                    co_return false;
                }
            }
            error_code ec;
            co_await asio::async_write(s, asio::buffer(buf.data(), got),
                                       asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                done.cut = true;
                co_return false;
            }
            sent += got;
            done.body_bytes = sent;
            c.deadline = Clock::now() + options.io_timeout;
        }
    }
    co_return true;
}

void HttpServer::Impl::begin_stop() {
    std::vector<std::shared_ptr<Connection>> idle;
    bool drained = false;
    {
        std::lock_guard lock(mu);
        if (stopping) {
            return;
        }
        stopping = true;
        for (auto& w : live) {
            if (auto c = w.lock()) {
                idle.push_back(std::move(c));
            }
        }
        drained = open == 0;
    }
    error_code ignored;
    acceptor.close(ignored);
    signals.cancel(ignored);
    // Connections waiting for a request close now; those sending finish first.
    for (auto& c : idle) {
        asio::post(c->timer.get_executor(), [c] {
            if (!c->busy && !c->finished) {
                c->close();
            }
        });
    }
    if (!drained) {
        drain_until(Clock::now() + options.drain);
    }
}

HttpServer::HttpServer(const HttpServerOptions& options, HttpHandler& handler)
    : impl_(std::make_unique<Impl>(options, handler)) {}

HttpServer::~HttpServer() = default;

std::string HttpServer::url() const {
    error_code ec;
    auto e = impl_->acceptor.local_endpoint(ec);
    return std::string(impl_->tls ? "https://" : "http://") + (ec ? "?" : endpoint_text(e));
}

int HttpServer::run(const std::function<void()>& on_hangup) {
    Impl& impl = *impl_;
    std::function<void(const error_code&, int)> on_signal = [&](const error_code& ec, int sig) {
        if (ec) {
            return;
        }
        if (sig == SIGHUP) {
            on_hangup();
            impl.signals.async_wait(on_signal);
            return;
        }
        impl.ended_by = sig;
        impl.begin_stop();
    };
    impl.signals.async_wait(on_signal);
    asio::co_spawn(impl.io, impl.accept_loop(), asio::detached);
    std::vector<std::thread> threads;
    for (int i = 1; i < std::max(1, impl.options.threads); ++i) {
        threads.emplace_back([&impl] { impl.io.run(); });
    }
    impl.io.run();
    for (auto& t : threads) {
        t.join();
    }
    return impl.ended_by.load();
}

void HttpServer::stop() {
    asio::post(impl_->io, [this] { impl_->begin_stop(); });
}

} // namespace airlock::loader
