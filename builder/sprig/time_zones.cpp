// Go's time zones: TZif files read the way Go's LoadLocationFromTZData reads
// them, the POSIX TZ rule in their footer for times after the last
// transition, time.LoadLocation's search path, and time.Local from $TZ or
// /etc/localtime. Zones come from the system's zoneinfo files (Debian's
// tzdata), as a Go binary without an embedded database finds them.
#include "builder/sprig/detail/go_time.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"

#include <cstdlib>

namespace airlock::sprig::data_detail {

namespace {
namespace zones {

constexpr std::int64_t alpha = INT64_MIN; // the start of time, for zone spans
constexpr std::int64_t omega = INT64_MAX;
constexpr std::int64_t seconds_per_day = 86400;
constexpr int seconds_per_hour = 3600;
constexpr std::size_t max_zone_file = 10 << 20; // Go's limit

// A zone that cannot be read is one Go would not find either.
std::optional<std::string> read_zone_file(const std::string& path) {
    try {
        return read_file(path, max_zone_file);
    } catch (const Error&) {
        return std::nullopt;
    }
}

class Reader {
  public:
    explicit Reader(std::string_view data) : data_(data) {}
    bool take(std::size_t n, std::string_view& out) {
        if (data_.size() < n) {
            return false;
        }
        out = data_.substr(0, n);
        data_.remove_prefix(n);
        return true;
    }
    bool big32(std::uint32_t& out) {
        std::string_view b;
        if (!take(4, b)) {
            return false;
        }
        out = 0;
        for (const char c : b) {
            out = (out << 8) | static_cast<unsigned char>(c);
        }
        return true;
    }
    bool big64(std::uint64_t& out) {
        std::string_view b;
        if (!take(8, b)) {
            return false;
        }
        out = 0;
        for (const char c : b) {
            out = (out << 8) | static_cast<unsigned char>(c);
        }
        return true;
    }
    std::string_view rest() const { return data_; }

  private:
    std::string_view data_;
};

// ---- POSIX TZ rules (the TZif footer), as Go's tzset reads them --------

enum class RuleKind { julian, day_of_year, month_week_day };

struct Rule {
    RuleKind kind = RuleKind::julian;
    int day = 0;
    int week = 0;
    int month = 0;
    int time = 0; // seconds after local midnight
};

bool parse_number(std::string_view& s, int min, int max, int& out) {
    if (s.empty()) {
        return false;
    }
    int n = 0;
    std::size_t i = 0;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c < '0' || c > '9') {
            if (i == 0 || n < min) {
                return false;
            }
            out = n;
            s.remove_prefix(i);
            return true;
        }
        n = n * 10 + (c - '0');
        if (n > max) {
            return false;
        }
    }
    if (n < min) {
        return false;
    }
    out = n;
    s = {};
    return true;
}

bool parse_name(std::string_view& s, std::string& out) {
    if (s.empty()) {
        return false;
    }
    if (s[0] != '<') {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            if ((c >= '0' && c <= '9') || c == ',' || c == '-' || c == '+') {
                if (i < 3) {
                    return false;
                }
                out = std::string(s.substr(0, i));
                s.remove_prefix(i);
                return true;
            }
        }
        if (s.size() < 3) {
            return false;
        }
        out = std::string(s);
        s = {};
        return true;
    }
    const std::size_t close = s.find('>');
    if (close == std::string_view::npos) {
        return false;
    }
    out = std::string(s.substr(1, close - 1));
    s.remove_prefix(close + 1);
    return true;
}

bool parse_offset(std::string_view& s, int& out) {
    if (s.empty()) {
        return false;
    }
    bool negative = false;
    if (s[0] == '+') {
        s.remove_prefix(1);
    } else if (s[0] == '-') {
        s.remove_prefix(1);
        negative = true;
    }
    int hours = 0;
    if (!parse_number(s, 0, 24 * 7, hours)) {
        return false;
    }
    int offset = hours * seconds_per_hour;
    for (int part = 0; part < 2 && !s.empty() && s[0] == ':'; ++part) {
        s.remove_prefix(1);
        int n = 0;
        if (!parse_number(s, 0, 59, n)) {
            return false;
        }
        offset += part == 0 ? n * 60 : n;
    }
    out = negative ? -offset : offset;
    return true;
}

bool parse_rule(std::string_view& s, Rule& rule) {
    if (s.empty()) {
        return false;
    }
    if (s[0] == 'J') {
        s.remove_prefix(1);
        rule.kind = RuleKind::julian;
        if (!parse_number(s, 1, 365, rule.day)) {
            return false;
        }
    } else if (s[0] == 'M') {
        s.remove_prefix(1);
        rule.kind = RuleKind::month_week_day;
        if (!parse_number(s, 1, 12, rule.month) || s.empty() || s[0] != '.') {
            return false;
        }
        s.remove_prefix(1);
        if (!parse_number(s, 1, 5, rule.week) || s.empty() || s[0] != '.') {
            return false;
        }
        s.remove_prefix(1);
        if (!parse_number(s, 0, 6, rule.day)) {
            return false;
        }
    } else {
        rule.kind = RuleKind::day_of_year;
        if (!parse_number(s, 0, 365, rule.day)) {
            return false;
        }
    }
    if (s.empty() || s[0] != '/') {
        rule.time = 2 * seconds_per_hour;
        return true;
    }
    s.remove_prefix(1);
    return parse_offset(s, rule.time);
}

bool is_leap(std::int64_t year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

int days_in_month(int month, std::int64_t year) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

int days_before_month(int month, std::int64_t year) {
    int total = 0;
    for (int m = 1; m < month; ++m) {
        total += days_in_month(m, year);
    }
    return total;
}

std::int64_t floor_div_days(std::int64_t a) {
    const std::int64_t q = a / seconds_per_day;
    return (a % seconds_per_day != 0 && a < 0) ? q - 1 : q;
}

std::int64_t days_from_civil_y(std::int64_t y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

std::int64_t year_of_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    return yoe + era * 400 + (mp >= 10 ? 1 : 0);
}

// Seconds from the start of `year` (UTC) to the rule's transition, for a
// zone whose offset before the transition is `offset`.
std::int64_t rule_time(std::int64_t year, const Rule& rule, int offset) {
    std::int64_t day = 0;
    switch (rule.kind) {
    case RuleKind::julian:
        day = rule.day - 1;
        if (is_leap(year) && rule.day >= 60) {
            ++day;
        }
        break;
    case RuleKind::day_of_year:
        day = rule.day;
        break;
    case RuleKind::month_week_day: {
        // The first `rule.day` weekday of the month, then later weeks while
        // they stay in the month (week 5 means the last).
        const std::int64_t first = days_from_civil_y(year, rule.month, 1);
        const int first_weekday = static_cast<int>(((first + 4) % 7 + 7) % 7);
        int d = rule.day - first_weekday;
        if (d < 0) {
            d += 7;
        }
        for (int i = 1; i < rule.week; ++i) {
            if (d + 7 >= days_in_month(rule.month, year)) {
                break;
            }
            d += 7;
        }
        day = d + days_before_month(rule.month, year);
        break;
    }
    }
    return day * seconds_per_day + rule.time - offset;
}

// Go's tzset: the zone the rule gives at `sec`, for times after the last
// transition (`last_transition`).
std::optional<GoLocation::Lookup> apply_rule(std::string_view s, std::int64_t last_transition,
                                             std::int64_t sec) {
    std::string std_name;
    std::string dst_name;
    int std_offset = 0;
    int dst_offset = 0;
    if (!parse_name(s, std_name) || !parse_offset(s, std_offset)) {
        return std::nullopt;
    }
    std_offset = -std_offset; // POSIX counts west of UTC
    if (s.empty() || s[0] == ',') {
        return GoLocation::Lookup{std_name, std_offset, last_transition, omega, false};
    }
    if (!parse_name(s, dst_name)) {
        return std::nullopt;
    }
    if (s.empty() || s[0] == ',') {
        dst_offset = std_offset + seconds_per_hour;
    } else {
        if (!parse_offset(s, dst_offset)) {
            return std::nullopt;
        }
        dst_offset = -dst_offset;
    }
    std::string_view rules = s.empty() ? std::string_view(",M3.2.0,M11.1.0") : s;
    if (rules[0] != ',' && rules[0] != ';') {
        return std::nullopt;
    }
    rules.remove_prefix(1);
    Rule start_rule;
    Rule end_rule;
    if (!parse_rule(rules, start_rule) || rules.empty() || rules[0] != ',') {
        return std::nullopt;
    }
    rules.remove_prefix(1);
    if (!parse_rule(rules, end_rule) || !rules.empty()) {
        return std::nullopt;
    }
    const std::int64_t days = floor_div_days(sec);
    const std::int64_t year = year_of_days(days);
    const std::int64_t year_start = days_from_civil_y(year, 1, 1) * seconds_per_day;
    const std::int64_t seconds_into_year = sec - year_start;
    std::int64_t start = rule_time(year, start_rule, std_offset);
    std::int64_t end = rule_time(year, end_rule, dst_offset);
    bool dst_is_dst = true;
    bool std_is_dst = false;
    // Southern hemisphere: daylight time spans the new year.
    if (end < start) {
        std::swap(start, end);
        std::swap(std_name, dst_name);
        std::swap(std_offset, dst_offset);
        std::swap(std_is_dst, dst_is_dst);
    }
    if (seconds_into_year < start) {
        return GoLocation::Lookup{std_name, std_offset, year_start, start + year_start, std_is_dst};
    }
    if (seconds_into_year >= end) {
        return GoLocation::Lookup{std_name, std_offset, end + year_start,
                                  year_start + 365 * seconds_per_day, std_is_dst};
    }
    return GoLocation::Lookup{dst_name, dst_offset, start + year_start, end + year_start,
                              dst_is_dst};
}

std::shared_ptr<const GoLocation> load_from_sources(std::string_view name,
                                                    const std::vector<std::string>& sources,
                                                    const std::string& location_name) {
    for (const std::string& source : sources) {
        const std::optional<std::string> data = read_zone_file(source + std::string(name));
        if (!data) {
            continue;
        }
        if (auto location = GoLocation::from_tzif(location_name, *data)) {
            return location;
        }
    }
    return nullptr;
}

const std::vector<std::string>& platform_zone_sources() {
    static const std::vector<std::string> sources = {"/usr/share/zoneinfo/",
                                                     "/usr/share/lib/zoneinfo/",
                                                     "/usr/lib/locale/TZ/", "/etc/zoneinfo/"};
    return sources;
}

} // namespace zones
} // namespace

GoLocation::GoLocation(std::string name, std::vector<Zone> zones,
                       std::vector<Transition> transitions, std::string extend)
    : name_(std::move(name)), zones_(std::move(zones)), transitions_(std::move(transitions)),
      extend_(std::move(extend)) {}

std::shared_ptr<const GoLocation> GoLocation::utc() {
    static const auto location = std::make_shared<const GoLocation>("UTC", std::vector<Zone>{},
                                                                    std::vector<Transition>{}, "");
    return location;
}

std::shared_ptr<const GoLocation> GoLocation::fixed(std::string name, int offset) {
    std::vector<Zone> zone_list{Zone{name, offset, false}};
    std::vector<Transition> transitions{Transition{zones::alpha, 0}};
    return std::make_shared<const GoLocation>(std::move(name), std::move(zone_list),
                                              std::move(transitions), "");
}

std::shared_ptr<const GoLocation> GoLocation::from_tzif(std::string name, std::string_view data) {
    using zones::Reader;
    Reader reader(data);
    std::string_view magic;
    if (!reader.take(4, magic) || magic != "TZif") {
        return nullptr;
    }
    std::string_view version_and_reserved;
    if (!reader.take(16, version_and_reserved)) {
        return nullptr;
    }
    const char version = version_and_reserved[0];
    if (version != 0 && version != '2' && version != '3' && version != '4') {
        return nullptr;
    }
    enum { n_utc_local, n_std_wall, n_leap, n_time, n_zone, n_char };
    std::uint32_t counts[6];
    for (std::uint32_t& count : counts) {
        if (!reader.big32(count)) {
            return nullptr;
        }
    }
    std::size_t time_size = 4;
    if (version != 0) {
        // Skip the 32-bit data and read the 64-bit header and data after it.
        const std::size_t skip = std::size_t{counts[n_time]} * 4 + counts[n_time] +
                                 std::size_t{counts[n_zone]} * 6 + counts[n_char] +
                                 std::size_t{counts[n_leap]} * 8 + counts[n_std_wall] +
                                 counts[n_utc_local];
        std::string_view skipped;
        if (!reader.take(skip, skipped) || !reader.take(4, magic) || magic != "TZif" ||
            !reader.take(16, version_and_reserved)) {
            return nullptr;
        }
        for (std::uint32_t& count : counts) {
            if (!reader.big32(count)) {
                return nullptr;
            }
        }
        time_size = 8;
    }
    std::string_view times;
    std::string_view indexes;
    std::string_view zone_data;
    std::string_view abbreviations;
    std::string_view ignored;
    if (!reader.take(counts[n_time] * time_size, times) || !reader.take(counts[n_time], indexes) ||
        !reader.take(std::size_t{counts[n_zone]} * 6, zone_data) ||
        !reader.take(counts[n_char], abbreviations) ||
        !reader.take(counts[n_leap] * (time_size + 4), ignored) ||
        !reader.take(counts[n_std_wall], ignored) || !reader.take(counts[n_utc_local], ignored)) {
        return nullptr;
    }
    std::string extend;
    const std::string_view rest = reader.rest();
    if (rest.size() > 2 && rest.front() == '\n' && rest.back() == '\n') {
        extend = std::string(rest.substr(1, rest.size() - 2));
    }
    if (counts[n_zone] == 0) {
        return nullptr;
    }
    std::vector<Zone> zone_list;
    for (std::size_t i = 0; i < counts[n_zone]; ++i) {
        Reader z(zone_data.substr(i * 6, 6));
        std::uint32_t offset = 0;
        std::string_view flags;
        z.big32(offset);
        z.take(2, flags);
        const auto abbreviation_index = static_cast<unsigned char>(flags[1]);
        if (abbreviation_index >= abbreviations.size()) {
            return nullptr;
        }
        std::string_view abbreviation = abbreviations.substr(abbreviation_index);
        abbreviation = abbreviation.substr(0, abbreviation.find('\0'));
        zone_list.push_back(
            Zone{std::string(abbreviation), static_cast<std::int32_t>(offset), flags[0] != 0});
    }
    std::vector<Transition> transitions;
    Reader time_reader(times);
    for (std::size_t i = 0; i < counts[n_time]; ++i) {
        std::int64_t when = 0;
        if (time_size == 8) {
            std::uint64_t raw = 0;
            time_reader.big64(raw);
            when = static_cast<std::int64_t>(raw);
        } else {
            std::uint32_t raw = 0;
            time_reader.big32(raw);
            when = static_cast<std::int32_t>(raw);
        }
        const auto index = static_cast<unsigned char>(indexes[i]);
        if (index >= zone_list.size()) {
            return nullptr;
        }
        transitions.push_back(Transition{when, index});
    }
    if (transitions.empty()) {
        transitions.push_back(Transition{zones::alpha, 0});
    }
    return std::make_shared<const GoLocation>(std::move(name), std::move(zone_list),
                                              std::move(transitions), std::move(extend));
}

std::shared_ptr<const GoLocation> GoLocation::load(std::string_view name) {
    if (name.empty() || name == "UTC") {
        return utc();
    }
    if (name == "Local") {
        return local();
    }
    if (name.find("..") != std::string_view::npos || name[0] == '/' || name[0] == '\\') {
        return nullptr;
    }
    if (const char* zoneinfo = std::getenv("ZONEINFO"); zoneinfo != nullptr && *zoneinfo != '\0') {
        if (auto location =
                zones::load_from_sources(name, {std::string(zoneinfo) + "/"}, std::string(name))) {
            return location;
        }
    }
    return zones::load_from_sources(name, zones::platform_zone_sources(), std::string(name));
}

std::shared_ptr<const GoLocation> GoLocation::local() {
    static const std::shared_ptr<const GoLocation> location = [] {
        auto renamed = [](const std::shared_ptr<const GoLocation>& loaded, std::string new_name) {
            return std::make_shared<const GoLocation>(std::move(new_name), loaded->zones_,
                                                      loaded->transitions_, loaded->extend_);
        };
        const char* tz = std::getenv("TZ");
        if (tz == nullptr) {
            if (auto loaded = zones::load_from_sources("localtime", {"/etc/"}, "Local")) {
                return loaded;
            }
        } else if (*tz != '\0') {
            std::string_view name = tz;
            if (name[0] == ':') {
                name.remove_prefix(1);
            }
            if (!name.empty() && name[0] == '/') {
                if (auto loaded = zones::load_from_sources(name, {""}, std::string(name))) {
                    return name == "/etc/localtime" ? renamed(loaded, "Local") : loaded;
                }
            } else if (!name.empty() && name != "UTC") {
                if (auto loaded = zones::load_from_sources(name, zones::platform_zone_sources(),
                                                           std::string(name))) {
                    return loaded;
                }
            }
        }
        return std::make_shared<const GoLocation>("UTC", std::vector<Zone>{},
                                                  std::vector<Transition>{}, "");
    }();
    return location;
}

std::size_t GoLocation::first_zone() const {
    // The zone for times before the first transition: the first zone if no
    // transition uses it; otherwise the standard-time zone before the first
    // transition's zone, or the first standard-time zone at all.
    bool first_used = false;
    for (const Transition& t : transitions_) {
        first_used = first_used || t.zone == 0;
    }
    if (!first_used) {
        return 0;
    }
    if (!transitions_.empty() && zones_[transitions_[0].zone].is_dst) {
        for (std::size_t zi = transitions_[0].zone; zi-- > 0;) {
            if (!zones_[zi].is_dst) {
                return zi;
            }
        }
    }
    for (std::size_t zi = 0; zi < zones_.size(); ++zi) {
        if (!zones_[zi].is_dst) {
            return zi;
        }
    }
    return 0;
}

GoLocation::Lookup GoLocation::lookup(std::int64_t sec) const {
    if (zones_.empty()) {
        return Lookup{"UTC", 0, zones::alpha, zones::omega, false};
    }
    if (transitions_.empty() || sec < transitions_[0].when) {
        const Zone& zone = zones_[first_zone()];
        return Lookup{zone.name, zone.offset, zones::alpha,
                      transitions_.empty() ? zones::omega : transitions_[0].when, zone.is_dst};
    }
    std::size_t lo = 0;
    std::size_t hi = transitions_.size();
    std::int64_t end = zones::omega;
    while (hi - lo > 1) {
        const std::size_t m = lo + (hi - lo) / 2;
        if (sec < transitions_[m].when) {
            end = transitions_[m].when;
            hi = m;
        } else {
            lo = m;
        }
    }
    const Zone& zone = zones_[transitions_[lo].zone];
    Lookup found{zone.name, zone.offset, transitions_[lo].when, end, zone.is_dst};
    if (lo == transitions_.size() - 1 && !extend_.empty()) {
        if (auto extended = zones::apply_rule(extend_, found.start, sec)) {
            return *extended;
        }
    }
    return found;
}

std::optional<int> GoLocation::lookup_name(std::string_view abbreviation,
                                           std::int64_t unix_seconds) const {
    // Prefer a zone of that name that was in effect at the time (Sydney
    // calls both its standard and daylight time "EST").
    for (const Zone& zone : zones_) {
        if (zone.name == abbreviation) {
            const Lookup there = lookup(unix_seconds - zone.offset);
            if (there.name == zone.name) {
                return there.offset;
            }
        }
    }
    for (const Zone& zone : zones_) {
        if (zone.name == abbreviation) {
            return zone.offset;
        }
    }
    return std::nullopt;
}

} // namespace airlock::sprig::data_detail
