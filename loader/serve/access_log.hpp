#pragma once
// One access-log line per exchange, as a JSON object without a trailing
// newline: {"time", "client", "subject" (under mTLS), "method", "path",
// "status", "bytes", "seconds", "cut" (only when the body was cut short)}.
// Only the line: where it goes is the server's business.
#include "loader/serve/http_exchange.hpp"

#include <chrono>
#include <string>

namespace airlock::loader {

// `when` is written as RFC 3339 UTC with milliseconds ("2026-11-23T10:00:00.123Z").
// Bytes of the request that are not UTF-8 are replaced, never refused.
std::string access_log_line(const HttpRequest& request, const HttpCompletion& how,
                            std::chrono::system_clock::time_point when);

} // namespace airlock::loader
