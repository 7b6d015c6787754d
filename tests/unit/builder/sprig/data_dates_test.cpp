// Facts from sprig v3.3.0's date.go, Go 1.25's time package, and what helm
// v4.1.4 prints. Zones are named explicitly (the machine's Local zone is not
// assumed), and read from the system's zoneinfo files as Go reads them.
#include "data_test_support.hpp"

#include <catch2/catch.hpp>
#include <regex>

using namespace airlock::sprig_data_test;
using airlock::gotemplate::Kind;

namespace {

// A field or zero-argument method of a time value ({{ $t.Unix }}).
Value data_dates_field(const Value& object, std::string_view name) {
    const std::optional<Value> v = object.as_object().field(name);
    REQUIRE(v.has_value());
    return *v;
}

std::string data_dates_print_field(const Value& object, std::string_view name) {
    return airlock::gotemplate::sprint_value(data_dates_field(object, name));
}

Value data_dates_method(const Value& object, std::string_view name, std::vector<Value> args) {
    const airlock::gotemplate::Function* method = object.as_object().method(name);
    REQUIRE(method != nullptr);
    CountingContext context;
    return method->call(context, args);
}

} // namespace

TEST_CASE("sprig dateInZone formats every element of Go's reference layout", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("dateInZone",
                    {s("2006-01-02T15:04:05Z07:00 Mon Monday Jan January 1 01 _2 2 02 __2 002 3 03 "
                       "15 4 04 5 05 PM pm MST -0700 -07:00 -07 Z0700 Z07:00 Z07 .000 .999 ,000 "
                       ".000000000 .999999999 06 yy"),
                     i(0), s("UTC")}) ==
          "1970-01-01T00:00:00Z Thu Thursday Jan January 1 01  1 1 01   1 001 12 12 00 0 00 0 00 "
          "AM am UTC +0000 +00:00 +00 Z Z Z .000  ,000 .000000000  70 yy");
    CHECK(fns.print("dateInZone", {s("2006-01-02 15:04:05.999999999 -0700 MST"), i(1700000000),
                                   s("America/New_York")}) == "2023-11-14 17:13:20 -0500 EST");
    CHECK(fns.print("date_in_zone", {s("Z07:00 MST"), i(1700000000), s("Asia/Kolkata")}) ==
          "+05:30 IST");
    CHECK(fns.print("dateInZone", {s("-070000 -07:00:00 Z070000"), i(0), s("Asia/Kolkata")}) ==
          "+053000 +05:30:00 +053000");
    // Unknown and invalid zone names fall back to UTC.
    CHECK(fns.print("dateInZone", {s("MST -07"), i(1700000000), s("Bogus/Zone")}) == "UTC +00");
    CHECK(fns.print("dateInZone", {s("MST"), i(0), s("../etc/passwd")}) == "UTC");
    CHECK(fns.print("dateInZone", {s("MST"), i(0), s("")}) == "UTC");
    CHECK(fns.print("dateInZone", {s("MST"), i(0), s("Etc/GMT+5")}) == "-05");
    CHECK(fns.print("htmlDateInZone", {i(0), s("Asia/Tokyo")}) == "1970-01-01");
    CHECK(fns.print("dateInZone", {s("2006-01-02"), i64(86400), s("UTC")}) == "1970-01-02");
    // Local is whatever time.Local is; date and htmlDate use it.
    CHECK(fns.print("date", {s("2006-01-02 15:04 MST"), i(1700000000)}) ==
          fns.print("dateInZone", {s("2006-01-02 15:04 MST"), i(1700000000), s("Local")}));
    CHECK(fns.print("htmlDate", {i(0)}) ==
          fns.print("dateInZone", {s("2006-01-02"), i(0), s("Local")}));
    // Anything but a time or an int/int64 is "now".
    CHECK(fns.print("date", {s("2006"), s("x")}).size() == 4);
    CHECK(fns.print("date", {s("2006-01-02"), f(1.5e9)}).size() == 10);
}

TEST_CASE("sprig dates follow the zone's rules, past its last transition too", "[sprig-data]") {
    DataFunctions fns;
    const Value layout = s("2006-01-02 15:04:05 MST");
    CHECK(fns.print("dateInZone", {s("2006-01-02 15:04:05 MST -0700"), i64(4118083200),
                                   s("America/New_York")}) == "2100-06-30 20:00:00 EDT -0400");
    CHECK(fns.print("dateInZone", {layout, i64(4108690799), s("America/New_York")}) ==
          "2100-03-14 01:59:59 EST");
    CHECK(fns.print("dateInZone", {layout, i64(4108690800), s("America/New_York")}) ==
          "2100-03-14 03:00:00 EDT");
    CHECK(fns.print("dateInZone", {layout, i64(4129250399), s("America/New_York")}) ==
          "2100-11-07 01:59:59 EDT");
    CHECK(fns.print("dateInZone", {layout, i64(4129250400), s("America/New_York")}) ==
          "2100-11-07 01:00:00 EST");
    // Southern hemisphere: daylight time spans the new year.
    CHECK(fns.print("dateInZone", {layout, i64(4102444800), s("Australia/Sydney")}) ==
          "2100-01-01 11:00:00 AEDT");
    CHECK(fns.print("dateInZone", {layout, i64(4110451199), s("Australia/Sydney")}) ==
          "2100-04-04 02:59:59 AEDT");
    CHECK(fns.print("dateInZone", {layout, i64(4110451200), s("Australia/Sydney")}) ==
          "2100-04-04 02:00:00 AEST");
    // Before the first transition: local mean time.
    CHECK(fns.print("dateInZone", {layout, i64(-2208988800), s("Europe/Paris")}) ==
          "1900-01-01 00:09:21 PMT");
    CHECK(fns.print("dateInZone", {s("2006-01-02T15:04:05 MST"), i64(4108953600), s("EST5EDT")}) ==
          "2100-03-17T04:00:00 EDT");
}

TEST_CASE("sprig toDate and mustToDate parse with Go's layouts and errors", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("toDate", {s("2006-01-02T15:04:05Z07:00"), s("2020-01-02T03:04:05+02:17")}) ==
          "2020-01-02 03:04:05 +0217 +0217");
    CHECK(fns.print("toDate", {s("Jan _2 3PM MST"), s("Feb  3 4PM UTC")}) ==
          "0000-02-03 16:00:00 +0000 UTC");
    CHECK(
        fns.print("toDate", {s("2006-01-02 15:04:05.000 MST"), s("2020-01-02 03:04:05.123 XYZ")}) ==
        "2020-01-02 03:04:05.123 +0000 XYZ");
    CHECK(fns.print("toDate", {s("2006-01-02 MST"), s("2020-07-01 GMT+3")}) ==
          "2020-07-01 03:00:00 +0300 GMT+3");
    const std::string utc = " MST";
    CHECK(fns.print("toDate", {s("2006-01-02 15:04:05" + utc), s("2020-01-02 03:04:05.5 UTC")}) ==
          "2020-01-02 03:04:05.5 +0000 UTC");
    CHECK(fns.print("toDate", {s("002 2006 MST"), s("060 2020 UTC")}) ==
          "2020-02-29 00:00:00 +0000 UTC");
    CHECK(fns.print("toDate", {s("__2 2006 MST"), s(" 60 2021 UTC")}) ==
          "2021-03-01 00:00:00 +0000 UTC");
    CHECK(fns.print("toDate", {s("Monday Jan 2 2006 MST"), s("friday JAN 3 2020 UTC")}) ==
          "2020-01-03 00:00:00 +0000 UTC");
    CHECK(fns.print("toDate", {s("06 1 2 MST"), s("69 1 2 UTC")}) ==
          "1969-01-02 00:00:00 +0000 UTC");
    CHECK(fns.print("toDate", {s("06 1 2 MST"), s("68 1 2 UTC")}) ==
          "2068-01-02 00:00:00 +0000 UTC");
    // toDate swallows errors and returns Go's zero time.
    CHECK(fns.print("toDate", {s("2006-01-02"), s("2020-13-01")}) ==
          "0001-01-01 00:00:00 +0000 UTC");
    CHECK(fns.error("mustToDate", {s("2006-01-02"), s("2020-13-01")}) ==
          "parsing time \"2020-13-01\": month out of range");
    CHECK(
        fns.error("mustToDate", {s("2006-01-02"), s("x2020-12-01")}) ==
        "parsing time \"x2020-12-01\" as \"2006-01-02\": cannot parse \"x2020-12-01\" as \"2006\"");
    CHECK(fns.error("mustToDate", {s("2006-01-02"), s("2020-12-01x")}) ==
          "parsing time \"2020-12-01x\": extra text: \"x\"");
    CHECK(fns.error("mustToDate", {s("2006-01-02"), s("2020-02-30")}) ==
          "parsing time \"2020-02-30\": day out of range");
    CHECK(fns.error("mustToDate", {s("2006-01-02 15"), s("2020-01-02 24")}) ==
          "parsing time \"2020-01-02 24\": hour out of range");
    CHECK(fns.error("mustToDate", {s("2006 002"), s("2021 366")}) ==
          "parsing time \"2021 366\": day-of-year out of range");
    CHECK(fns.error("mustToDate", {s("2006 002 01"), s("2020 060 03")}) ==
          "parsing time \"2020 060 03\": day-of-year does not match month");
    CHECK(fns.error("mustToDate", {s("2006 -07:00"), s("2020 +25:00")}) ==
          "parsing time \"2020 +25:00\": time zone offset hour out of range");
    CHECK(fns.error("mustToDate", {s("Jan"), s("Foo")}) ==
          "parsing time \"Foo\" as \"Jan\": cannot parse \"Foo\" as \"Jan\"");
    CHECK(fns.error("mustToDate", {s("2006 MST"), s("2020 abc")}) ==
          "parsing time \"2020 abc\" as \"2006 MST\": cannot parse \"abc\" as \"MST\"");
    CHECK(fns.error("mustToDate", {s("2006"), s("2020 \xC3\xA9")}) ==
          "parsing time \"2020 \\xc3\\xa9\": extra text: \" \\xc3\\xa9\"");
    CHECK(fns.error("mustToDate", {s("15:04:05.000"), s("10:00:00.12")}) ==
          "parsing time \"10:00:00.12\" as \"15:04:05.000\": cannot parse \".12\" as \".000\"");
    CHECK(fns.error("mustToDate", {s("2006-01-02 3PM"), s("2020-01-02 3XM")}) ==
          "parsing time \"2020-01-02 3XM\" as \"2006-01-02 3PM\": cannot parse \"XM\" as \"PM\"");
}

TEST_CASE("sprig dateModify, mustDateModify and unixEpoch take a time.Time", "[sprig-data]") {
    DataFunctions fns;
    const Value t = fns.call("mustToDate", {s("2006-01-02 MST"), s("2020-01-01 UTC")});
    CHECK(fns.print("dateModify", {s("1h"), t}) == "2020-01-01 01:00:00 +0000 UTC");
    CHECK(fns.print("dateModify", {s("bad"), t}) == "2020-01-01 00:00:00 +0000 UTC");
    CHECK(fns.print("date_modify", {s("-1.5h"), t}) == "2019-12-31 22:30:00 +0000 UTC");
    CHECK(fns.print("unixEpoch", {t}) == "1577836800");
    CHECK(fns.error("mustDateModify", {s("bad"), t}) == "time: invalid duration \"bad\"");
    CHECK(fns.error("must_date_modify", {s("1x"), t}) ==
          "time: unknown unit \"x\" in duration \"1x\"");
    CHECK(fns.error("mustDateModify", {s(""), t}) == "time: invalid duration \"\"");
    CHECK(fns.error("mustDateModify", {s("1"), t}) == "time: missing unit in duration \"1\"");
    // Go refuses other arguments before the call; we refuse them in it.
    CHECK(fns.error("dateModify", {s("1h"), s("x")}) ==
          "wrong type for value; expected time.Time; got string");
    CHECK(fns.error("unixEpoch", {i(5)}) == "wrong type for value; expected time.Time; got int");
}

TEST_CASE("sprig duration, durationRound and ago", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("duration", {s("95")}) == "1m35s");
    CHECK(fns.print("duration", {i(95)}) == "0s"); // an int is not an int64
    CHECK(fns.print("duration", {i64(95)}) == "1m35s");
    CHECK(fns.print("duration", {s("x")}) == "0s");
    CHECK(fns.print("duration", {s("3600000")}) == "1000h0m0s");
    CHECK(fns.print("duration", {s("-1")}) == "-1s");
    CHECK(fns.print("duration", {s("1.5")}) == "0s");
    CHECK(fns.print("durationRound", {s("2h10m5s")}) == "2h");
    CHECK(fns.print("durationRound", {s("-25h")}) == "1d");
    CHECK(fns.print("durationRound", {i64(86400000000001)}) == "1d");
    CHECK(fns.print("durationRound", {i(5)}) == "0s");
    CHECK(fns.print("durationRound", {s("400d")}) == "0s"); // "d" is no Go unit
    CHECK(fns.print("durationRound", {s("8761h")}) == "1y");
    CHECK(fns.print("durationRound", {s("721h")}) == "1mo");
    CHECK(fns.print("durationRound", {s("1s")}) == "0s");
    CHECK(fns.print("durationRound", {s("1.5s")}) == "1s");
    CHECK(fns.print("durationRound", {s("61s")}) == "1m");
    const Value now = fns.call("now");
    CHECK(fns.print("durationRound", {now}) == "0s");
    CHECK(fns.print("ago", {now}) == "0s");
    CHECK(fns.print("ago", {fns.call("dateModify", {s("-90m"), now})}) == "1h30m0s");
    CHECK(fns.print("ago", {fns.call("dateModify", {s("1.5s"), now})}) == "-1s");
    CHECK(fns.print("ago", {s("x")}) == "0s");
    CHECK(fns.print("ago", {i(0)}).size() > 6); // "496000h0m0s"-like
}

TEST_CASE("sprig now is a time.Time with Go's methods and %v", "[sprig-data]") {
    DataFunctions fns;
    const Value now = fns.call("now");
    REQUIRE(now.kind() == Kind::object);
    CHECK(now.type_name() == "time.Time");
    CHECK(now.kind_name() == "struct");
    // Time.String with the monotonic clock reading.
    CHECK(std::regex_match(
        airlock::gotemplate::sprint_value(now),
        std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? [+-]\d{4} \S+ m=\+\d+\.\d{9})")));
    // UTC() drops the monotonic reading.
    CHECK(std::regex_match(data_dates_print_field(now, "UTC"),
                           std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC)")));
    CHECK(data_dates_field(now, "Unix").type_name() == "int64");
    CHECK(data_dates_field(now, "Year").as_int() >= 2024);
    // Methods with several results cannot be called from a template.
    CHECK_THROWS_WITH(now.as_object().field("Clock"),
                      "function Clock has 3 return values; should be 1 or 2");
    CHECK_THROWS_WITH(
        now.as_object().field("Zone"),
        "invalid function signature for Zone: second return value should be error; is int");
}

TEST_CASE("sprig time values: fields, methods, JSON", "[sprig-data]") {
    DataFunctions fns;
    const Value zero = fns.call("toDate", {s("2006"), s("bad")});
    CHECK(data_dates_print_field(zero, "Year") == "1");
    CHECK(data_dates_print_field(zero, "Month") == "January");
    CHECK(data_dates_field(zero, "Month").type_name() == "time.Month");
    CHECK(data_dates_field(zero, "Weekday").kind_name() == "int");
    CHECK(data_dates_print_field(zero, "Weekday") == "Monday");
    CHECK(data_dates_print_field(zero, "YearDay") == "1");
    CHECK(data_dates_print_field(zero, "Unix") == "-62135596800");
    CHECK(data_dates_print_field(zero, "UnixNano") == "-6795364578871345152");
    CHECK(data_dates_print_field(zero, "UnixMilli") == "-62135596800000");
    CHECK(data_dates_print_field(zero, "IsZero") == "true");
    CHECK(data_dates_print_field(zero, "Location") == "UTC");
    CHECK(airlock::gotemplate::sprint_value(data_dates_method(zero, "Add", {i64(1000000000)})) ==
          "0001-01-01 00:00:01 +0000 UTC");
    CHECK(airlock::gotemplate::sprint_value(data_dates_method(
              zero, "AddDate", {i(1), i(1), i(1)})) == "0002-02-02 00:00:00 +0000 UTC");

    const Value t = fns.call("mustToDate", {s("2006-01-02 MST"), s("2020-03-04 UTC")});
    const Value u = fns.call("mustToDate", {s("2006-01-02 MST"), s("2020-03-05 UTC")});
    const Value d = data_dates_method(u, "Sub", {t});
    CHECK(airlock::gotemplate::sprint_value(d) == "24h0m0s");
    CHECK(d.type_name() == "time.Duration");
    CHECK(data_dates_print_field(d, "Hours") == "24");
    CHECK(airlock::gotemplate::sprint_value(d.as_object().plain()) == "86400000000000");
    CHECK(data_dates_method(t, "Before", {u}).as_bool());
    CHECK(data_dates_method(t, "Equal", {t}).as_bool());
    CHECK(data_dates_method(t, "Compare", {u}).as_int() == -1);
    CHECK(airlock::gotemplate::sprint_value(data_dates_method(t, "Format", {s("Jan 2")})) ==
          "Mar 4");
    CHECK(data_dates_print_field(t, "Weekday") == "Wednesday");
    CHECK(data_dates_print_field(t, "YearDay") == "64");
    CHECK(data_dates_print_field(t, "GoString") ==
          "time.Date(2020, time.March, 4, 0, 0, 0, 0, time.UTC)");
    CHECK(data_dates_print_field(t, "UnixMilli") == "1583280000000");
    CHECK(airlock::gotemplate::sprint_value(data_dates_method(
              data_dates_method(t, "AddDate", {i(0), i(0), i(-4)}), "Format", {s("Jan 2")})) ==
          "Feb 29");
    CHECK(airlock::gotemplate::sprint_value(data_dates_method(
              data_dates_method(t, "Add", {i64(5400000000000)}), "Round", {i64(3600000000000)})) ==
          "2020-03-04 02:00:00 +0000 UTC");
    CHECK(airlock::gotemplate::sprint_value(t.as_object().plain()) == "2020-03-04T00:00:00Z");
    const Value precise = fns.call("mustToDate", {s("2006-01-02 15:04:05.999999999 MST"),
                                                  s("2020-03-04 05:06:07.123456789 UTC")});
    CHECK(data_dates_print_field(precise, "UnixMicro") == "1583298367123456");
    CHECK(airlock::gotemplate::sprint_value(precise.as_object().plain()) ==
          "2020-03-04T05:06:07.123456789Z");
}
