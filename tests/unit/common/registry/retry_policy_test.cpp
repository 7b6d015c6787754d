#include "common/registry/retry_policy.hpp"

#include <catch2/catch.hpp>

using namespace std::chrono_literals;
using airlock::backoff_delay;
using airlock::parse_retry_after;

TEST_CASE("Retry-After: delay-seconds", "[registry]") {
    auto now = std::chrono::system_clock::now();
    CHECK(parse_retry_after("120", now) == std::chrono::milliseconds(120s));
    CHECK(parse_retry_after(" 0 ", now) == std::chrono::milliseconds(0));
    // Absurd values saturate instead of overflowing.
    auto huge = parse_retry_after("99999999999999999999999", now);
    REQUIRE(huge);
    CHECK(*huge > std::chrono::milliseconds(24h));
}

TEST_CASE("Retry-After: HTTP dates", "[registry]") {
    // Sun, 06 Nov 1994 08:49:37 GMT
    auto now = std::chrono::system_clock::from_time_t(784111777) - 30s;
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now) ==
          std::chrono::milliseconds(30s));
    CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", now) ==
          std::chrono::milliseconds(30s));
    CHECK(parse_retry_after("Sun Nov  6 08:49:37 1994", now) == std::chrono::milliseconds(30s));
    // A date in the past means "now".
    CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now + 1h) ==
          std::chrono::milliseconds(0));
}

TEST_CASE("Retry-After: garbage", "[registry]") {
    auto now = std::chrono::system_clock::now();
    CHECK_FALSE(parse_retry_after("", now));
    CHECK_FALSE(parse_retry_after("soon", now));
    CHECK_FALSE(parse_retry_after("-5", now));
    CHECK_FALSE(parse_retry_after("1.5", now));
}

TEST_CASE("backoff: doubles from the initial delay within jitter bounds", "[registry]") {
    const auto initial = 200ms;
    for (int attempt = 0; attempt < 6; ++attempt) {
        auto ceiling = initial * (1 << attempt);
        CHECK(backoff_delay(attempt, initial, 0.0) == ceiling / 2);
        CHECK(backoff_delay(attempt, initial, 1.0) == ceiling);
        for (int i = 0; i < 50; ++i) {
            auto d = backoff_delay(attempt, initial);
            CHECK(d >= ceiling / 2);
            CHECK(d <= ceiling);
        }
    }
}

TEST_CASE("backoff: capped, and sane for odd inputs", "[registry]") {
    CHECK(backoff_delay(50, 200ms, 1.0) == airlock::max_retry_wait);
    CHECK(backoff_delay(1000, 1s) <= airlock::max_retry_wait);
    CHECK(backoff_delay(0, 0ms, 1.0) >= 0ms);
    CHECK(backoff_delay(3, 100ms, 7.0) == 800ms); // jitter is clamped to [0, 1]
}

TEST_CASE("retryable statuses", "[registry]") {
    CHECK(airlock::is_retryable_status(429));
    CHECK(airlock::is_retryable_status(500));
    CHECK(airlock::is_retryable_status(503));
    CHECK_FALSE(airlock::is_retryable_status(501));
    CHECK_FALSE(airlock::is_retryable_status(404));
    CHECK_FALSE(airlock::is_retryable_status(401));
    CHECK_FALSE(airlock::is_retryable_status(200));
}
