#include "common/core/time.hpp"
#include "common/core/text.hpp"

#include "common/core/error.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace airlock {

namespace {

using namespace std::chrono;

bool read_digits(std::string_view s, std::size_t pos, std::size_t count, int& out) {
    if (pos > s.size() || s.size() - pos < count) {
        return false;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return false;
        }
        value = value * 10 + (s[i] - '0');
    }
    out = value;
    return true;
}

void append_padded(std::string& out, long value, std::size_t width) {
    std::string digits = std::to_string(value);
    if (digits.size() < width) {
        out.append(width - digits.size(), '0');
    }
    out += digits;
}

} // namespace

#ifdef AIRLOCK_TEST_HOOKS
namespace {

// Test builds only (CMake's AIRLOCK_TEST_HOOKS, refused for Release): the
// integration tests move the clock with AIRLOCK_TEST_CLOCK_OFFSET ("+200d",
// "-2h", parse_duration's units) because faketime hangs clang's ASan runtime.
// Shipped binaries have no such variable: an expiry check that an environment
// variable could move would be a hole.
seconds test_clock_offset() {
    const char* text = std::getenv("AIRLOCK_TEST_CLOCK_OFFSET");
    if (text == nullptr || *text == '\0') {
        return seconds{0};
    }
    const std::string_view value(text);
    const bool behind = value.front() == '-';
    const std::string_view amount = (behind || value.front() == '+') ? value.substr(1) : value;
    const seconds offset = parse_duration(amount);
    return behind ? -offset : offset;
}

} // namespace
#endif

Timestamp now_utc() {
#ifdef AIRLOCK_TEST_HOOKS
    return floor<seconds>(system_clock::now()) + test_clock_offset();
#else
    return floor<seconds>(system_clock::now());
#endif
}

std::string format_rfc3339(Timestamp t) {
    const sys_days day_point = floor<days>(t);
    const year_month_day ymd{day_point};
    const hh_mm_ss hms{t - day_point};
    const int y = static_cast<int>(ymd.year());
    if (y < 0 || y > 9999) {
        fail(ErrorCode::internal, "time point outside the RFC 3339 year range 0000-9999");
    }
    std::string out;
    out.reserve(20);
    append_padded(out, y, 4);
    out += '-';
    append_padded(out, static_cast<unsigned>(ymd.month()), 2);
    out += '-';
    append_padded(out, static_cast<unsigned>(ymd.day()), 2);
    out += 'T';
    append_padded(out, hms.hours().count(), 2);
    out += ':';
    append_padded(out, hms.minutes().count(), 2);
    out += ':';
    append_padded(out, hms.seconds().count(), 2);
    out += 'Z';
    return out;
}

std::optional<Timestamp> try_parse_rfc3339(std::string_view s) {
    // Bounds the fraction loop below; real timestamps are at most ~35 bytes.
    if (s.size() < 20 || s.size() > 64) {
        return std::nullopt;
    }
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
    if (!read_digits(s, 0, 4, y) || s[4] != '-' || !read_digits(s, 5, 2, mo) || s[7] != '-' ||
        !read_digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') || !read_digits(s, 11, 2, h) ||
        s[13] != ':' || !read_digits(s, 14, 2, mi) || s[16] != ':' || !read_digits(s, 17, 2, sec)) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (s[pos] == '.') {
        const std::size_t first = ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
            ++pos;
        }
        if (pos == first) {
            return std::nullopt;
        }
    }
    if (pos >= s.size()) {
        return std::nullopt;
    }
    int offset_minutes = 0;
    if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
        int oh = 0, om = 0;
        if (!read_digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset_minutes = (oh * 60 + om) * (s[pos] == '-' ? -1 : 1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size() || h > 23 || mi > 59 || sec > 59) {
        return std::nullopt;
    }
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                             day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    // Local time = UTC + offset, so UTC = local - offset.
    const Timestamp t =
        sys_days{ymd} + hours{h} + minutes{mi} + seconds{sec} - minutes{offset_minutes};
    // An offset can move 0000-01-01 or 9999-12-31 out of the years that
    // format_rfc3339 writes; every time read must be one it can write back.
    const int utc_year = static_cast<int>(year_month_day{floor<days>(t)}.year());
    if (utc_year < 0 || utc_year > 9999) {
        return std::nullopt;
    }
    return t;
}

Timestamp parse_rfc3339(std::string_view text, std::string_view what) {
    if (auto t = try_parse_rfc3339(text)) {
        return *t;
    }
    fail(ErrorCode::spec, "invalid " + std::string(what) + " '" + printable(text, 64) +
                              "': expected an RFC 3339 time such as 2026-11-23T10:00:00Z");
}

std::chrono::seconds parse_duration(std::string_view text) {
    auto bad = [&](std::string_view why) -> std::chrono::seconds {
        fail(ErrorCode::usage,
             "invalid duration '" + printable(text, 64) + "': " + std::string(why));
    };
    constexpr std::string_view expected =
        "expected a whole number followed by d, h, m or s, e.g. 180d, 12h, 90m, 3600s";
    // 12 digits cannot overflow 64 bits even when multiplied by 86400.
    if (text.size() < 2 || text.size() > 13) {
        return bad(expected);
    }
    std::int64_t value = 0;
    for (char c : text.substr(0, text.size() - 1)) {
        if (c < '0' || c > '9') {
            return bad(expected);
        }
        value = value * 10 + (c - '0');
    }
    std::int64_t unit = 0;
    switch (text.back()) {
    case 'd':
        unit = 86400;
        break;
    case 'h':
        unit = 3600;
        break;
    case 'm':
        unit = 60;
        break;
    case 's':
        unit = 1;
        break;
    default:
        return bad(expected);
    }
    if (value == 0) {
        return bad("must be longer than zero");
    }
    constexpr std::int64_t max_seconds = std::int64_t{36525} * 86400; // 100 years
    if (value * unit > max_seconds) {
        return bad("longer than 100 years");
    }
    return std::chrono::seconds{value * unit};
}

std::optional<Timestamp> source_date_epoch() {
    const char* text = std::getenv("SOURCE_DATE_EPOCH");
    if (text == nullptr || *text == '\0') {
        return std::nullopt;
    }
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(text, &end, 10);
    if (errno != 0 || *end != '\0' || v < 0) {
        fail(ErrorCode::usage, std::string("invalid SOURCE_DATE_EPOCH '") + text + "'");
    }
    return Timestamp(std::chrono::seconds(v));
}

} // namespace airlock
