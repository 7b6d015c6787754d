#pragma once
// Private: character classes as the parser builds them, lists of lo/hi rune
// pairs, and the named classes Go's syntax offers (\d, [:alpha:], \pL).
#include <optional>
#include <string_view>
#include <vector>

namespace airlock::goregexp::detail {

using Ranges = std::vector<char32_t>;

// Sorts and merges the pairs.
void normalize(Ranges& r);
// The complement over all runes (normalizes first).
Ranges negate(Ranges r);
// Membership in normalized pairs.
bool in_ranges(const Ranges& sorted, char32_t c);
// Every rune of r's simple case-folding orbit except r itself.
std::vector<char32_t> fold_orbit(char32_t r);
// Appends add's pairs and, with fold, every case variant of their runes.
void add_ranges(Ranges& cls, const Ranges& add, bool fold);

// \d, \s, \w: ASCII only, as in Go.
const Ranges& perl_digit();
const Ranges& perl_space();
const Ranges& perl_word();
// [:alpha:] and the other POSIX names (without brackets and colons);
// nullptr for an unknown name.
const Ranges* posix_class(std::string_view name);
// \p{Name}: "Any", a general category or a script; nullopt when unknown.
std::optional<Ranges> unicode_class(std::string_view name);

} // namespace airlock::goregexp::detail
