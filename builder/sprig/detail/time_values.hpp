#pragma once
// PRIVATE to builder/sprig: Go's time.Time, time.Duration, time.Month,
// time.Weekday and *time.Location as template values, with the methods
// charts call on them ({{ now.Unix }}, {{ (now.Add 3600000000000).Year }},
// {{ now | date "2006" }}).
#include "builder/sprig/detail/go_time.hpp"
#include "common/gotemplate/value.hpp"

namespace airlock::sprig::data_detail {

gotemplate::Value time_value(GoTime time);
gotemplate::Value duration_value(std::int64_t duration);

// The time.Time a value holds, or nullptr.
const GoTime* time_of(const gotemplate::Value& v);

// A time.Time argument, or text/template's "wrong type for value; expected
// time.Time; got T".
const GoTime& require_time(const gotemplate::Value& v);
// A time.Duration argument: a Duration value or an integer (template
// constants convert to it); otherwise the wrong-type error.
std::int64_t require_duration(const gotemplate::Value& v);

} // namespace airlock::sprig::data_detail
