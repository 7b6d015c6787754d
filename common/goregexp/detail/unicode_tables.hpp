#pragma once
// Private: the Unicode data behind \p{...} classes and (?i) folding.
#include <span>
#include <string_view>
#include <vector>

namespace airlock::goregexp::detail {

struct RuneRange {
    char32_t lo, hi;
};

struct FoldPair {
    char32_t rune, next; // the next rune of the orbit, wrapping to the smallest
};

struct NamedTable {
    std::string_view name;
    std::span<const RuneRange> ranges;
};

// Go's unicode.Categories (Lu, L, ...) and some of unicode.Scripts.
const std::vector<NamedTable>& unicode_tables();
// Sorted by rune; runes without case variants are absent.
std::span<const FoldPair> fold_orbits();

} // namespace airlock::goregexp::detail
