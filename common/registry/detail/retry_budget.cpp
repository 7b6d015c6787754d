#include "common/registry/detail/retry_budget.hpp"

#include "common/log/log.hpp"
#include "common/registry/retry_policy.hpp"

#include <algorithm>
#include <thread>

namespace airlock {

bool is_retryable_transport(const Exchange& exchange) {
    // A TLS alert (bad certificate, unknown CA) surfaces as a receive error
    // but does not heal by waiting.
    if (exchange.failure_reason().find("SSL routines") != std::string::npos) {
        return false;
    }
    switch (exchange.result()) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return true;
    default:
        // DNS failures, TLS verification and protocol errors do not heal by waiting.
        return false;
    }
}

void RetryBudget::sleep(std::chrono::milliseconds wait) {
    std::this_thread::sleep_for(wait);
}

RetryBudget::RetryBudget(int max_retries, std::chrono::milliseconds initial_backoff, Wait wait)
    : max_retries_(max_retries), initial_backoff_(initial_backoff), wait_(std::move(wait)) {}

bool RetryBudget::retry(const std::string& subject, const std::string& why,
                        std::optional<std::chrono::milliseconds> retry_after) {
    if (used_ >= max_retries_) {
        return false;
    }
    auto wait = retry_after ? std::min(*retry_after, max_retry_wait)
                            : backoff_delay(used_, initial_backoff_);
    ++used_;
    log::warn(subject + ": " + why + "; retry " + std::to_string(used_) + " of " +
              std::to_string(max_retries_) + " in " + std::to_string(wait.count()) + " ms");
    wait_(wait);
    return true;
}

} // namespace airlock
