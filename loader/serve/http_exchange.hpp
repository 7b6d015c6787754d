#pragma once
// What the HTTP server and the registry routes hand each other, without any
// HTTP library: the server parses a request into an HttpRequest, asks an
// HttpHandler for an HttpResponse, writes it, and reports how it went. Boost
// stays inside http_server.cpp.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace airlock::loader {

struct HttpRequest {
    std::string method; // "GET", "HEAD", "PUT", ... as sent
    std::string target; // path and query as sent ("/v2/a/tags/list?n=2")
    std::string range;  // the Range header, empty when absent
    std::string peer;   // client address, "127.0.0.1:40312" or "[::1]:40312"
    // The verified client certificate's subject (RFC 2253) under mTLS, else empty.
    std::string client_subject;
};

// Bytes of an open file. A blob of a split bundle may span volumes, hence a list.
struct FileSegment {
    int fd = -1;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

// Watches a file body while it is sent. Unless bytes_not_needed(), the server
// passes every byte of the body to see(), in order, and calls finish() before
// it sends the body's last byte: false means the bytes are not the ones
// promised, and the server closes the connection without sending it, so no
// client can take a wrong body for a whole one.
class BodyObserver {
  public:
    virtual ~BodyObserver() = default;
    // True once the bytes are known good: the server may send them unseen
    // (sendfile on a plain connection).
    virtual bool bytes_not_needed() const = 0;
    virtual void see(std::span<const std::byte> bytes) = 0;
    virtual bool finish() = 0;
};

struct FileBody {
    std::vector<FileSegment> segments;      // sent in order; lengths sum to content_length
    std::shared_ptr<BodyObserver> observer; // may be null: nothing to check
    // Holds whatever owns the descriptors (a served bundle) until the body is
    // sent, so a bundle replaced meanwhile stays open for this download.
    std::shared_ptr<const void> owner;
};

struct HttpResponse {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers; // without Content-Length
    // The Content-Length to send: the body's size, also for HEAD.
    std::uint64_t content_length = 0;
    // The body, unless the request was HEAD (then it is not sent, whatever it holds).
    std::variant<std::string, FileBody> body;
};

// How one exchange ended, for the access log and metrics.
struct HttpCompletion {
    int status = 0;
    std::uint64_t body_bytes = 0; // body bytes actually written
    double seconds = 0;           // from the request's first byte to the last byte sent
    bool cut = false;             // closed before the whole body went out
};

class HttpHandler {
  public:
    virtual ~HttpHandler() = default;
    // Called on a server thread, concurrently for different connections.
    // Must not throw for bad input: that is a 4xx response.
    virtual HttpResponse handle(const HttpRequest& request) = 0;
    virtual void completed(const HttpRequest& request, const HttpCompletion& how) = 0;
    // The number of open connections changed (for the metrics gauge).
    virtual void connections(int open) = 0;
};

} // namespace airlock::loader
