#pragma once
// PRIVATE to builder/sprig (the data half: lists, dicts, math, dates, crypto).
// What several of its files share: spf13/cast's number conversions as sprig
// calls them, Go's strconv number syntax, Go's runtime panic messages (which
// text/template turns into "error calling F: MESSAGE"), and reflect's view of
// a value as a slice.
#include "common/gotemplate/function.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace airlock::sprig::data_detail {

using gotemplate::Kind;
using gotemplate::List;
using gotemplate::Value;

// Go's error return (or a recovered panic) with this message.
[[noreturn]] void go_error(const std::string& message);
// The panic of reflect.TypeOf(nil).Kind() and other nil dereferences.
[[noreturn]] void nil_dereference();

// strconv.ParseInt(s, base, 64). Base 0 reads the 0x/0o/0b/0 prefixes and
// allows '_' between digits; another base takes plain digits. nullopt on a
// syntax or range error.
std::optional<std::int64_t> go_parse_int(std::string_view s, int base = 0);
// strconv.ParseFloat(s, 64): decimal and hexadecimal (with 'p' exponent)
// forms, '_' between digits, "inf"/"infinity"/"nan". nullopt on a syntax
// error or an overflow to infinity (ErrRange).
std::optional<double> go_parse_float(std::string_view s);

// Go's int64(f) on amd64: truncation, and the "integer indefinite" value
// (math.MinInt64) for NaN and values out of range.
std::int64_t go_float_to_int64(double f);

// cast.ToInt64 / cast.ToInt (the same on 64-bit Go) and cast.ToFloat64, with
// the error dropped as sprig does: unconvertible values give 0. Strings go
// through ParseInt(trimZeroDecimal(s), 0) or ParseFloat; bools give 0 or 1;
// nil gives 0.
std::int64_t cast_to_int64(const Value& v);
double cast_to_float64(const Value& v);

// sprig's empty(): nil, false, 0, and empty strings, slices and maps.
bool go_empty(const Value& v);

// reflect.TypeOf(v).Kind() for the error messages sprig builds from it
// ("Cannot find first on type string"); nil_dereference() for nil, as Go
// panics there.
std::string reflect_kind_or_panic(const Value& v);

// Whether reflect sees a slice: []interface{}, []string, []int, []byte.
bool is_slice(const Value& v);
// The elements of a slice as interface values (a []byte gives uint8s). For a
// list the result is the list itself; `storage` holds the elements otherwise.
const List& slice_items(const Value& v, List& storage);

// A base64 decoder with Go's StdEncoding rules: standard alphabet, padding
// required, '\r' and '\n' skipped. On failure, `error` is Go's message
// ("illegal base64 data at input byte 4").
std::optional<std::string> go_base64_std_decode(std::string_view text, std::string& error);

} // namespace airlock::sprig::data_detail
