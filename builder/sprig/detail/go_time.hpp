#pragma once
// PRIVATE to builder/sprig: the parts of Go's time package that sprig's date
// functions and the time.Time values they return need: instants with a
// location (time zones read from the system's TZif files, as Go reads them,
// including the POSIX rule that extends a zone past its last transition),
// the monotonic reading that time.Now carries (Time.String prints it as
// "m=+0.001"), layouts ("2006-01-02T15:04:05Z07:00") for Format and Parse,
// and durations ("1h2m3.5s") for ParseDuration and Duration.String.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sprig::data_detail {

// time.Location.
class GoLocation {
  public:
    struct Zone {
        std::string name; // abbreviation: "CET", "+05"
        int offset = 0;   // seconds east of UTC
        bool is_dst = false;
    };
    struct Transition {
        std::int64_t when = 0; // Unix seconds
        std::size_t zone = 0;
    };
    struct Lookup {
        std::string name;
        int offset = 0;
        std::int64_t start = 0; // the zone applies in [start, end)
        std::int64_t end = 0;
        bool is_dst = false;
    };

    GoLocation(std::string name, std::vector<Zone> zones, std::vector<Transition> transitions,
               std::string extend);

    static std::shared_ptr<const GoLocation> utc();
    // time.Local: $TZ ("" is UTC, ":Name" or "Name" a zone, "/path" a file)
    // or /etc/localtime when TZ is unset; UTC when those cannot be read.
    static std::shared_ptr<const GoLocation> local();
    static std::shared_ptr<const GoLocation> fixed(std::string name, int offset);
    // time.LoadLocation: "" and "UTC" are UTC, "Local" is Local, other
    // names are read from $ZONEINFO or the system's zoneinfo folders.
    // nullptr when the name is invalid or unknown.
    static std::shared_ptr<const GoLocation> load(std::string_view name);
    // LoadLocationFromTZData; nullptr when `data` is no valid TZif file.
    static std::shared_ptr<const GoLocation> from_tzif(std::string name, std::string_view data);

    const std::string& name() const { return name_; }
    Lookup lookup(std::int64_t unix_seconds) const;
    // The offset of the zone of this abbreviation that applies around
    // `unix_seconds` (Go's lookupName).
    std::optional<int> lookup_name(std::string_view abbreviation, std::int64_t unix_seconds) const;

  private:
    std::size_t first_zone() const;
    std::string name_;
    std::vector<Zone> zones_;
    std::vector<Transition> transitions_;
    std::string extend_; // POSIX TZ rule for times after the last transition
};

using LocationPtr = std::shared_ptr<const GoLocation>;

// The calendar fields of an instant in its location.
struct CivilTime {
    std::int64_t year = 1;
    int month = 1; // 1..12
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int weekday = 0; // 0 is Sunday
    int year_day = 1;
    int offset = 0;
    std::string zone_name;
};

// time.Time. The zero value is Go's zero Time (January 1, year 1, UTC).
struct GoTime {
    std::int64_t unix_seconds = -62135596800;
    std::int32_t nanoseconds = 0;
    LocationPtr location; // nullptr is UTC
    // Nanoseconds since the process started, for times from time.Now.
    std::optional<std::int64_t> monotonic;

    static GoTime now();
    // time.Unix(seconds, 0), in Local.
    static GoTime from_unix(std::int64_t seconds);
    // time.Date: fields out of range are normalised (month 13 is January of
    // the next year); the wall time is read in `location`.
    static GoTime date(std::int64_t year, std::int64_t month, std::int64_t day, std::int64_t hour,
                       std::int64_t minute, std::int64_t second, std::int64_t nanosecond,
                       const LocationPtr& location);

    const GoLocation& zone() const;
    bool is_local() const;
    bool is_utc() const;
    CivilTime civil() const;

    std::string format(std::string_view layout) const;
    std::string string() const;    // Time.String, with "m=±..." when monotonic
    std::string go_string() const; // Time.GoString
    std::string rfc3339_nano() const;

    GoTime add(std::int64_t duration) const;
    GoTime add_date(std::int64_t years, std::int64_t months, std::int64_t days) const;
    std::int64_t sub(const GoTime& other) const; // saturating Duration
    GoTime in(const LocationPtr& location) const;
    GoTime truncate(std::int64_t duration) const;
    GoTime round(std::int64_t duration) const;
    int compare(const GoTime& other) const; // -1, 0, +1
    bool is_zero() const;
};

// time.ParseInLocation(layout, value, location): throws go_error with Go's
// message ("parsing time \"x\" as \"2006\": cannot parse \"x\" as \"2006\"").
GoTime go_parse_time(std::string_view layout, std::string_view value, const LocationPtr& location);

// time.ParseDuration; nullopt with Go's message in `error` on failure.
std::optional<std::int64_t> go_parse_duration(std::string_view text, std::string& error);
// Duration.String: "1h2m3.5s", "1.5ms", "0s".
std::string go_duration_string(std::int64_t duration);
// Duration.Round: half away from zero, saturating.
std::int64_t go_duration_round(std::int64_t duration, std::int64_t multiple);

constexpr std::int64_t nanoseconds_per_second = 1'000'000'000;

} // namespace airlock::sprig::data_detail
