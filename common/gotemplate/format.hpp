#pragma once
// Go's fmt and strconv as templates use them: %v of any value (what
// {{ . }} prints), Printf's verbs, Sprint/Sprintln spacing rules, and
// strconv.Quote.
#include "common/gotemplate/value.hpp"

#include <span>
#include <string>
#include <string_view>

namespace airlock::gotemplate {

// fmt.Sprint(v) ("%v"): 8080 for float64(8080), 1e+06 for float64(1e6),
// "[a b]" for lists, "map[a:1 b:2]" for maps (keys sorted), "<nil>" for nil.
std::string sprint_value(const Value& v);

// fmt.Sprint(args...): spaces between operands when neither is a string.
std::string go_sprint(std::span<const Value> args);
// fmt.Sprintln(args...): always spaces, and a newline.
std::string go_sprintln(std::span<const Value> args);
// fmt.Sprintf(format, args...), with Go's verbs, flags, width and precision,
// and its in-band errors ("%!d(string=x)", "%!(EXTRA int=1)", "%!s(MISSING)").
std::string go_sprintf(std::string_view format, std::span<const Value> args);

// strconv.Quote: double quotes, Go escapes, non-printable runes as \u/\x.
std::string go_quote(std::string_view s);
// strconv.FormatFloat(f, fmt, prec, 64) for fmt in 'e', 'E', 'f', 'g', 'G';
// prec -1 means the shortest representation that reads back exactly.
std::string go_format_float(double f, char fmt, int prec);

} // namespace airlock::gotemplate
