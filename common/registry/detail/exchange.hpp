#pragma once
// Private to common/registry. One HTTP request and its response, as the
// request loop drives it, and the seam that opens them: libcurl in the
// product (curl_exchange.hpp), a script in unit tests.
#include "common/registry/detail/tls_settings.hpp"

#include <curl/curl.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airlock {

struct HttpRequest {
    std::string method = "GET"; // GET, HEAD, POST, PUT, PATCH or DELETE
    std::string url;
    std::vector<std::string> headers; // "Name: value"
    std::shared_ptr<const TlsSettings> tls;
    std::string user_agent;
    // Redirects may go to http only when the request itself was plain http.
    bool allow_http_redirects = false;
    // The request body. A body held in memory is sent as is (and can be sent
    // again on a retry); a streamed body of body_length bytes is fed by the
    // caller through Exchange::send(). body_length < 0: no body.
    std::shared_ptr<const std::string> body;
    std::int64_t body_length = -1;
    // False: ignore http_proxy/https_proxy/all_proxy, so that the only
    // endpoint contacted is the one in the URL (the loader's no-egress rule).
    bool use_proxy_env = true;
    // False: a redirect is returned as the response, not followed (it could
    // lead to an endpoint nobody announced).
    bool follow_redirects = true;
};

// Response headers of the final response (after redirects), names lower case.
using HeaderList = std::vector<std::pair<std::string, std::string>>;
std::string find_header(const HeaderList& headers, std::string_view name);
std::vector<std::string> find_headers(const HeaderList& headers, std::string_view name);

// The contract the request loop relies on. Transfer failures are described
// by libcurl's codes, which is what decides whether one is worth retrying.
class Exchange {
  public:
    Exchange() = default;
    virtual ~Exchange() = default;
    Exchange(const Exchange&) = delete;
    Exchange& operator=(const Exchange&) = delete;

    // Runs the transfer until body bytes are waiting or it has ended; after
    // this, status() and headers() describe the final response.
    virtual void await_response() = 0;

    // Streamed request bodies: hands `data` over and runs the transfer until
    // all of it is sent. False when the transfer ended first (the server
    // answered early, or the connection broke); see status() and ok().
    virtual bool send(std::span<const std::byte> data) = 0;

    // Up to out.size() body bytes; 0 once the transfer has ended (then see
    // ok() and failure_reason()).
    virtual size_t read(std::span<std::byte> out) = 0;

    virtual bool finished() const = 0;
    virtual CURLcode result() const = 0;
    // Why a transfer failed, e.g. "Connection refused".
    virtual const std::string& failure_reason() const = 0;
    virtual long status() const = 0;
    virtual const HeaderList& headers() const = 0;

    bool ok() const { return finished() && result() == CURLE_OK; }
    // The Content-Length of the final response, -1 when not sent.
    std::int64_t content_length() const;
};

// Opens the exchanges of one client.
class Connector {
  public:
    Connector() = default;
    virtual ~Connector() = default;
    Connector(const Connector&) = delete;
    Connector& operator=(const Connector&) = delete;

    // Starts `request`; it runs as the exchange's methods are called. The
    // request's body is shared, not copied, so a retry costs no copy either.
    virtual std::unique_ptr<Exchange> start(const HttpRequest& request) = 0;
};

// Reads what is left of a response body, keeping at most 64 KiB: enough for
// an error message, and a large body is not worth holding.
std::string drain(Exchange& exchange);

} // namespace airlock
