#pragma once
// Private: text/template's own functions, apart from the short-circuit and,
// or and the argument handling the executor does. Each throws
// Error(spec, message) where Go's returns an error; the executor adds
// "error calling NAME: ".
#include "common/gotemplate/value.hpp"

#include <span>
#include <string>
#include <string_view>

namespace airlock::gotemplate::detail {

Value builtin_len(const Value& item);
Value builtin_index(const Value& item, std::span<const Value> indexes);
Value builtin_slice(const Value& item, std::span<const Value> indexes);
bool builtin_eq(const Value& first, std::span<const Value> others);
bool builtin_lt(const Value& a, const Value& b);
bool builtin_le(const Value& a, const Value& b);

// Go's evalArgs for html, js and urlquery: a lone string as it is, anything
// else through fmt.Sprint (a missing value as "<no value>").
std::string args_text(std::span<const Value> args);
std::string html_escape(std::string_view s);
std::string js_escape(std::string_view s);
std::string query_escape(std::string_view s);

} // namespace airlock::gotemplate::detail
