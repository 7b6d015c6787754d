#pragma once
// Small pieces of Go's strings and unicode packages the formats rely on.
#include <string>
#include <string_view>

namespace airlock::helm {

// unicode.IsSpace: '\t', '\n', '\v', '\f', '\r', ' ', U+0085, U+00A0 and
// the Unicode space separators.
bool go_is_space(char32_t r);

// strings.TrimSpace: leading and trailing go_is_space runes removed.
std::string go_trim_space(std::string_view s);

} // namespace airlock::helm
