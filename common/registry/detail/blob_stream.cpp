#include "common/registry/detail/blob_stream.hpp"

#include "common/core/error.hpp"

namespace airlock {

RegistryBlobStream::RegistryBlobStream(std::shared_ptr<ClientCore> core, Call call,
                                       std::int64_t expected_size)
    : core_(std::move(core)), call_(std::move(call)), expected_size_(expected_size),
      retries_(core_->retry_budget()) {
    open();
}

void RegistryBlobStream::open() {
    exchange_ = core_->open(call_, retries_);
    std::int64_t length = exchange_->content_length();
    if (expected_size_ >= 0 && length >= 0 && length != expected_size_) {
        fail(ErrorCode::integrity, call_.subject + " has " + std::to_string(length) +
                                       " bytes, expected " + std::to_string(expected_size_));
    }
}

size_t RegistryBlobStream::read(std::span<std::byte> buf) {
    if (at_end_ || buf.empty()) {
        return 0;
    }
    while (true) {
        size_t n = exchange_->read(buf);
        if (n > 0) {
            delivered_ += n;
            if (expected_size_ >= 0 && delivered_ > static_cast<std::uint64_t>(expected_size_)) {
                fail(ErrorCode::integrity, call_.subject + " is longer than the expected " +
                                               std::to_string(expected_size_) + " bytes");
            }
            return n;
        }
        if (exchange_->ok()) {
            std::int64_t length = exchange_->content_length();
            if (length >= 0 && delivered_ != static_cast<std::uint64_t>(length)) {
                fail(ErrorCode::network, call_.subject + " ended after " +
                                             std::to_string(delivered_) + " of " +
                                             std::to_string(length) + " bytes");
            }
            if (expected_size_ >= 0 && delivered_ != static_cast<std::uint64_t>(expected_size_)) {
                fail(ErrorCode::integrity, call_.subject + " has " + std::to_string(delivered_) +
                                               " bytes, expected " +
                                               std::to_string(expected_size_));
            }
            at_end_ = true;
            exchange_.reset();
            return 0;
        }
        // Bytes already handed over cannot be taken back, so only a transfer
        // that has delivered nothing is retried here; otherwise the caller re-opens.
        const std::string reason = exchange_->failure_reason();
        if (delivered_ == 0 && is_retryable_transport(*exchange_) &&
            retries_.retry(call_.subject, reason)) {
            exchange_.reset();
            open();
            continue;
        }
        fail(ErrorCode::network, "cannot fetch " + call_.subject + ": transfer failed after " +
                                     std::to_string(delivered_) + " bytes: " + reason);
    }
}

} // namespace airlock
