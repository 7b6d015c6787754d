#pragma once
// Private to http_server.cpp, the one translation unit that includes Asio:
// TLS straight on a TCP socket, as a stream Beast reads and writes. OpenSSL
// reads and writes the socket's descriptor itself (non-blocking) and Asio
// only waits for it to become readable or writable.
//
// Why not Asio's ssl::stream: it keeps two 17 KiB record buffers per
// connection, filled at construction, and passes every byte through a BIO
// pair holding 2 x 17 KiB more. A thousand idle keep-alive clients cost
// about 70 MiB that way. Here an idle connection holds OpenSSL's SSL object
// alone: SSL_MODE_RELEASE_BUFFERS (set on the context) frees its record
// buffers between records.
//
// One operation at a time: the server reads a request, then writes its
// answer, on the connection's strand. Every operation first checks that the
// socket is still open, so a connection the watchdog closed never has
// OpenSSL touch a descriptor number the kernel may have handed to another
// client since.

#include <boost/asio.hpp>
#include <boost/asio/ssl/error.hpp>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <memory>
#include <new>
#include <vector>

namespace airlock::loader {

class TlsSocketStream {
  public:
    using socket_type = boost::asio::ip::tcp::socket;
    using executor_type = socket_type::executor_type;
    using error_code = boost::system::error_code;

    // Throws std::bad_alloc when OpenSSL cannot make the connection's state.
    TlsSocketStream(socket_type socket, SSL_CTX* context)
        : socket_(std::move(socket)), ssl_(SSL_new(context)) {
        if (!ssl_ || SSL_set_fd(ssl_.get(), socket_.native_handle()) != 1) {
            throw std::bad_alloc();
        }
        socket_.non_blocking(true);
        // A retried write may come from a moved operation (its joined
        // buffer moved with it): the same bytes, another address.
        SSL_set_mode(ssl_.get(),
                     SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    }
    TlsSocketStream(const TlsSocketStream&) = delete;
    TlsSocketStream& operator=(const TlsSocketStream&) = delete;

    executor_type get_executor() { return socket_.get_executor(); }
    socket_type& next_layer() { return socket_; }
    SSL* native_handle() { return ssl_.get(); }

    // The server side of the handshake (client certificate checked as the
    // context says).
    template <typename Token> auto async_handshake(Token&& token) {
        return run(
            [](SSL* ssl, std::size_t& n) {
                n = 0;
                return SSL_accept(ssl);
            },
            std::forward<Token>(token));
    }

    template <typename Buffers, typename Token>
    auto async_read_some(const Buffers& buffers, Token&& token) {
        auto b = first<boost::asio::mutable_buffer>(buffers);
        return run(
            [b](SSL* ssl, std::size_t& n) { return SSL_read_ex(ssl, b.data(), b.size(), &n); },
            std::forward<Token>(token), b.size() == 0);
    }

    // Beast hands a response header over as dozens of small buffers; each
    // would become a TLS record and a system call of its own. Small ones
    // are joined (up to one record's worth), a large first one is written
    // in place.
    template <typename Buffers, typename Token>
    auto async_write_some(const Buffers& buffers, Token&& token) {
        auto b = first<boost::asio::const_buffer>(buffers);
        const std::size_t total = boost::asio::buffer_size(buffers);
        if (b.size() >= std::min(total, record_bytes)) {
            return run(
                [b](SSL* ssl, std::size_t& n) { return SSL_write_ex(ssl, b.data(), b.size(), &n); },
                std::forward<Token>(token), b.size() == 0);
        }
        std::vector<char> joined(std::min(total, record_bytes));
        boost::asio::buffer_copy(boost::asio::buffer(joined), buffers);
        return run(
            [joined = std::move(joined)](SSL* ssl, std::size_t& n) {
                return SSL_write_ex(ssl, joined.data(), joined.size(), &n);
            },
            std::forward<Token>(token));
    }

  private:
    static constexpr std::size_t record_bytes = 16 * 1024; // a TLS record's payload

    struct SslFree {
        void operator()(SSL* ssl) const { SSL_free(ssl); }
    };

    // One buffer per call, as write_some and read_some allow.
    template <typename Buffer, typename Buffers> static Buffer first(const Buffers& buffers) {
        for (auto it = boost::asio::buffer_sequence_begin(buffers);
             it != boost::asio::buffer_sequence_end(buffers); ++it) {
            Buffer b(*it);
            if (b.size() > 0) {
                return b;
            }
        }
        return Buffer();
    }

    // What a failed call means, as Asio's own TLS stream would say it.
    error_code failure(int ret) const {
        const int code = SSL_get_error(ssl_.get(), ret);
        if (code == SSL_ERROR_ZERO_RETURN) {
            return boost::asio::error::eof; // the peer's close_notify
        }
        const unsigned long e = ERR_get_error();
        if (code == SSL_ERROR_SYSCALL && e == 0) {
            return errno != 0 ? error_code(errno, boost::system::system_category())
                              : error_code(boost::asio::ssl::error::stream_truncated);
        }
        if (ERR_GET_LIB(e) == ERR_LIB_SSL &&
            ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
            return boost::asio::ssl::error::stream_truncated; // closed without close_notify
        }
        return error_code(static_cast<int>(e), boost::asio::error::get_ssl_category());
    }

    // Calls `call` until OpenSSL neither wants to read nor to write, waiting
    // for the socket in between. An answer known at once is posted, never
    // given from inside the initiating call.
    template <typename Call, typename Token>
    auto run(Call call, Token&& token, bool nothing_to_do = false) {
        enum class Step { start, waiting, posted };
        return boost::asio::async_compose<Token, void(error_code, std::size_t)>(
            [this, call, nothing_to_do, step = Step::start, result = error_code(),
             bytes = std::size_t(0)](auto& self, error_code ec = {}) mutable {
                if (step == Step::posted) {
                    self.complete(result, bytes);
                    return;
                }
                const bool first_call = step == Step::start;
                auto finish = [&](error_code r, std::size_t n) {
                    if (first_call) {
                        step = Step::posted;
                        result = r;
                        bytes = n;
                        boost::asio::post(socket_.get_executor(), std::move(self));
                    } else {
                        self.complete(r, n);
                    }
                };
                if (ec) {
                    finish(ec, 0); // the wait was cancelled: the socket closed
                    return;
                }
                if (!socket_.is_open()) {
                    finish(boost::asio::error::bad_descriptor, 0);
                    return;
                }
                if (nothing_to_do) {
                    finish({}, 0);
                    return;
                }
                ERR_clear_error();
                std::size_t n = 0;
                const int ret = call(ssl_.get(), n);
                if (ret == 1) {
                    finish({}, n);
                    return;
                }
                const int code = SSL_get_error(ssl_.get(), ret);
                if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE) {
                    step = Step::waiting;
                    socket_.async_wait(code == SSL_ERROR_WANT_READ ? socket_type::wait_read
                                                                   : socket_type::wait_write,
                                       std::move(self));
                    return;
                }
                finish(failure(ret), 0);
            },
            token, socket_);
    }

    socket_type socket_;
    std::unique_ptr<SSL, SslFree> ssl_;
};

} // namespace airlock::loader
