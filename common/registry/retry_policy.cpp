#include "common/registry/retry_policy.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>

namespace airlock {

std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now) {
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) {
        value.remove_prefix(1);
    }
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) {
        value.remove_suffix(1);
    }
    if (value.empty()) {
        return std::nullopt;
    }
    if (std::all_of(value.begin(), value.end(),
                    [](unsigned char c) { return std::isdigit(c) != 0; })) {
        // Saturate instead of overflowing: anything this long is capped by the caller.
        long long seconds = 0;
        for (char c : value) {
            seconds = std::min<long long>(seconds * 10 + (c - '0'), 1'000'000'000LL);
        }
        return std::chrono::seconds(seconds);
    }
    // curl_getdate reads all three HTTP date formats and is thread-safe.
    std::string text(value);
    time_t when = curl_getdate(text.c_str(), nullptr);
    if (when == static_cast<time_t>(-1)) {
        return std::nullopt;
    }
    auto delta = std::chrono::system_clock::from_time_t(when) - now;
    return std::max(std::chrono::milliseconds(0),
                    std::chrono::duration_cast<std::chrono::milliseconds>(delta));
}

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial,
                                        double jitter) {
    using std::chrono::milliseconds;
    milliseconds ceiling = std::max(initial, milliseconds(1));
    for (int i = 0; i < attempt && ceiling < max_retry_wait; ++i) {
        ceiling *= 2;
    }
    ceiling = std::min(ceiling, max_retry_wait);
    jitter = std::clamp(jitter, 0.0, 1.0);
    auto half = ceiling.count() / 2;
    return milliseconds(
        half + static_cast<long long>(static_cast<double>(ceiling.count() - half) * jitter));
}

std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial) {
    thread_local std::mt19937 rng{std::random_device{}()};
    std::uniform_real_distribution<double> dist(0.0, 1.0);
    return backoff_delay(attempt, initial, dist(rng));
}

bool is_retryable_status(long status) {
    return status == 429 || (status >= 500 && status <= 599 && status != 501 && status != 505);
}

} // namespace airlock
