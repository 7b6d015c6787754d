// sprig's date functions. Times are Go time.Time values (see
// time_values.cpp); "Local" is Go's time.Local ($TZ or /etc/localtime).
// Unknown zone names fall back to UTC, as sprig's dateInZone does.
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/go_time.hpp"
#include "builder/sprig/detail/time_values.hpp"

namespace airlock::sprig::data_detail {

namespace {
namespace dates {

using gotemplate::CallContext;
using gotemplate::IntType;
using gotemplate::Signature;
using gotemplate::Type;

// The time an interface{} date argument stands for: a time.Time, or Unix
// seconds as int or int64 (sprig also takes int32, which templates cannot
// make); anything else is "now".
GoTime date_argument(const Value& v) {
    if (const GoTime* t = time_of(v)) {
        return *t;
    }
    if (v.kind() == Kind::integer && v.int_type() != IntType::uint8) {
        return GoTime::from_unix(v.as_int());
    }
    return GoTime::now();
}

std::string format_in_zone(const std::string& layout, const Value& date, std::string_view zone) {
    LocationPtr location = GoLocation::load(zone);
    if (!location) {
        location = GoLocation::utc();
    }
    return date_argument(date).in(location).format(layout);
}

Value date(CallContext&, std::vector<Value>& args) {
    return Value::string(format_in_zone(args[0].as_string(), args[1], "Local"));
}

Value date_in_zone(CallContext&, std::vector<Value>& args) {
    return Value::string(format_in_zone(args[0].as_string(), args[1], args[2].as_string()));
}

Value html_date(CallContext&, std::vector<Value>& args) {
    return Value::string(format_in_zone("2006-01-02", args[0], "Local"));
}

Value html_date_in_zone(CallContext&, std::vector<Value>& args) {
    return Value::string(format_in_zone("2006-01-02", args[0], args[1].as_string()));
}

Value date_modify(CallContext&, std::vector<Value>& args) {
    const GoTime& t = require_time(args[1]);
    std::string error;
    const std::optional<std::int64_t> d = go_parse_duration(args[0].as_string(), error);
    return time_value(d ? t.add(*d) : t);
}

Value must_date_modify(CallContext&, std::vector<Value>& args) {
    const GoTime& t = require_time(args[1]);
    std::string error;
    const std::optional<std::int64_t> d = go_parse_duration(args[0].as_string(), error);
    if (!d) {
        go_error(error);
    }
    return time_value(t.add(*d));
}

// ago: time.Since(t) to the second. Unlike date, it takes no int32.
Value ago(CallContext&, std::vector<Value>& args) {
    const GoTime then = date_argument(args[0]);
    const std::int64_t since = GoTime::now().sub(then);
    return Value::string(go_duration_string(go_duration_round(since, nanoseconds_per_second)));
}

// strconv.ParseInt(s, 10, 64): a syntax error gives 0, a range error the
// clamped value.
std::int64_t parse_decimal_int(std::string_view s) {
    bool negative = false;
    if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) {
        return 0;
    }
    std::uint64_t n = 0;
    bool overflow = false;
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return 0;
        }
        if (n > (UINT64_MAX - 9) / 10) {
            overflow = true;
            continue;
        }
        n = n * 10 + static_cast<std::uint64_t>(c - '0');
    }
    constexpr std::uint64_t limit = std::uint64_t{1} << 63;
    if (!negative && (overflow || n >= limit)) {
        return INT64_MAX;
    }
    if (negative && (overflow || n > limit)) {
        return INT64_MIN;
    }
    return negative ? static_cast<std::int64_t>(0 - n) : static_cast<std::int64_t>(n);
}

// duration: seconds as a string or an int64 (an int, such as a template
// constant, gives 0s, as in sprig).
Value duration(CallContext&, std::vector<Value>& args) {
    const Value& v = args[0];
    std::int64_t seconds = 0;
    if (v.kind() == Kind::string) {
        seconds = parse_decimal_int(v.as_string());
    } else if (v.kind() == Kind::integer && v.int_type() == IntType::int64) {
        seconds = v.as_int();
    }
    const auto d = static_cast<std::int64_t>(static_cast<std::uint64_t>(seconds) *
                                             static_cast<std::uint64_t>(nanoseconds_per_second));
    return Value::string(go_duration_string(d));
}

// durationRound: the largest whole unit strictly exceeded, "2h", "1y".
Value duration_round(CallContext&, std::vector<Value>& args) {
    const Value& v = args[0];
    std::int64_t d = 0;
    if (v.kind() == Kind::string) {
        std::string error;
        d = go_parse_duration(v.as_string(), error).value_or(0);
    } else if (v.kind() == Kind::integer && v.int_type() == IntType::int64) {
        d = v.as_int();
    } else if (const GoTime* t = time_of(v)) {
        d = GoTime::now().sub(*t);
    }
    std::uint64_t u = static_cast<std::uint64_t>(d);
    if (d < 0) {
        u = 0 - u;
    }
    constexpr std::uint64_t second = 1'000'000'000;
    constexpr std::uint64_t minute = 60 * second;
    constexpr std::uint64_t hour = 60 * minute;
    constexpr std::uint64_t day = 24 * hour;
    constexpr std::uint64_t month = 30 * day;
    constexpr std::uint64_t year = 365 * day;
    const std::pair<std::uint64_t, const char*> units[] = {
        {year, "y"}, {month, "mo"}, {day, "d"}, {hour, "h"}, {minute, "m"}, {second, "s"}};
    for (const auto& [unit, suffix] : units) {
        if (u > unit) {
            return Value::string(std::to_string(u / unit) + suffix);
        }
    }
    return Value::string("0s");
}

Value to_date(CallContext&, std::vector<Value>& args) {
    try {
        return time_value(
            go_parse_time(args[0].as_string(), args[1].as_string(), GoLocation::local()));
    } catch (const Error&) {
        return time_value(GoTime{});
    }
}

Value must_to_date(CallContext&, std::vector<Value>& args) {
    return time_value(go_parse_time(args[0].as_string(), args[1].as_string(), GoLocation::local()));
}

Value unix_epoch(CallContext&, std::vector<Value>& args) {
    return Value::string(std::to_string(require_time(args[0]).unix_seconds));
}

} // namespace dates
} // namespace

void register_date_functions(gotemplate::FunctionTable& table) {
    using namespace dates;
    // time.Time parameters and results have no Type of their own: they are
    // declared interface{} and checked here (see require_time).
    table.add("now", Signature{{}, false, Type::any},
              [](CallContext&, std::vector<Value>&) { return time_value(GoTime::now()); });
    table.add("date", Signature{{Type::string, Type::any}, false, Type::string}, date);
    const Signature in_zone{{Type::string, Type::any, Type::string}, false, Type::string};
    table.add("dateInZone", in_zone, date_in_zone);
    table.add("date_in_zone", in_zone, date_in_zone);
    table.add("htmlDate", Signature{{Type::any}, false, Type::string}, html_date);
    table.add("htmlDateInZone", Signature{{Type::any, Type::string}, false, Type::string},
              html_date_in_zone);
    const Signature modify{{Type::string, Type::any}, false, Type::any};
    table.add("dateModify", modify, date_modify);
    table.add("date_modify", modify, date_modify);
    table.add("mustDateModify", modify, must_date_modify);
    table.add("must_date_modify", modify, must_date_modify);
    table.add("ago", Signature{{Type::any}, false, Type::string}, ago);
    table.add("duration", Signature{{Type::any}, false, Type::string}, duration);
    table.add("durationRound", Signature{{Type::any}, false, Type::string}, duration_round);
    table.add("toDate", Signature{{Type::string, Type::string}, false, Type::any}, to_date);
    table.add("mustToDate", Signature{{Type::string, Type::string}, false, Type::any},
              must_to_date);
    table.add("unixEpoch", Signature{{Type::any}, false, Type::string}, unix_epoch);
}

} // namespace airlock::sprig::data_detail
