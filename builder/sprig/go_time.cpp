// Go's time.Time: instants, calendar fields in a location, arithmetic, and
// Format with Go's reference-time layouts.
#include "builder/sprig/detail/go_time.hpp"
#include "builder/sprig/detail/go_time_layout.hpp"

#include <array>
#include <chrono>

namespace airlock::sprig::data_detail {

namespace {
namespace go_time {

__extension__ typedef __int128 Int128;

constexpr std::int64_t seconds_per_day = 86400;

const std::array<const char*, 7> long_day_names = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                   "Thursday", "Friday", "Saturday"};
const std::array<const char*, 12> long_month_names = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    const std::int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::int64_t wrapping_add(std::int64_t a, std::int64_t b) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}

// Days since 1970-01-01 of a proleptic Gregorian date.
template <typename Int> Int days_from_civil(Int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const Int era = (y >= 0 ? y : y - 399) / 400;
    const Int yoe = y - era * 400;
    const Int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const Int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Ymd {
    std::int64_t year;
    int month;
    int day;
};

Ymd civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const auto d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const auto m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

// Go's norm: hi and lo with lo brought into [0, base).
void normalise(Int128& hi, Int128& lo, std::int64_t base) {
    if (lo < 0) {
        const Int128 n = (-lo - 1) / base + 1;
        hi -= n;
        lo += n * base;
    }
    if (lo >= base) {
        const Int128 n = lo / base;
        hi += n;
        lo -= n * base;
    }
}

// Go's appendInt: a '-' for negatives, zero-padded to `width` digits.
void append_int(std::string& out, std::int64_t x, int width) {
    std::uint64_t u = static_cast<std::uint64_t>(x);
    if (x < 0) {
        out += '-';
        u = 0 - u;
    }
    std::string digits = std::to_string(u);
    for (int pad = width - static_cast<int>(digits.size()); pad > 0; --pad) {
        out += '0';
    }
    out += digits;
}

void append_nanoseconds(std::string& out, int nanoseconds, const LayoutElement& element) {
    const bool trim = element.code == LayoutCode::frac_second9;
    if (trim && (element.digits == 0 || nanoseconds == 0)) {
        return;
    }
    std::string digits;
    append_int(digits, nanoseconds, 9);
    if (element.digits < 9) {
        digits.resize(static_cast<std::size_t>(element.digits));
    }
    if (trim) {
        while (!digits.empty() && digits.back() == '0') {
            digits.pop_back();
        }
        if (digits.empty()) {
            return;
        }
    }
    out += element.separator;
    out += digits;
}

bool is_digit_at(std::string_view s, std::size_t i) {
    return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

bool starts_with_lower(std::string_view s) {
    return !s.empty() && s[0] >= 'a' && s[0] <= 'z';
}

const std::chrono::steady_clock::time_point& process_start() {
    static const std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    return start;
}

// Read at load time, so the monotonic readings count from the start of the
// process as Go's do.
[[maybe_unused]] const auto& process_start_at_load = process_start();

std::int64_t saturating_duration(Int128 d) {
    if (d > INT64_MAX) {
        return INT64_MAX;
    }
    if (d < INT64_MIN) {
        return INT64_MIN;
    }
    return static_cast<std::int64_t>(d);
}

} // namespace go_time
} // namespace

LayoutChunk next_layout_chunk(std::string_view layout) {
    auto chunk = [&](std::size_t at, LayoutCode code, std::size_t length) {
        return LayoutChunk{layout.substr(0, at), LayoutElement{code, 0, '.'},
                           layout.substr(at + length)};
    };
    auto has = [&](std::size_t at, std::string_view text) {
        return layout.substr(at, text.size()) == text;
    };
    for (std::size_t i = 0; i < layout.size(); ++i) {
        switch (layout[i]) {
        case 'J':
            if (has(i, "Jan")) {
                if (has(i, "January")) {
                    return chunk(i, LayoutCode::long_month, 7);
                }
                if (!go_time::starts_with_lower(layout.substr(i + 3))) {
                    return chunk(i, LayoutCode::month, 3);
                }
            }
            break;
        case 'M':
            if (has(i, "Mon")) {
                if (has(i, "Monday")) {
                    return chunk(i, LayoutCode::long_weekday, 6);
                }
                if (!go_time::starts_with_lower(layout.substr(i + 3))) {
                    return chunk(i, LayoutCode::weekday, 3);
                }
            }
            if (has(i, "MST")) {
                return chunk(i, LayoutCode::tz, 3);
            }
            break;
        case '0':
            if (i + 1 < layout.size() && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
                static constexpr std::array<LayoutCode, 6> zero_codes = {
                    LayoutCode::zero_month,  LayoutCode::zero_day,    LayoutCode::zero_hour12,
                    LayoutCode::zero_minute, LayoutCode::zero_second, LayoutCode::year};
                return chunk(i, zero_codes[static_cast<std::size_t>(layout[i + 1] - '1')], 2);
            }
            if (has(i, "002")) {
                return chunk(i, LayoutCode::zero_yearday, 3);
            }
            break;
        case '1':
            if (has(i, "15")) {
                return chunk(i, LayoutCode::hour, 2);
            }
            return chunk(i, LayoutCode::num_month, 1);
        case '2':
            if (has(i, "2006")) {
                return chunk(i, LayoutCode::long_year, 4);
            }
            return chunk(i, LayoutCode::day, 1);
        case '_':
            if (has(i, "_2")) {
                // "_2006" is a literal '_' and a year.
                if (has(i + 1, "2006")) {
                    return chunk(i + 1, LayoutCode::long_year, 4);
                }
                return chunk(i, LayoutCode::under_day, 2);
            }
            if (has(i, "__2")) {
                return chunk(i, LayoutCode::under_yearday, 3);
            }
            break;
        case '3':
            return chunk(i, LayoutCode::hour12, 1);
        case '4':
            return chunk(i, LayoutCode::minute, 1);
        case '5':
            return chunk(i, LayoutCode::second, 1);
        case 'P':
            if (has(i, "PM")) {
                return chunk(i, LayoutCode::pm_upper, 2);
            }
            break;
        case 'p':
            if (has(i, "pm")) {
                return chunk(i, LayoutCode::pm_lower, 2);
            }
            break;
        case '-':
            if (has(i, "-070000")) {
                return chunk(i, LayoutCode::num_seconds_tz, 7);
            }
            if (has(i, "-07:00:00")) {
                return chunk(i, LayoutCode::num_colon_seconds_tz, 9);
            }
            if (has(i, "-0700")) {
                return chunk(i, LayoutCode::num_tz, 5);
            }
            if (has(i, "-07:00")) {
                return chunk(i, LayoutCode::num_colon_tz, 6);
            }
            if (has(i, "-07")) {
                return chunk(i, LayoutCode::num_short_tz, 3);
            }
            break;
        case 'Z':
            if (has(i, "Z070000")) {
                return chunk(i, LayoutCode::iso8601_seconds_tz, 7);
            }
            if (has(i, "Z07:00:00")) {
                return chunk(i, LayoutCode::iso8601_colon_seconds_tz, 9);
            }
            if (has(i, "Z0700")) {
                return chunk(i, LayoutCode::iso8601_tz, 5);
            }
            if (has(i, "Z07:00")) {
                return chunk(i, LayoutCode::iso8601_colon_tz, 6);
            }
            if (has(i, "Z07")) {
                return chunk(i, LayoutCode::iso8601_short_tz, 3);
            }
            break;
        case '.':
        case ',':
            // A run of 0s or 9s that ends the digits: a fractional second.
            if (i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
                const char digit = layout[i + 1];
                std::size_t j = i + 1;
                while (j < layout.size() && layout[j] == digit) {
                    ++j;
                }
                if (!go_time::is_digit_at(layout, j)) {
                    LayoutChunk out{layout.substr(0, i),
                                    LayoutElement{digit == '9' ? LayoutCode::frac_second9
                                                               : LayoutCode::frac_second0,
                                                  static_cast<int>(j - (i + 1)), layout[i]},
                                    layout.substr(j)};
                    return out;
                }
            }
            break;
        default:
            break;
        }
    }
    return LayoutChunk{layout, LayoutElement{}, std::string_view{}};
}

GoTime GoTime::now() {
    namespace chrono = std::chrono;
    const auto wall =
        chrono::duration_cast<chrono::nanoseconds>(chrono::system_clock::now().time_since_epoch())
            .count();
    GoTime t;
    t.unix_seconds = go_time::floor_div(wall, nanoseconds_per_second);
    t.nanoseconds = static_cast<std::int32_t>(wall - t.unix_seconds * nanoseconds_per_second);
    t.location = GoLocation::local();
    t.monotonic = chrono::duration_cast<chrono::nanoseconds>(chrono::steady_clock::now() -
                                                             go_time::process_start())
                      .count();
    return t;
}

GoTime GoTime::from_unix(std::int64_t seconds) {
    GoTime t;
    t.unix_seconds = seconds;
    t.location = GoLocation::local();
    return t;
}

GoTime GoTime::date(std::int64_t year, std::int64_t month, std::int64_t day, std::int64_t hour,
                    std::int64_t minute, std::int64_t second, std::int64_t nanosecond,
                    const LocationPtr& location) {
    using namespace go_time;
    // In 128 bits, so that no argument a template can pass overflows; the
    // result wraps to 64 bits as Go's int arithmetic does.
    Int128 y = year;
    Int128 m = Int128{month} - 1;
    Int128 d = day;
    Int128 h = hour;
    Int128 min = minute;
    Int128 sec = second;
    Int128 ns = nanosecond;
    normalise(y, m, 12);
    normalise(sec, ns, nanoseconds_per_second);
    normalise(min, sec, 60);
    normalise(h, min, 60);
    normalise(d, h, 24);
    const Int128 days = days_from_civil(y, static_cast<int>(m + 1), 1) + d - 1;
    auto unix = static_cast<std::int64_t>(
        static_cast<std::uint64_t>(days * seconds_per_day + h * 3600 + min * 60 + sec));
    const GoLocation& zone = location ? *location : *GoLocation::utc();
    // The wall time's offset: try the zone at the wall time read as UTC; if
    // the instant it gives lies outside that zone's span, look again there.
    const GoLocation::Lookup guess = zone.lookup(unix);
    int offset = guess.offset;
    if (offset != 0) {
        const std::int64_t utc = wrapping_add(unix, -offset);
        if (utc < guess.start || utc >= guess.end) {
            offset = zone.lookup(utc).offset;
        }
        unix = wrapping_add(unix, -offset);
    }
    GoTime t;
    t.unix_seconds = unix;
    t.nanoseconds = static_cast<std::int32_t>(ns);
    t.location = location == GoLocation::utc() ? nullptr : location;
    return t;
}

const GoLocation& GoTime::zone() const {
    return location ? *location : *GoLocation::utc();
}

bool GoTime::is_local() const {
    return location && location == GoLocation::local();
}

bool GoTime::is_utc() const {
    return !location || location == GoLocation::utc();
}

CivilTime GoTime::civil() const {
    using namespace go_time;
    const GoLocation::Lookup zone_now = zone().lookup(unix_seconds);
    const std::int64_t local = wrapping_add(unix_seconds, zone_now.offset);
    const std::int64_t days = floor_div(local, seconds_per_day);
    const std::int64_t seconds_of_day = local - days * seconds_per_day;
    const Ymd ymd = civil_from_days(days);
    CivilTime c;
    c.year = ymd.year;
    c.month = ymd.month;
    c.day = ymd.day;
    c.hour = static_cast<int>(seconds_of_day / 3600);
    c.minute = static_cast<int>(seconds_of_day % 3600 / 60);
    c.second = static_cast<int>(seconds_of_day % 60);
    c.weekday = static_cast<int>(((days + 4) % 7 + 7) % 7);
    c.year_day = static_cast<int>(days - days_from_civil<std::int64_t>(ymd.year, 1, 1) + 1);
    c.offset = zone_now.offset;
    c.zone_name = zone_now.name;
    return c;
}

std::string GoTime::format(std::string_view layout) const {
    using namespace go_time;
    const CivilTime c = civil();
    std::string out;
    while (!layout.empty()) {
        const LayoutChunk chunk = next_layout_chunk(layout);
        out += chunk.prefix;
        if (chunk.element.code == LayoutCode::none) {
            break;
        }
        layout = chunk.suffix;
        const int hour12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
        switch (chunk.element.code) {
        case LayoutCode::year:
            append_int(out, (c.year < 0 ? -c.year : c.year) % 100, 2);
            break;
        case LayoutCode::long_year:
            append_int(out, c.year, 4);
            break;
        case LayoutCode::month:
            out += std::string_view(long_month_names[static_cast<std::size_t>(c.month - 1)])
                       .substr(0, 3);
            break;
        case LayoutCode::long_month:
            out += long_month_names[static_cast<std::size_t>(c.month - 1)];
            break;
        case LayoutCode::num_month:
            append_int(out, c.month, 0);
            break;
        case LayoutCode::zero_month:
            append_int(out, c.month, 2);
            break;
        case LayoutCode::weekday:
            out +=
                std::string_view(long_day_names[static_cast<std::size_t>(c.weekday)]).substr(0, 3);
            break;
        case LayoutCode::long_weekday:
            out += long_day_names[static_cast<std::size_t>(c.weekday)];
            break;
        case LayoutCode::day:
            append_int(out, c.day, 0);
            break;
        case LayoutCode::under_day:
            if (c.day < 10) {
                out += ' ';
            }
            append_int(out, c.day, 0);
            break;
        case LayoutCode::zero_day:
            append_int(out, c.day, 2);
            break;
        case LayoutCode::under_yearday:
            if (c.year_day < 100) {
                out += ' ';
                if (c.year_day < 10) {
                    out += ' ';
                }
            }
            append_int(out, c.year_day, 0);
            break;
        case LayoutCode::zero_yearday:
            append_int(out, c.year_day, 3);
            break;
        case LayoutCode::hour:
            append_int(out, c.hour, 2);
            break;
        case LayoutCode::hour12:
            append_int(out, hour12, 0);
            break;
        case LayoutCode::zero_hour12:
            append_int(out, hour12, 2);
            break;
        case LayoutCode::minute:
            append_int(out, c.minute, 0);
            break;
        case LayoutCode::zero_minute:
            append_int(out, c.minute, 2);
            break;
        case LayoutCode::second:
            append_int(out, c.second, 0);
            break;
        case LayoutCode::zero_second:
            append_int(out, c.second, 2);
            break;
        case LayoutCode::pm_upper:
            out += c.hour >= 12 ? "PM" : "AM";
            break;
        case LayoutCode::pm_lower:
            out += c.hour >= 12 ? "pm" : "am";
            break;
        case LayoutCode::iso8601_tz:
        case LayoutCode::iso8601_colon_tz:
        case LayoutCode::iso8601_seconds_tz:
        case LayoutCode::iso8601_short_tz:
        case LayoutCode::iso8601_colon_seconds_tz:
        case LayoutCode::num_tz:
        case LayoutCode::num_colon_tz:
        case LayoutCode::num_seconds_tz:
        case LayoutCode::num_short_tz:
        case LayoutCode::num_colon_seconds_tz: {
            const LayoutCode code = chunk.element.code;
            const bool iso =
                code == LayoutCode::iso8601_tz || code == LayoutCode::iso8601_colon_tz ||
                code == LayoutCode::iso8601_seconds_tz || code == LayoutCode::iso8601_short_tz ||
                code == LayoutCode::iso8601_colon_seconds_tz;
            if (c.offset == 0 && iso) {
                out += 'Z';
                break;
            }
            int zone_minutes = c.offset / 60;
            int absolute = c.offset;
            if (zone_minutes < 0) {
                out += '-';
                zone_minutes = -zone_minutes;
                absolute = -absolute;
            } else {
                out += '+';
            }
            append_int(out, zone_minutes / 60, 2);
            const bool colon = code == LayoutCode::iso8601_colon_tz ||
                               code == LayoutCode::num_colon_tz ||
                               code == LayoutCode::iso8601_colon_seconds_tz ||
                               code == LayoutCode::num_colon_seconds_tz;
            if (colon) {
                out += ':';
            }
            if (code != LayoutCode::num_short_tz && code != LayoutCode::iso8601_short_tz) {
                append_int(out, zone_minutes % 60, 2);
            }
            if (code == LayoutCode::iso8601_seconds_tz || code == LayoutCode::num_seconds_tz ||
                code == LayoutCode::num_colon_seconds_tz ||
                code == LayoutCode::iso8601_colon_seconds_tz) {
                if (code == LayoutCode::num_colon_seconds_tz ||
                    code == LayoutCode::iso8601_colon_seconds_tz) {
                    out += ':';
                }
                append_int(out, absolute % 60, 2);
            }
            break;
        }
        case LayoutCode::tz: {
            if (!c.zone_name.empty()) {
                out += c.zone_name;
                break;
            }
            int zone_minutes = c.offset / 60;
            if (zone_minutes < 0) {
                out += '-';
                zone_minutes = -zone_minutes;
            } else {
                out += '+';
            }
            append_int(out, zone_minutes / 60, 2);
            append_int(out, zone_minutes % 60, 2);
            break;
        }
        case LayoutCode::frac_second0:
        case LayoutCode::frac_second9:
            append_nanoseconds(out, nanoseconds, chunk.element);
            break;
        case LayoutCode::none:
            break;
        }
    }
    return out;
}

std::string GoTime::string() const {
    std::string out = format("2006-01-02 15:04:05.999999999 -0700 MST");
    if (monotonic) {
        std::uint64_t m2 = static_cast<std::uint64_t>(*monotonic);
        char sign = '+';
        if (*monotonic < 0) {
            sign = '-';
            m2 = 0 - m2;
        }
        std::uint64_t m1 = m2 / 1'000'000'000;
        m2 %= 1'000'000'000;
        const std::uint64_t m0 = m1 / 1'000'000'000;
        m1 %= 1'000'000'000;
        out += " m=";
        out += sign;
        int width = 0;
        if (m0 != 0) {
            go_time::append_int(out, static_cast<std::int64_t>(m0), 0);
            width = 9;
        }
        go_time::append_int(out, static_cast<std::int64_t>(m1), width);
        out += '.';
        go_time::append_int(out, static_cast<std::int64_t>(m2), 9);
    }
    return out;
}

std::string GoTime::go_string() const {
    const CivilTime c = civil();
    std::string out = "time.Date(" + std::to_string(c.year) + ", time." +
                      go_time::long_month_names[static_cast<std::size_t>(c.month - 1)] + ", " +
                      std::to_string(c.day) + ", " + std::to_string(c.hour) + ", " +
                      std::to_string(c.minute) + ", " + std::to_string(c.second) + ", " +
                      std::to_string(nanoseconds) + ", ";
    if (is_utc()) {
        out += "time.UTC";
    } else if (is_local()) {
        out += "time.Local";
    } else {
        out += "time.Location(\"" + location->name() + "\")";
    }
    return out + ")";
}

std::string GoTime::rfc3339_nano() const {
    return format("2006-01-02T15:04:05.999999999Z07:00");
}

GoTime GoTime::add(std::int64_t duration) const {
    GoTime t = *this;
    std::int64_t seconds = duration / nanoseconds_per_second;
    std::int64_t nanos = nanoseconds + duration % nanoseconds_per_second;
    if (nanos >= nanoseconds_per_second) {
        ++seconds;
        nanos -= nanoseconds_per_second;
    } else if (nanos < 0) {
        --seconds;
        nanos += nanoseconds_per_second;
    }
    t.nanoseconds = static_cast<std::int32_t>(nanos);
    t.unix_seconds = go_time::wrapping_add(unix_seconds, seconds);
    if (t.monotonic) {
        const std::int64_t moved = go_time::wrapping_add(*t.monotonic, duration);
        if ((duration < 0 && moved > *t.monotonic) || (duration > 0 && moved < *t.monotonic)) {
            t.monotonic.reset();
        } else {
            t.monotonic = moved;
        }
    }
    return t;
}

GoTime GoTime::add_date(std::int64_t years, std::int64_t months, std::int64_t days) const {
    const CivilTime c = civil();
    return date(go_time::wrapping_add(c.year, years), go_time::wrapping_add(c.month, months),
                go_time::wrapping_add(c.day, days), c.hour, c.minute, c.second, nanoseconds,
                location);
}

std::int64_t GoTime::sub(const GoTime& other) const {
    using go_time::Int128;
    if (monotonic && other.monotonic) {
        return go_time::saturating_duration(Int128{*monotonic} - Int128{*other.monotonic});
    }
    const Int128 d = (Int128{unix_seconds} - Int128{other.unix_seconds}) * nanoseconds_per_second +
                     (nanoseconds - other.nanoseconds);
    return go_time::saturating_duration(d);
}

GoTime GoTime::in(const LocationPtr& target) const {
    GoTime t = *this;
    t.location = target == GoLocation::utc() ? nullptr : target;
    t.monotonic.reset();
    return t;
}

namespace {
namespace go_time {

// The remainder of the time since Go's zero time (year 1) modulo d, in
// [0, d): what Truncate and Round work from.
std::int64_t remainder_since_zero(const GoTime& t, std::int64_t d) {
    const Int128 since_zero =
        (Int128{t.unix_seconds} + 62135596800) * nanoseconds_per_second + t.nanoseconds;
    Int128 r = since_zero % d;
    if (r < 0) {
        r += d;
    }
    return static_cast<std::int64_t>(r);
}

} // namespace go_time
} // namespace

GoTime GoTime::truncate(std::int64_t d) const {
    GoTime t = *this;
    t.monotonic.reset();
    if (d <= 0) {
        return t;
    }
    return t.add(-go_time::remainder_since_zero(t, d));
}

GoTime GoTime::round(std::int64_t d) const {
    GoTime t = *this;
    t.monotonic.reset();
    if (d <= 0) {
        return t;
    }
    const std::int64_t r = go_time::remainder_since_zero(t, d);
    if (static_cast<std::uint64_t>(r) + static_cast<std::uint64_t>(r) <
        static_cast<std::uint64_t>(d)) {
        return t.add(-r);
    }
    return t.add(d - r);
}

int GoTime::compare(const GoTime& other) const {
    if (monotonic && other.monotonic) {
        return *monotonic < *other.monotonic ? -1 : (*monotonic > *other.monotonic ? 1 : 0);
    }
    if (unix_seconds != other.unix_seconds) {
        return unix_seconds < other.unix_seconds ? -1 : 1;
    }
    if (nanoseconds != other.nanoseconds) {
        return nanoseconds < other.nanoseconds ? -1 : 1;
    }
    return 0;
}

bool GoTime::is_zero() const {
    return unix_seconds == -62135596800 && nanoseconds == 0;
}

} // namespace airlock::sprig::data_detail
