#pragma once
// Private to common/registry: the retries one logical request may still
// make. A request and what belongs to it (re-reading a body cut short,
// re-opening a blob stream that broke before its first byte) draw on one
// budget, so the count lives in an object that travels with the request.
// When and how long to wait is retry_policy.hpp's.
#include "common/registry/detail/exchange.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace airlock {

// Whether a failed exchange may succeed when tried again.
bool is_retryable_transport(const Exchange& exchange);

class RetryBudget {
  public:
    // How a retry waits; tests replace the sleep to see the waits.
    using Wait = std::function<void(std::chrono::milliseconds)>;
    static void sleep(std::chrono::milliseconds wait);

    RetryBudget(int max_retries, std::chrono::milliseconds initial_backoff, Wait wait);

    // Waits before the next retry of `subject` and counts it: Retry-After
    // when the server sent one (capped at max_retry_wait), else the backoff.
    // False, without waiting, when the budget is spent.
    bool retry(const std::string& subject, const std::string& why,
               std::optional<std::chrono::milliseconds> retry_after = std::nullopt);

    // Retries made so far.
    int used() const { return used_; }

  private:
    int max_retries_;
    std::chrono::milliseconds initial_backoff_;
    Wait wait_;
    int used_ = 0;
};

} // namespace airlock
