// Go's time.ParseInLocation and time.ParseDuration, with their error
// messages, and Duration's String and Round.
#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/go_time.hpp"
#include "builder/sprig/detail/go_time_layout.hpp"

#include <array>

namespace airlock::sprig::data_detail {

namespace {
namespace time_parse {

const std::array<const char*, 7> long_day_names = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                   "Thursday", "Friday", "Saturday"};
const std::array<const char*, 7> short_day_names = {"Sun", "Mon", "Tue", "Wed",
                                                    "Thu", "Fri", "Sat"};
const std::array<const char*, 12> long_month_names = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
const std::array<const char*, 12> short_month_names = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

// The time package's own quoting: '"' and '\' escaped, bytes outside
// printable ASCII as \xNN.
std::string time_quote(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80 || c < ' ') {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += ch;
        }
    }
    return out + "\"";
}

bool is_digit_at(std::string_view s, std::size_t i) {
    return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

bool comma_or_period(char c) {
    return c == '.' || c == ',';
}

// Go's leadingInt: the leading digits, failing past 1<<63.
bool leading_int(std::string_view& s, std::uint64_t& out) {
    std::uint64_t x = 0;
    std::size_t i = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        if (x > (std::uint64_t{1} << 63) / 10) {
            return false;
        }
        x = x * 10 + static_cast<std::uint64_t>(s[i] - '0');
        if (x > (std::uint64_t{1} << 63)) {
            return false;
        }
    }
    s.remove_prefix(i);
    out = x;
    return true;
}

// The time package's atoi: an optional sign and digits, nothing after.
bool time_atoi(std::string_view s, std::int64_t& out) {
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    std::uint64_t q = 0;
    if (!leading_int(s, q) || !s.empty()) {
        return false;
    }
    const auto x = static_cast<std::int64_t>(q);
    out = negative ? -x : x;
    return true;
}

// getnum: one or two digits (exactly two when fixed).
bool get_number(std::string_view& s, bool fixed, std::int64_t& out) {
    if (!is_digit_at(s, 0)) {
        return false;
    }
    if (!is_digit_at(s, 1)) {
        if (fixed) {
            return false;
        }
        out = s[0] - '0';
        s.remove_prefix(1);
        return true;
    }
    out = (s[0] - '0') * 10 + (s[1] - '0');
    s.remove_prefix(2);
    return true;
}

bool get_number3(std::string_view& s, bool fixed, std::int64_t& out) {
    std::int64_t n = 0;
    std::size_t i = 0;
    for (; i < 3 && is_digit_at(s, i); ++i) {
        n = n * 10 + (s[i] - '0');
    }
    if (i == 0 || (fixed && i != 3)) {
        return false;
    }
    out = n;
    s.remove_prefix(i);
    return true;
}

// Case-insensitive prefix lookup in a name table.
template <std::size_t N>
bool lookup_name(const std::array<const char*, N>& table, std::string_view& value, int& index) {
    for (std::size_t i = 0; i < N; ++i) {
        const std::string_view name = table[i];
        if (value.size() < name.size()) {
            continue;
        }
        bool match = true;
        for (std::size_t k = 0; k < name.size() && match; ++k) {
            char c1 = value[k];
            char c2 = name[k];
            if (c1 != c2) {
                c1 = static_cast<char>(c1 | ('a' - 'A'));
                c2 = static_cast<char>(c2 | ('a' - 'A'));
                match = c1 == c2 && c1 >= 'a' && c1 <= 'z';
            }
        }
        if (match) {
            index = static_cast<int>(i);
            value.remove_prefix(name.size());
            return true;
        }
    }
    return false;
}

// skip: the layout's literal text, where a run of spaces matches any run.
bool skip_literal(std::string_view& value, std::string_view prefix) {
    while (!prefix.empty()) {
        if (prefix[0] == ' ') {
            if (!value.empty() && value[0] != ' ') {
                return false;
            }
            while (!prefix.empty() && prefix[0] == ' ') {
                prefix.remove_prefix(1);
            }
            while (!value.empty() && value[0] == ' ') {
                value.remove_prefix(1);
            }
            continue;
        }
        if (value.empty() || value[0] != prefix[0]) {
            return false;
        }
        prefix.remove_prefix(1);
        value.remove_prefix(1);
    }
    return true;
}

// parseSignedOffset: "+3", "-11" (at most 23); 0 when there is none.
std::size_t signed_offset_length(std::string_view value) {
    if (value.empty() || (value[0] != '-' && value[0] != '+')) {
        return 0;
    }
    std::string_view rest = value.substr(1);
    std::uint64_t x = 0;
    if (!leading_int(rest, x) || rest.size() == value.size() - 1 || x > 23) {
        return 0;
    }
    return value.size() - rest.size();
}

// parseTimeZone: the length of a zone abbreviation at the start of value.
std::size_t time_zone_length(std::string_view value) {
    if (value.size() < 3) {
        return 0;
    }
    if (value.substr(0, 4) == "ChST" || value.substr(0, 4) == "MeST") {
        return 4;
    }
    if (value.substr(0, 3) == "GMT") {
        return 3 + (value.size() > 3 ? signed_offset_length(value.substr(3)) : 0);
    }
    if (value[0] == '+' || value[0] == '-') {
        return signed_offset_length(value);
    }
    std::size_t upper = 0;
    while (upper < 6 && upper < value.size() && value[upper] >= 'A' && value[upper] <= 'Z') {
        ++upper;
    }
    switch (upper) {
    case 3:
        return 3;
    case 4:
        return (value[3] == 'T' || value.substr(0, 4) == "WITA") ? 4 : 0;
    case 5:
        return value[4] == 'T' ? 5 : 0;
    default:
        return 0;
    }
}

// parseNanoseconds: value starts with the separator; nbytes counts it.
bool parse_nanoseconds(std::string_view value, std::size_t nbytes, std::int64_t& ns,
                       std::string& range_error) {
    if (!comma_or_period(value[0])) {
        return false;
    }
    if (nbytes > 10) {
        value = value.substr(0, 10);
        nbytes = 10;
    }
    if (!time_atoi(value.substr(1, nbytes - 1), ns)) {
        return false;
    }
    if (ns < 0) {
        range_error = "fractional second";
        return false;
    }
    for (std::size_t i = 0; i < 10 - nbytes; ++i) {
        ns *= 10;
    }
    return true;
}

bool is_leap(std::int64_t year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int days_in(int month, std::int64_t year) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

int days_before(int month) {
    static constexpr int before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
    return before[month - 1];
}

bool is_iso_tz(LayoutCode code) {
    return code == LayoutCode::iso8601_tz || code == LayoutCode::iso8601_short_tz ||
           code == LayoutCode::iso8601_colon_tz || code == LayoutCode::iso8601_seconds_tz ||
           code == LayoutCode::iso8601_colon_seconds_tz;
}

bool is_numeric_tz(LayoutCode code) {
    return code == LayoutCode::num_tz || code == LayoutCode::num_short_tz ||
           code == LayoutCode::num_colon_tz || code == LayoutCode::num_seconds_tz ||
           code == LayoutCode::num_colon_seconds_tz;
}

} // namespace time_parse
} // namespace

GoTime go_parse_time(std::string_view layout, std::string_view value, const LocationPtr& location) {
    using namespace time_parse;
    const std::string_view original_layout = layout;
    const std::string_view original_value = value;
    auto parse_error = [&](std::string_view layout_element, std::string_view value_element,
                           const std::string& message) {
        if (message.empty()) {
            go_error("parsing time " + time_quote(original_value) + " as " +
                     time_quote(original_layout) + ": cannot parse " + time_quote(value_element) +
                     " as " + time_quote(layout_element));
        }
        go_error("parsing time " + time_quote(original_value) + message);
    };
    std::string range_error;
    bool am_set = false;
    bool pm_set = false;
    std::int64_t year = 0;
    std::int64_t month = -1;
    std::int64_t day = -1;
    std::int64_t year_day = -1;
    std::int64_t hour = 0;
    std::int64_t minute = 0;
    std::int64_t second = 0;
    std::int64_t nanosecond = 0;
    bool utc_zone = false;
    std::int64_t zone_offset = -1;
    std::string zone_name;

    while (true) {
        const LayoutChunk chunk = next_layout_chunk(layout);
        const std::string_view element_text = layout.substr(
            chunk.prefix.size(), layout.size() - chunk.prefix.size() - chunk.suffix.size());
        if (!skip_literal(value, chunk.prefix)) {
            parse_error(chunk.prefix, value, "");
        }
        if (chunk.element.code == LayoutCode::none) {
            if (!value.empty()) {
                parse_error("", value, ": extra text: " + time_quote(value));
            }
            break;
        }
        layout = chunk.suffix;
        const std::string_view hold = value;
        bool ok = true;
        const LayoutCode code = chunk.element.code;
        switch (code) {
        case LayoutCode::year:
            if (value.size() < 2) {
                ok = false;
                break;
            }
            ok = time_atoi(value.substr(0, 2), year);
            value.remove_prefix(2);
            if (ok) {
                year += year >= 69 ? 1900 : 2000;
            }
            break;
        case LayoutCode::long_year:
            if (value.size() < 4 || !is_digit_at(value, 0)) {
                ok = false;
                break;
            }
            ok = time_atoi(value.substr(0, 4), year);
            value.remove_prefix(4);
            break;
        case LayoutCode::month:
        case LayoutCode::long_month: {
            int index = -1;
            ok = code == LayoutCode::month ? lookup_name(short_month_names, value, index)
                                           : lookup_name(long_month_names, value, index);
            month = index + 1;
            break;
        }
        case LayoutCode::num_month:
        case LayoutCode::zero_month:
            ok = get_number(value, code == LayoutCode::zero_month, month);
            if (ok && (month <= 0 || month > 12)) {
                range_error = "month";
            }
            break;
        case LayoutCode::weekday:
        case LayoutCode::long_weekday: {
            int ignored = 0;
            ok = code == LayoutCode::weekday ? lookup_name(short_day_names, value, ignored)
                                             : lookup_name(long_day_names, value, ignored);
            break;
        }
        case LayoutCode::day:
        case LayoutCode::under_day:
        case LayoutCode::zero_day:
            if (code == LayoutCode::under_day && !value.empty() && value[0] == ' ') {
                value.remove_prefix(1);
            }
            ok = get_number(value, code == LayoutCode::zero_day, day);
            break;
        case LayoutCode::under_yearday:
        case LayoutCode::zero_yearday:
            for (int k = 0; k < 2; ++k) {
                if (code == LayoutCode::under_yearday && !value.empty() && value[0] == ' ') {
                    value.remove_prefix(1);
                }
            }
            ok = get_number3(value, code == LayoutCode::zero_yearday, year_day);
            break;
        case LayoutCode::hour:
            ok = get_number(value, false, hour);
            if (hour < 0 || hour >= 24) {
                range_error = "hour";
            }
            break;
        case LayoutCode::hour12:
        case LayoutCode::zero_hour12:
            ok = get_number(value, code == LayoutCode::zero_hour12, hour);
            if (hour < 0 || hour > 12) {
                range_error = "hour";
            }
            break;
        case LayoutCode::minute:
        case LayoutCode::zero_minute:
            ok = get_number(value, code == LayoutCode::zero_minute, minute);
            if (minute < 0 || minute >= 60) {
                range_error = "minute";
            }
            break;
        case LayoutCode::second:
        case LayoutCode::zero_second: {
            ok = get_number(value, code == LayoutCode::zero_second, second);
            if (!ok) {
                break;
            }
            if (second < 0 || second >= 60) {
                range_error = "second";
                break;
            }
            // A fraction in the value that the layout does not mention.
            if (value.size() >= 2 && comma_or_period(value[0]) && is_digit_at(value, 1)) {
                const LayoutCode next = next_layout_chunk(layout).element.code;
                if (next == LayoutCode::frac_second0 || next == LayoutCode::frac_second9) {
                    break;
                }
                std::size_t n = 2;
                while (n < value.size() && is_digit_at(value, n)) {
                    ++n;
                }
                ok = parse_nanoseconds(value, n, nanosecond, range_error);
                value.remove_prefix(n);
            }
            break;
        }
        case LayoutCode::pm_upper:
        case LayoutCode::pm_lower: {
            if (value.size() < 2) {
                ok = false;
                break;
            }
            const std::string_view mark = value.substr(0, 2);
            value.remove_prefix(2);
            const bool upper = code == LayoutCode::pm_upper;
            if (mark == (upper ? "PM" : "pm")) {
                pm_set = true;
            } else if (mark == (upper ? "AM" : "am")) {
                am_set = true;
            } else {
                ok = false;
            }
            break;
        }
        case LayoutCode::tz:
            if (value.substr(0, 3) == "UTC") {
                utc_zone = true;
                value.remove_prefix(3);
                break;
            }
            if (const std::size_t n = time_zone_length(value); n > 0) {
                zone_name = std::string(value.substr(0, n));
                value.remove_prefix(n);
            } else {
                ok = false;
            }
            break;
        case LayoutCode::frac_second0: {
            const auto ndigit = static_cast<std::size_t>(1 + chunk.element.digits);
            if (value.size() < ndigit) {
                ok = false;
                break;
            }
            ok = parse_nanoseconds(value, ndigit, nanosecond, range_error);
            value.remove_prefix(ndigit);
            break;
        }
        case LayoutCode::frac_second9: {
            if (value.size() < 2 || !comma_or_period(value[0]) || value[1] < '0' ||
                value[1] > '9') {
                break; // the fraction is optional
            }
            std::size_t k = 0;
            while (k + 1 < value.size() && value[k + 1] >= '0' && value[k + 1] <= '9') {
                ++k;
            }
            ok = parse_nanoseconds(value, 1 + k, nanosecond, range_error);
            value.remove_prefix(1 + k);
            break;
        }
        case LayoutCode::none:
            break;
        default: {
            if (is_iso_tz(code) && !value.empty() && value[0] == 'Z') {
                value.remove_prefix(1);
                utc_zone = true;
                break;
            }
            if (!is_iso_tz(code) && !is_numeric_tz(code)) {
                break;
            }
            std::string_view sign;
            std::string_view hh;
            std::string_view mm = "00";
            std::string_view ss = "00";
            if (code == LayoutCode::iso8601_colon_tz || code == LayoutCode::num_colon_tz) {
                if (value.size() < 6 || value[3] != ':') {
                    ok = false;
                    break;
                }
                sign = value.substr(0, 1);
                hh = value.substr(1, 2);
                mm = value.substr(4, 2);
                value.remove_prefix(6);
            } else if (code == LayoutCode::num_short_tz || code == LayoutCode::iso8601_short_tz) {
                if (value.size() < 3) {
                    ok = false;
                    break;
                }
                sign = value.substr(0, 1);
                hh = value.substr(1, 2);
                value.remove_prefix(3);
            } else if (code == LayoutCode::iso8601_colon_seconds_tz ||
                       code == LayoutCode::num_colon_seconds_tz) {
                if (value.size() < 9 || value[3] != ':' || value[6] != ':') {
                    ok = false;
                    break;
                }
                sign = value.substr(0, 1);
                hh = value.substr(1, 2);
                mm = value.substr(4, 2);
                ss = value.substr(7, 2);
                value.remove_prefix(9);
            } else if (code == LayoutCode::iso8601_seconds_tz ||
                       code == LayoutCode::num_seconds_tz) {
                if (value.size() < 7) {
                    ok = false;
                    break;
                }
                sign = value.substr(0, 1);
                hh = value.substr(1, 2);
                mm = value.substr(3, 2);
                ss = value.substr(5, 2);
                value.remove_prefix(7);
            } else {
                if (value.size() < 5) {
                    ok = false;
                    break;
                }
                sign = value.substr(0, 1);
                hh = value.substr(1, 2);
                mm = value.substr(3, 2);
                value.remove_prefix(5);
            }
            std::int64_t hr = 0;
            std::int64_t mn = 0;
            std::int64_t sc = 0;
            ok = get_number(hh, true, hr) && get_number(mm, true, mn) && get_number(ss, true, sc);
            if (hr > 24) {
                range_error = "time zone offset hour";
            }
            if (mn > 60) {
                range_error = "time zone offset minute";
            }
            if (sc > 60) {
                range_error = "time zone offset second";
            }
            zone_offset = (hr * 60 + mn) * 60 + sc;
            if (sign == "-") {
                zone_offset = -zone_offset;
            } else if (sign != "+") {
                ok = false;
            }
            break;
        }
        }
        if (!range_error.empty()) {
            parse_error(element_text, value, ": " + range_error + " out of range");
        }
        if (!ok) {
            parse_error(element_text, hold, "");
        }
    }
    if (pm_set && hour < 12) {
        hour += 12;
    } else if (am_set && hour == 12) {
        hour = 0;
    }
    if (year_day >= 0) {
        std::int64_t d = 0;
        std::int64_t m = 0;
        if (is_leap(year)) {
            if (year_day == 31 + 29) {
                m = 2;
                d = 29;
            } else if (year_day > 31 + 29) {
                --year_day;
            }
        }
        if (year_day < 1 || year_day > 365) {
            parse_error("", value, ": day-of-year out of range");
        }
        if (m == 0) {
            m = (year_day - 1) / 31 + 1;
            if (days_before(static_cast<int>(m + 1)) < year_day) {
                ++m;
            }
            d = year_day - days_before(static_cast<int>(m));
        }
        if (month >= 0 && month != m) {
            parse_error("", value, ": day-of-year does not match month");
        }
        month = m;
        if (day >= 0 && day != d) {
            parse_error("", value, ": day-of-year does not match day");
        }
        day = d;
    } else {
        if (month < 0) {
            month = 1;
        }
        if (day < 0) {
            day = 1;
        }
    }
    if (day < 1 || day > days_in(static_cast<int>(month), year)) {
        parse_error("", value, ": day out of range");
    }
    if (utc_zone) {
        return GoTime::date(year, month, day, hour, minute, second, nanosecond, nullptr);
    }
    if (zone_offset != -1) {
        GoTime t = GoTime::date(year, month, day, hour, minute, second, nanosecond, nullptr);
        t.unix_seconds -= zone_offset;
        // The local zone, when it has this offset at that time.
        const GoLocation::Lookup local = location->lookup(t.unix_seconds);
        if (local.offset == zone_offset && (zone_name.empty() || local.name == zone_name)) {
            t.location = location == GoLocation::utc() ? nullptr : location;
            return t;
        }
        t.location = GoLocation::fixed(zone_name, static_cast<int>(zone_offset));
        return t;
    }
    if (!zone_name.empty()) {
        GoTime t = GoTime::date(year, month, day, hour, minute, second, nanosecond, nullptr);
        if (const std::optional<int> offset = location->lookup_name(zone_name, t.unix_seconds)) {
            t.unix_seconds -= *offset;
            t.location = location == GoLocation::utc() ? nullptr : location;
            return t;
        }
        // An unknown abbreviation: a made-up zone of that name, offset 0
        // (or GMT's hours), the instant left as read.
        int offset = 0;
        if (zone_name.size() > 3 && zone_name.substr(0, 3) == "GMT") {
            std::int64_t hours = 0;
            time_atoi(std::string_view(zone_name).substr(3), hours);
            offset = static_cast<int>(hours * 3600);
        }
        t.location = GoLocation::fixed(zone_name, offset);
        return t;
    }
    return GoTime::date(year, month, day, hour, minute, second, nanosecond, location);
}

namespace {
namespace time_parse {

// leadingFraction: digits after the point, precision dropped on overflow.
void leading_fraction(std::string_view& s, std::uint64_t& x, double& scale) {
    x = 0;
    scale = 1;
    bool overflow = false;
    std::size_t i = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        if (overflow) {
            continue;
        }
        if (x > static_cast<std::uint64_t>(INT64_MAX) / 10) {
            overflow = true;
            continue;
        }
        const std::uint64_t y = x * 10 + static_cast<std::uint64_t>(s[i] - '0');
        if (y > (std::uint64_t{1} << 63)) {
            overflow = true;
            continue;
        }
        x = y;
        scale *= 10;
    }
    s.remove_prefix(i);
}

std::optional<std::uint64_t> unit_nanoseconds(std::string_view unit) {
    if (unit == "ns") {
        return 1;
    }
    if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") {
        return 1000;
    }
    if (unit == "ms") {
        return 1000000;
    }
    if (unit == "s") {
        return 1000000000;
    }
    if (unit == "m") {
        return 60000000000;
    }
    if (unit == "h") {
        return 3600000000000;
    }
    return std::nullopt;
}

} // namespace time_parse
} // namespace

std::optional<std::int64_t> go_parse_duration(std::string_view text, std::string& error) {
    using namespace time_parse;
    const std::string_view original = text;
    auto invalid = [&]() -> std::optional<std::int64_t> {
        error = "time: invalid duration " + time_quote(original);
        return std::nullopt;
    };
    constexpr std::uint64_t limit = std::uint64_t{1} << 63;
    std::uint64_t total = 0;
    bool negative = false;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    if (text == "0") {
        return 0;
    }
    if (text.empty()) {
        return invalid();
    }
    while (!text.empty()) {
        if (!(text[0] == '.' || (text[0] >= '0' && text[0] <= '9'))) {
            return invalid();
        }
        const std::size_t before = text.size();
        std::uint64_t whole = 0;
        if (!leading_int(text, whole)) {
            return invalid();
        }
        const bool digits_before = before != text.size();
        std::uint64_t fraction = 0;
        double scale = 1;
        bool digits_after = false;
        if (!text.empty() && text[0] == '.') {
            text.remove_prefix(1);
            const std::size_t at = text.size();
            leading_fraction(text, fraction, scale);
            digits_after = at != text.size();
        }
        if (!digits_before && !digits_after) {
            return invalid();
        }
        std::size_t unit_length = 0;
        while (unit_length < text.size() && text[unit_length] != '.' &&
               !(text[unit_length] >= '0' && text[unit_length] <= '9')) {
            ++unit_length;
        }
        if (unit_length == 0) {
            error = "time: missing unit in duration " + time_quote(original);
            return std::nullopt;
        }
        const std::string_view unit_text = text.substr(0, unit_length);
        text.remove_prefix(unit_length);
        const std::optional<std::uint64_t> unit = unit_nanoseconds(unit_text);
        if (!unit) {
            error = "time: unknown unit " + time_quote(unit_text) + " in duration " +
                    time_quote(original);
            return std::nullopt;
        }
        if (whole > limit / *unit) {
            return invalid();
        }
        whole *= *unit;
        if (fraction > 0) {
            whole += static_cast<std::uint64_t>(static_cast<double>(fraction) *
                                                (static_cast<double>(*unit) / scale));
            if (whole > limit) {
                return invalid();
            }
        }
        total += whole;
        if (total > limit) {
            return invalid();
        }
    }
    if (negative) {
        return static_cast<std::int64_t>(0 - total);
    }
    if (total > limit - 1) {
        return invalid();
    }
    return static_cast<std::int64_t>(total);
}

namespace {
namespace time_parse {

// fmtFrac: ".fraction" of v / 10^precision without trailing zeros.
std::string format_fraction(std::uint64_t& v, int precision) {
    std::string digits;
    bool print = false;
    for (int i = 0; i < precision; ++i) {
        const auto digit = static_cast<char>('0' + v % 10);
        print = print || digit != '0';
        if (print) {
            digits.insert(digits.begin(), digit);
        }
        v /= 10;
    }
    return print ? "." + digits : std::string();
}

} // namespace time_parse
} // namespace

std::string go_duration_string(std::int64_t duration) {
    using time_parse::format_fraction;
    std::uint64_t u = static_cast<std::uint64_t>(duration);
    const bool negative = duration < 0;
    if (negative) {
        u = 0 - u;
    }
    std::string out;
    if (u < 1'000'000'000) {
        if (u == 0) {
            return "0s";
        }
        std::string unit;
        int precision = 0;
        if (u < 1000) {
            unit = "ns";
        } else if (u < 1'000'000) {
            precision = 3;
            unit = "\xC2\xB5s"; // µs
        } else {
            precision = 6;
            unit = "ms";
        }
        const std::string fraction = format_fraction(u, precision);
        out = std::to_string(u) + fraction + unit;
    } else {
        const std::string fraction = format_fraction(u, 9);
        out = std::to_string(u % 60) + fraction + "s";
        u /= 60;
        if (u > 0) {
            out = std::to_string(u % 60) + "m" + out;
            u /= 60;
            if (u > 0) {
                out = std::to_string(u) + "h" + out;
            }
        }
    }
    return negative ? "-" + out : out;
}

std::int64_t go_duration_round(std::int64_t d, std::int64_t m) {
    if (m <= 0) {
        return d;
    }
    auto less_than_half = [](std::int64_t x, std::int64_t y) {
        return static_cast<std::uint64_t>(x) + static_cast<std::uint64_t>(x) <
               static_cast<std::uint64_t>(y);
    };
    std::int64_t r = d % m;
    if (d < 0) {
        r = -r;
        if (less_than_half(r, m)) {
            return d + r;
        }
        const std::int64_t d1 = static_cast<std::int64_t>(static_cast<std::uint64_t>(d) -
                                                          static_cast<std::uint64_t>(m) +
                                                          static_cast<std::uint64_t>(r));
        return d1 < d ? d1 : INT64_MIN;
    }
    if (less_than_half(r, m)) {
        return d - r;
    }
    const std::int64_t d1 =
        static_cast<std::int64_t>(static_cast<std::uint64_t>(d) + static_cast<std::uint64_t>(m) -
                                  static_cast<std::uint64_t>(r));
    return d1 > d ? d1 : INT64_MAX;
}

} // namespace airlock::sprig::data_detail
