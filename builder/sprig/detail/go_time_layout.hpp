#pragma once
// PRIVATE to builder/sprig: how Go splits a time layout into literal text and
// the elements of the reference time ("Jan", "2006", "-07:00", ".000"),
// shared by formatting and parsing.
#include <string_view>

namespace airlock::sprig::data_detail {

enum class LayoutCode {
    none,
    long_month,               // January
    month,                    // Jan
    num_month,                // 1
    zero_month,               // 01
    long_weekday,             // Monday
    weekday,                  // Mon
    day,                      // 2
    under_day,                // _2
    zero_day,                 // 02
    under_yearday,            // __2
    zero_yearday,             // 002
    hour,                     // 15
    hour12,                   // 3
    zero_hour12,              // 03
    minute,                   // 4
    zero_minute,              // 04
    second,                   // 5
    zero_second,              // 05
    long_year,                // 2006
    year,                     // 06
    pm_upper,                 // PM
    pm_lower,                 // pm
    tz,                       // MST
    iso8601_tz,               // Z0700
    iso8601_seconds_tz,       // Z070000
    iso8601_short_tz,         // Z07
    iso8601_colon_tz,         // Z07:00
    iso8601_colon_seconds_tz, // Z07:00:00
    num_tz,                   // -0700
    num_seconds_tz,           // -070000
    num_short_tz,             // -07
    num_colon_tz,             // -07:00
    num_colon_seconds_tz,     // -07:00:00
    frac_second0,             // .000: trailing zeros kept
    frac_second9,             // .999: trailing zeros dropped
};

struct LayoutElement {
    LayoutCode code = LayoutCode::none;
    int digits = 0;       // fractional seconds
    char separator = '.'; // fractional seconds: '.' or ','
};

struct LayoutChunk {
    std::string_view prefix; // literal text before the element
    LayoutElement element;   // code none: no element left
    std::string_view suffix; // the rest of the layout
};

// Go's nextStdChunk.
LayoutChunk next_layout_chunk(std::string_view layout);

} // namespace airlock::sprig::data_detail
