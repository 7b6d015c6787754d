#pragma once
// Private: the UTF-8 and Unicode facts Go's fmt, strconv and text/template
// rely on.
#include <cstdint>
#include <string>
#include <string_view>

namespace airlock::gotemplate::detail {

// Decodes the rune at s[i] (i < s.size()); returns its length in bytes. A
// byte that starts no valid sequence (overlong forms and surrogates
// included) has length 1 and rune -1 (Go's utf8.DecodeRune reads it as
// U+FFFD).
std::size_t decode_rune(std::string_view s, std::size_t i, std::int32_t& rune);

// Appends r as UTF-8; an invalid rune as U+FFFD.
void append_rune(std::string& out, std::int32_t r);

// Go's unicode.IsPrint (and strconv.IsPrint): letters, marks, numbers,
// punctuation, symbols and the ASCII space, as Unicode 15.0 (Go 1.25)
// classifies them.
bool is_print(std::int32_t r);

} // namespace airlock::gotemplate::detail
