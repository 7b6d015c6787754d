#pragma once
// When and how long to wait before retrying a registry request.
#include <chrono>
#include <optional>
#include <string_view>

namespace airlock {

// Waits never exceed this, whatever the attempt count or Retry-After says:
// a registry asking for longer is better reported than waited for.
inline constexpr std::chrono::milliseconds max_retry_wait{60'000};

// Parses a Retry-After value: delay-seconds or an HTTP date (IMF-fixdate,
// RFC 850 or asctime). Returns the wait from `now`, zero for a date in the
// past, nullopt when the value is neither form.
std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

// Exponential backoff with jitter for retry number `attempt` (0 for the first
// retry): the ceiling doubles from `initial` up to max_retry_wait, and the
// wait is drawn from [ceiling/2, ceiling] by `jitter` in [0, 1], so that
// parallel transfers that failed together do not retry in lockstep.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial,
                                        double jitter);

// backoff_delay with a random jitter.
std::chrono::milliseconds backoff_delay(int attempt, std::chrono::milliseconds initial);

// HTTP statuses worth retrying: 429 and 5xx except 501 and 505 (permanent).
bool is_retryable_status(long status);

} // namespace airlock
