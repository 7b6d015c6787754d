#pragma once
// Go's unicode and unicode/utf8 packages, as far as templates and the regexp
// engine need them: rune decoding that maps bad bytes to U+FFFD the way Go
// does, general categories, simple case mappings and folding orbits. The
// tables are generated (scripts/gen_gounicode_tables.py); their Unicode
// version can lag Go's by a release or two.
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airlock::gounicode {

inline constexpr char32_t max_rune = 0x10FFFF;
inline constexpr char32_t rune_error = 0xFFFD;

struct RuneRange {
    char32_t lo, hi;
};

struct FoldPair {
    char32_t rune, next; // the next rune of the orbit, wrapping to the smallest
};

struct CaseMapping {
    char32_t rune, upper, lower, title;
};

struct NamedTable {
    std::string_view name;
    std::span<const RuneRange> ranges;
};

// utf8.DecodeRuneInString at byte offset pos: an invalid byte decodes as
// U+FFFD of width 1; at the end, width 0.
std::pair<char32_t, std::size_t> decode_rune(std::string_view s, std::size_t pos);
// utf8.AppendRune: surrogates and runes past U+10FFFF become U+FFFD.
void append_utf8(std::string& out, char32_t r);
// []rune(s) and string(runes).
std::vector<char32_t> to_runes(std::string_view s);
std::string from_runes(const std::vector<char32_t>& runes);

// Go's unicode.Categories (Lu, L, ...) and some of unicode.Scripts.
const std::vector<NamedTable>& unicode_tables();
// The table of that name; nullptr when there is none.
const NamedTable* find_table(std::string_view name);
bool in_table(const NamedTable& table, char32_t r);
// Sorted by rune; runes without case variants are absent.
std::span<const FoldPair> fold_orbits();
// Sorted by rune; runes that no mapping changes are absent.
std::span<const CaseMapping> case_mappings();

char32_t to_upper(char32_t r);
char32_t to_lower(char32_t r);
char32_t to_title(char32_t r);
bool is_upper(char32_t r);
bool is_lower(char32_t r);
bool is_title(char32_t r);
bool is_letter(char32_t r);
bool is_digit(char32_t r);  // Nd
bool is_number(char32_t r); // N
bool is_punct(char32_t r);  // P
bool is_space(char32_t r);  // Go's unicode.IsSpace

// strings.ToUpper / ToLower: rune by rune, invalid bytes become U+FFFD.
std::string string_to_upper(std::string_view s);
std::string string_to_lower(std::string_view s);

} // namespace airlock::gounicode
