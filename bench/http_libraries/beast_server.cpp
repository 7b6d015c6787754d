// Boost.Beast/Asio prototype: C++20 coroutines on one io_context run by 2
// threads, OpenSSL through asio::ssl. Beast parses and writes the headers;
// on plain connections the blob body goes out with sendfile(2) on the
// socket's descriptor, under TLS it is pread into a buffer and written.
#include "proto_common.hpp"

#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <atomic>
#include <fcntl.h>
#include <sys/sendfile.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

proto::Args g_args;
int g_fd = -1;
std::atomic<int> g_connections{0};
constexpr int max_connections = 4096;

// Body bytes after the header: zero-copy where the stream is a plain socket.
asio::awaitable<void> send_body(tcp::socket& s, std::uint64_t off, std::uint64_t n) {
    while (n > 0) {
        off_t o = static_cast<off_t>(off);
        ssize_t w = ::sendfile(s.native_handle(), g_fd, &o, n > (1u << 30) ? (1u << 30) : n);
        if (w > 0) {
            off += w;
            n -= w;
        } else if (w < 0 && errno == EAGAIN) {
            co_await s.async_wait(tcp::socket::wait_write, asio::use_awaitable);
        } else {
            throw beast::system_error(beast::error_code(errno, beast::system_category()));
        }
    }
}

asio::awaitable<void> send_body(ssl::stream<tcp::socket>& s, std::uint64_t off, std::uint64_t n) {
    std::vector<char> buf(256 * 1024);
    while (n > 0) {
        size_t want = n < buf.size() ? n : buf.size();
        ssize_t r = ::pread(g_fd, buf.data(), want, static_cast<off_t>(off));
        if (r <= 0) {
            throw beast::system_error(beast::error_code(EIO, beast::system_category()));
        }
        co_await asio::async_write(s, asio::buffer(buf.data(), r), asio::use_awaitable);
        off += r;
        n -= r;
    }
}

template <class Stream>
asio::awaitable<void> serve(Stream& s) {
    beast::flat_buffer buf;
    for (;;) {
        http::request<http::empty_body> req;
        co_await http::async_read(s, buf, req, asio::use_awaitable);
        bool head = req.method() == http::verb::head;
        if (req.target() == "/manifest") {
            http::response<http::string_body> res{http::status::ok, req.version()};
            res.set(http::field::content_type, "application/vnd.oci.image.manifest.v1+json");
            res.body() = proto::manifest_body();
            res.prepare_payload();
            res.keep_alive(req.keep_alive());
            if (head) {
                http::response<http::empty_body> h{res.base()};
                co_await http::async_write(s, h, asio::use_awaitable);
            } else {
                co_await http::async_write(s, res, asio::use_awaitable);
            }
        } else if (req.target() == "/blob") {
            http::response<http::empty_body> res{http::status::ok, req.version()};
            res.keep_alive(req.keep_alive());
            res.set(http::field::accept_ranges, "bytes");
            proto::Range range{0, g_args.length};
            auto rh = req.find(http::field::range);
            auto rr = rh == req.end() ? proto::RangeResult::whole
                                      : proto::parse_range(std::string_view(rh->value().data(), rh->value().size()), g_args.length, range);
            if (rr == proto::RangeResult::unsatisfiable) {
                res.result(http::status::range_not_satisfiable);
                res.set(http::field::content_range, "bytes */" + std::to_string(g_args.length));
                res.content_length(0);
                co_await http::async_write(s, res, asio::use_awaitable);
            } else {
                if (rr == proto::RangeResult::partial) {
                    res.result(http::status::partial_content);
                    res.set(http::field::content_range, proto::content_range(range, g_args.length));
                } else {
                    range = {0, g_args.length};
                }
                res.set(http::field::content_type, "application/octet-stream");
                res.content_length(range.count);
                http::response_serializer<http::empty_body> sr{res};
                co_await http::async_write_header(s, sr, asio::use_awaitable);
                if (!head) {
                    co_await send_body(s, g_args.offset + range.first, range.count);
                }
            }
        } else {
            http::response<http::empty_body> res{http::status::not_found, req.version()};
            res.content_length(0);
            co_await http::async_write(s, res, asio::use_awaitable);
        }
        if (!req.keep_alive()) {
            co_return;
        }
    }
}

asio::awaitable<void> session(tcp::socket sock, ssl::context* tls) {
    struct Count {
        Count() { ++g_connections; }
        ~Count() { --g_connections; }
    } count;
    try {
        sock.set_option(tcp::no_delay(true));
        if (tls != nullptr) {
            ssl::stream<tcp::socket> s(std::move(sock), *tls);
            co_await s.async_handshake(ssl::stream_base::server, asio::use_awaitable);
            co_await serve(s);
        } else {
            co_await serve(sock);
        }
    } catch (const std::exception&) {
        // peer gone or bad request: the connection ends
    }
}

asio::awaitable<void> listen(tcp::acceptor& acc, ssl::context* tls) {
    for (;;) {
        tcp::socket sock = co_await acc.async_accept(asio::use_awaitable);
        if (g_connections.load() >= max_connections) {
            continue;  // over the limit: closed at once
        }
        asio::co_spawn(acc.get_executor(), session(std::move(sock), tls), asio::detached);
    }
}

}  // namespace

int main(int argc, char** argv) {
    g_args = proto::parse_args(argc, argv);
    g_fd = open(g_args.file.c_str(), O_RDONLY | O_CLOEXEC);
    if (g_fd < 0) {
        std::perror("open");
        return 1;
    }
    asio::io_context io{2};
    ssl::context ctx{ssl::context::tls_server};
    ssl::context* tls = nullptr;
    if (g_args.tls()) {
        ctx.set_options(ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                        ssl::context::no_tlsv1_1);
        ctx.use_certificate_chain_file(g_args.cert);
        ctx.use_private_key_file(g_args.key, ssl::context::pem);
        tls = &ctx;
    }
    tcp::acceptor acc{io, {asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(g_args.port)}};
    acc.listen(4096);
    asio::co_spawn(io, listen(acc, tls), asio::detached);
    asio::signal_set signals{io, SIGTERM, SIGINT};
    signals.async_wait([&](auto, int) { io.stop(); });
    std::thread other{[&] { io.run(); }};
    io.run();
    other.join();
    return 0;
}
