#pragma once
// Wall-clock time as the signed documents carry it: whole seconds, UTC,
// written as RFC 3339 ("2026-11-23T10:00:00Z"), and the human durations of
// flags such as --expires ("180d").
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace airlock {

using Timestamp = std::chrono::sys_seconds;

// The current time, truncated to whole seconds.
Timestamp now_utc();

// SOURCE_DATE_EPOCH (reproducible builds): nullopt when unset or empty;
// Error(usage) when it is not a non-negative number of seconds.
std::optional<Timestamp> source_date_epoch();

// Always "YYYY-MM-DDTHH:MM:SSZ"; throws Error(internal) for years outside 0000-9999.
std::string format_rfc3339(Timestamp t);

// Full RFC 3339 date-time: "T" or "t" separator, optional fraction
// (truncated), "Z"/"z" or a numeric offset, converted to UTC. Leap seconds
// (":60") are refused: no clock we compare with can represent them. So are
// times whose UTC year is outside 0000-9999 ("0000-01-01T00:00:00+01:00"),
// which format_rfc3339 could not write back.
std::optional<Timestamp> try_parse_rfc3339(std::string_view text);
// As above; throws Error(spec) "invalid <what> '<text>': ...".
Timestamp parse_rfc3339(std::string_view text, std::string_view what = "timestamp");

// "<positive integer><unit>" with unit d, h, m or s ("180d", "12h", "90m",
// "3600s"), at most 100 years. Throws Error(usage) naming the text otherwise.
std::chrono::seconds parse_duration(std::string_view text);

} // namespace airlock
