#pragma once
// Helm's --set and --set-string (its strvals parser): "a.b=c,d[0]=e,f={x,y}"
// merged into a values map, with Helm's typing and error messages.
#include "common/gotemplate/value.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace airlock::helm {

// strvals.ParseInto: the assignments of one --set merged into `values`
// (which may already hold values from files). Values are typed as Helm does:
// true and false (any case) are bools, null is nil, "0" and integers not
// starting with 0 that fit an int64 are int64, everything else a string.
// Throws Error(spec) with strvals' message ("key \"a\" has no value",
// "unable to parse key: interface conversion: interface {} is string, not
// []interface {}"); `values` may be partly updated then, as in Helm.
void parse_set(std::string_view line, gotemplate::Map& values);

// strvals.ParseIntoString (--set-string): the same with every value a string.
void parse_set_string(std::string_view line, gotemplate::Map& values);

// The order Helm's MergeValues applies them in after the values files: every
// --set, then every --set-string, each failure prefixed as Helm prefixes it
// ("failed parsing --set data: ...").
struct SetValues {
    std::vector<std::string> set;
    std::vector<std::string> set_string;
};
void apply_set_values(const SetValues& options, gotemplate::Map& values);

} // namespace airlock::helm
