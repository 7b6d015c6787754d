#pragma once
// Private to loader/egress: a TLS client handshake on a connected
// non-blocking socket, through libssl loaded on first use (as libcrypto is,
// common/runtime); no OpenSSL type leaves this pair of files.
#include <chrono>
#include <string>

namespace airlock::loader::detail {

// Loads libssl and the functions the handshake uses; Error(internal) naming
// the package when they are missing. Called once before any thread starts.
void load_tls_library();

struct TlsHandshake {
    bool completed = false;
    std::string detail; // "TLSv1.3" when completed; why not, otherwise
};

// Sends a ClientHello with `server_name` as SNI (none for IP literals) on
// `fd` and waits for the handshake until `deadline`. Does not verify the
// peer's certificate. Leaves `fd` open.
TlsHandshake tls_handshake(int fd, const std::string& server_name,
                           std::chrono::steady_clock::time_point deadline);

} // namespace airlock::loader::detail
