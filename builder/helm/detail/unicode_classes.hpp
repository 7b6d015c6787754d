#pragma once
// Private to builder/helm: Go's unicode.IsLetter and unicode.IsDigit, which
// go-yaml's key order uses (letters before other characters, digit runs
// compared as numbers).

namespace airlock::helm::detail {

bool go_is_letter(char32_t r);
bool go_is_digit(char32_t r);

} // namespace airlock::helm::detail
