#pragma once
// Private to common/registry. The product's Exchange: one HTTP request and
// its response, run on a pooled handle pair through the curl multi interface
// so that the body can be pulled by the caller in constant memory: curl fills
// a bounded buffer and is paused (CURL_WRITEFUNC_PAUSE) while the caller has
// not drained it.
#include "common/registry/detail/exchange.hpp"
#include "common/registry/detail/handle_pool.hpp"

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

class CurlExchange final : public Exchange {
  public:
    CurlExchange(std::shared_ptr<HandlePool> pool, const HttpRequest& request);
    ~CurlExchange() override;

    void await_response() override;
    bool send(std::span<const std::byte> data) override;
    size_t read(std::span<std::byte> out) override;

    bool finished() const override { return finished_; }
    CURLcode result() const override { return result_; }
    const std::string& failure_reason() const override { return reason_; }
    long status() const override { return status_; }
    const HeaderList& headers() const override { return headers_; }

    // Request body bytes handed to curl so far.
    std::uint64_t sent() const { return sent_; }
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

// Opens CurlExchanges on one pool, so that connections, DNS answers and TLS
// sessions are reused across the requests of a client.
class CurlConnector final : public Connector {
  public:
    CurlConnector();
    std::unique_ptr<Exchange> start(const HttpRequest& request) override;

  private:
    std::shared_ptr<HandlePool> pool_;
};

} // namespace airlock
