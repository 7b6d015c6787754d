// libssl is loaded with dlopen like the other optional libraries
// (common/runtime): the loader library links no C library, and only this
// command needs TLS on a bare socket. The pointers are typed from the
// declarations in <openssl/ssl.h>, so the compiler checks every call.
#include "loader/egress/detail/tls_handshake.hpp"

#include "common/runtime/runtime_library.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <poll.h>

namespace airlock::loader::detail {

namespace {

constexpr runtime::RuntimeLibrary libssl{"libssl.so.3", "libssl3"};

struct SslFunctions {
    decltype(&::TLS_client_method) client_method;
    decltype(&::SSL_CTX_new) ctx_new;
    decltype(&::SSL_CTX_free) ctx_free;
    decltype(&::SSL_new) ssl_new;
    decltype(&::SSL_free) ssl_free;
    decltype(&::SSL_set_fd) set_fd;
    decltype(&::SSL_ctrl) ctrl;
    decltype(&::SSL_connect) connect;
    decltype(&::SSL_get_error) get_error;
    decltype(&::SSL_get_version) get_version;
};

template <typename Fn> void bind(Fn& fn, const char* name) {
    fn = reinterpret_cast<Fn>(runtime::symbol(libssl, name));
}

const SslFunctions& ssl() {
    static const SslFunctions f = [] {
        SslFunctions s{};
        bind(s.client_method, "TLS_client_method");
        bind(s.ctx_new, "SSL_CTX_new");
        bind(s.ctx_free, "SSL_CTX_free");
        bind(s.ssl_new, "SSL_new");
        bind(s.ssl_free, "SSL_free");
        bind(s.set_fd, "SSL_set_fd");
        bind(s.ctrl, "SSL_ctrl");
        bind(s.connect, "SSL_connect");
        bind(s.get_error, "SSL_get_error");
        bind(s.get_version, "SSL_get_version");
        return s;
    }();
    return f;
}

struct CtxFree {
    void operator()(SSL_CTX* c) const { ssl().ctx_free(c); }
};
struct SslFree {
    void operator()(SSL* s) const { ssl().ssl_free(s); }
};

std::string openssl_reason() {
    const unsigned long e = ERR_get_error();
    if (e == 0) {
        return "no reason given";
    }
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    return buf;
}

} // namespace

void load_tls_library() {
    (void)ssl();
}

TlsHandshake tls_handshake(int fd, const std::string& server_name,
                           std::chrono::steady_clock::time_point deadline) {
    const SslFunctions& f = ssl();
    ERR_clear_error();
    std::unique_ptr<SSL_CTX, CtxFree> ctx(f.ctx_new(f.client_method()));
    if (!ctx) {
        return {false, "cannot create a TLS context: " + openssl_reason()};
    }
    std::unique_ptr<SSL, SslFree> s(f.ssl_new(ctx.get()));
    if (!s || f.set_fd(s.get(), fd) != 1) {
        return {false, "cannot set up TLS on the socket: " + openssl_reason()};
    }
    if (!server_name.empty()) {
        // SSL_set_tlsext_host_name, a macro over SSL_ctrl.
        f.ctrl(s.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
               const_cast<char*>(server_name.c_str()));
    }
    while (true) {
        errno = 0;
        const int rc = f.connect(s.get());
        if (rc == 1) {
            return {true, f.get_version(s.get())};
        }
        const int err = f.get_error(s.get(), rc);
        short events = 0;
        if (err == SSL_ERROR_WANT_READ) {
            events = POLLIN;
        } else if (err == SSL_ERROR_WANT_WRITE) {
            events = POLLOUT;
        } else if (err == SSL_ERROR_SSL) {
            return {false, "handshake failed: " + openssl_reason()};
        } else if (err == SSL_ERROR_SYSCALL || err == SSL_ERROR_ZERO_RETURN) {
            const int e = errno;
            return {false, e == 0 ? "the peer closed the connection during the handshake"
                                  : std::string("handshake failed: ") + std::strerror(e)};
        } else {
            return {false, "handshake failed (SSL_get_error " + std::to_string(err) + ")"};
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return {false, "no TLS answer before the deadline"};
        }
        pollfd p{fd, events, 0};
        const int n = poll(&p, 1, static_cast<int>(left.count()));
        if (n < 0 && errno != EINTR) {
            return {false, std::string("poll: ") + std::strerror(errno)};
        }
    }
}

} // namespace airlock::loader::detail
