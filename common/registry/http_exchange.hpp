#pragma once
// Private to common/registry. One HTTP request and its response, run on a
// pooled handle pair through the curl multi interface so that the body can be
// pulled by the caller in constant memory: curl fills a bounded buffer and is
// paused (CURL_WRITEFUNC_PAUSE) while the caller has not drained it.
#include "common/registry/handle_pool.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airlock {

// TLS material for one registry host. Empty ca_pem means libcurl's defaults.
struct TlsSettings {
    std::string ca_pem; // the system bundle followed by the host's extra CAs
    std::string client_cert;
    std::string client_key;
};

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

class Exchange {
  public:
    Exchange(std::shared_ptr<HandlePool> pool, const HttpRequest& request);
    ~Exchange();
    Exchange(const Exchange&) = delete;
    Exchange& operator=(const Exchange&) = delete;

    // Runs the transfer until body bytes are waiting or it has ended; after
    // this, status() and headers() describe the final response.
    void await_response();

    // Streamed request bodies: hands `data` to curl and runs the transfer
    // until all of it is sent. False when the transfer ended first (the server
    // answered early, or the connection broke); see status() and ok().
    bool send(std::span<const std::byte> data);
    std::uint64_t sent() const { return sent_; }

    // Up to out.size() body bytes; 0 once the transfer has ended (then see
    // ok() and failure_reason()).
    size_t read(std::span<std::byte> out);

    bool finished() const { return finished_; }
    bool ok() const { return finished_ && result_ == CURLE_OK; }
    CURLcode result() const { return result_; }
    // curl's reason for a failed transfer, e.g. "Connection refused".
    const std::string& failure_reason() const { return reason_; }
    long status() const { return status_; }
    const HeaderList& headers() const { return headers_; }
    // The Content-Length of the final response, -1 when not sent.
    std::int64_t content_length() const;
    // Body bytes received from the network so far.
    std::uint64_t received() const { return received_; }

  private:
    static size_t on_write(char* data, size_t size, size_t count, void* self);
    static size_t on_header(char* data, size_t size, size_t count, void* self);
    static size_t on_read(char* buffer, size_t size, size_t count, void* self);

    void configure(const HttpRequest& request);
    void pump();
    void finish(CURLcode result);
    size_t buffered() const { return buffer_.size() - head_; }
    size_t take_buffered(std::span<std::byte> out);
    void resume_if_paused();

    std::shared_ptr<HandlePool> pool_;
    std::unique_ptr<HandlePool::Handles> handles_;
    curl::Slist header_list_;
    std::array<char, CURL_ERROR_SIZE> error_buffer_{};
    bool attached_ = false;
    bool finished_ = false;
    bool paused_ = false;
    CURLcode result_ = CURLE_OK;
    std::string reason_;
    long status_ = 0;
    HeaderList headers_;
    std::uint64_t received_ = 0;

    // Request body bytes handed to curl's read callback, not yet taken.
    std::shared_ptr<const std::string> body_;
    std::span<const std::byte> outgoing_;
    bool upload_paused_ = false;
    std::uint64_t sent_ = 0;
    std::uint64_t body_length_ = 0;

    // Bytes curl delivered that the caller has not read: buffer_[head_, end).
    std::vector<std::byte> buffer_;
    size_t head_ = 0;
    // While read() runs curl with an empty buffer, bytes go straight into the
    // caller's span first, saving a copy.
    std::span<std::byte> direct_;
    size_t direct_filled_ = 0;
};

} // namespace airlock
