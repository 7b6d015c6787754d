#include "common/copy/blob_jobs.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/registry/retry_policy.hpp"

#include <algorithm>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace airlock {

void for_each_blob_job(std::size_t n, int jobs, std::atomic<bool>& cancel,
                       const std::function<void(std::size_t)>& fn) {
    const std::size_t threads = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, jobs)),
                                                      std::max<std::size_t>(n, 1));
    std::atomic<std::size_t> next{0};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto worker = [&] {
        while (!cancel.load()) {
            const std::size_t k = next.fetch_add(1);
            if (k >= n) {
                return;
            }
            try {
                fn(k);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (!error) {
                    error = std::current_exception();
                }
                cancel = true;
            }
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) {
        pool.emplace_back(worker);
    }
    worker();
    for (auto& t : pool) {
        t.join();
    }
    if (error) {
        std::rethrow_exception(error);
    }
}

void with_blob_retry(const std::string& what, const std::atomic<bool>& cancel,
                     const std::function<void()>& attempt) {
    for (int n = 1;; ++n) {
        try {
            attempt();
            return;
        } catch (const Error& e) {
            if (e.code() != ErrorCode::network || n >= max_blob_attempts || cancel.load()) {
                throw;
            }
            const auto wait = backoff_delay(n - 1, std::chrono::milliseconds(500));
            log::warn(what + ": " + e.what() + "; trying again in " + std::to_string(wait.count()) +
                      " ms (attempt " + std::to_string(n + 1) + " of " +
                      std::to_string(max_blob_attempts) + ")");
            std::this_thread::sleep_for(wait);
        }
    }
}

} // namespace airlock
