#pragma once
// A Connector that answers from a script instead of the network, for tests
// of the registry client's request loop. Each request takes the next reply;
// every request is recorded (headers, body pointer, streamed bytes) so that
// a test can say what was sent, in which order, and how often.
#include "common/registry/detail/exchange.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace airlock::test {

struct Reply {
    long status = 200;
    HeaderList headers; // names lower case, as the real exchange delivers them
    std::string body;
    // A failed transfer: with status 0 no response came at all; otherwise the
    // transfer breaks after `fail_after` body bytes (default: all of them).
    CURLcode result = CURLE_OK;
    std::string reason;
    std::optional<size_t> fail_after;
    // A streamed request body is refused (send() returns false).
    bool refuse_upload = false;
};

inline Reply status(long code, std::string body = {}, HeaderList headers = {}) {
    Reply r;
    r.status = code;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

inline Reply transport_failure(CURLcode result, std::string reason) {
    Reply r;
    r.status = 0;
    r.result = result;
    r.reason = std::move(reason);
    return r;
}

struct SentRequest {
    HttpRequest request;
    std::string streamed; // bytes handed to send()

    // The value of header `name` ("Authorization"), "" when absent.
    std::string header(const std::string& name) const {
        const std::string prefix = name + ": ";
        for (const auto& line : request.headers) {
            if (line.rfind(prefix, 0) == 0) {
                return line.substr(prefix.size());
            }
        }
        return {};
    }
    bool has_header(const std::string& name) const {
        const std::string prefix = name + ": ";
        return std::any_of(request.headers.begin(), request.headers.end(),
                           [&](const std::string& line) { return line.rfind(prefix, 0) == 0; });
    }
};

class ScriptedConnector final : public Connector {
  public:
    void add(Reply reply) { replies_.push_back(std::move(reply)); }
    void add(std::vector<Reply> replies) {
        for (auto& r : replies) {
            replies_.push_back(std::move(r));
        }
    }

    std::unique_ptr<Exchange> start(const HttpRequest& request) override;

    // Everything sent so far; deque so that exchanges can keep pointers.
    const std::deque<SentRequest>& sent() const { return sent_; }
    size_t unused_replies() const { return replies_.size(); }

  private:
    std::deque<Reply> replies_;
    std::deque<SentRequest> sent_;
};

class ScriptedExchange final : public Exchange {
  public:
    ScriptedExchange(Reply reply, SentRequest& record)
        : reply_(std::move(reply)), record_(record),
          end_(std::min(reply_.fail_after.value_or(reply_.body.size()), reply_.body.size())) {}

    void await_response() override {
        // Without a response, or with nothing to read, the transfer is over
        // once the headers are in; otherwise bytes are waiting.
        if (reply_.status == 0 || reply_.body.empty()) {
            finish();
        }
    }

    bool send(std::span<const std::byte> data) override {
        if (reply_.refuse_upload) {
            finish();
            return false;
        }
        record_.streamed.append(reinterpret_cast<const char*>(data.data()), data.size());
        return true;
    }

    size_t read(std::span<std::byte> out) override {
        if (finished_ || out.empty()) {
            return 0;
        }
        size_t n = std::min(out.size(), end_ - pos_);
        std::memcpy(out.data(), reply_.body.data() + pos_, n);
        pos_ += n;
        if (n == 0) {
            finish();
        }
        return n;
    }

    bool finished() const override { return finished_; }
    CURLcode result() const override { return finished_ ? reply_.result : CURLE_OK; }
    const std::string& failure_reason() const override { return reply_.reason; }
    long status() const override { return reply_.status; }
    const HeaderList& headers() const override { return reply_.headers; }

  private:
    void finish() { finished_ = true; }

    Reply reply_;
    SentRequest& record_;
    size_t end_;
    size_t pos_ = 0;
    bool finished_ = false;
};

inline std::unique_ptr<Exchange> ScriptedConnector::start(const HttpRequest& request) {
    sent_.push_back(SentRequest{request, {}});
    if (replies_.empty()) {
        throw std::logic_error("no scripted reply left for " + request.method + " " + request.url);
    }
    Reply reply = std::move(replies_.front());
    replies_.pop_front();
    return std::make_unique<ScriptedExchange>(std::move(reply), sent_.back());
}

// Records the waits between retries instead of sleeping.
struct WaitLog {
    std::vector<std::chrono::milliseconds> waits;
    std::function<void(std::chrono::milliseconds)> recorder() {
        return [this](std::chrono::milliseconds w) { waits.push_back(w); };
    }
};

} // namespace airlock::test
