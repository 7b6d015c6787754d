#include "common/goregexp/detail/char_class.hpp"

#include "common/goregexp/detail/program.hpp"
#include "common/gounicode/unicode.hpp"

#include <algorithm>
#include <utility>

namespace airlock::goregexp::detail {

void normalize(Ranges& r) {
    std::vector<std::pair<char32_t, char32_t>> pairs;
    for (std::size_t i = 0; i + 1 < r.size(); i += 2) {
        pairs.emplace_back(r[i], r[i + 1]);
    }
    std::sort(pairs.begin(), pairs.end());
    Ranges out;
    for (const auto& [lo, hi] : pairs) {
        if (!out.empty() && lo <= out.back() + 1) {
            out.back() = std::max(out.back(), hi);
        } else {
            out.push_back(lo);
            out.push_back(hi);
        }
    }
    r = std::move(out);
}

Ranges negate(Ranges r) {
    normalize(r);
    Ranges out;
    char32_t next = 0;
    for (std::size_t i = 0; i < r.size(); i += 2) {
        if (r[i] > next) {
            out.push_back(next);
            out.push_back(r[i] - 1);
        }
        next = r[i + 1] + 1;
    }
    if (next <= max_rune) {
        out.push_back(next);
        out.push_back(max_rune);
    }
    return out;
}

bool in_ranges(const Ranges& sorted, char32_t c) {
    // sorted: normalized pairs
    std::size_t lo = 0, hi = sorted.size() / 2;
    while (lo < hi) {
        std::size_t mid = (lo + hi) / 2;
        if (c < sorted[2 * mid]) {
            hi = mid;
        } else if (c > sorted[2 * mid + 1]) {
            lo = mid + 1;
        } else {
            return true;
        }
    }
    return false;
}

// Every rune of r's case-folding orbit except r itself.
std::vector<char32_t> fold_orbit(char32_t r) {
    std::vector<char32_t> out;
    auto table = gounicode::fold_orbits();
    auto find_next = [&](char32_t c) -> std::optional<char32_t> {
        auto it =
            std::lower_bound(table.begin(), table.end(), c,
                             [](const gounicode::FoldPair& p, char32_t v) { return p.rune < v; });
        if (it == table.end() || it->rune != c) {
            return std::nullopt;
        }
        return it->next;
    };
    auto next = find_next(r);
    while (next && *next != r) {
        out.push_back(*next);
        next = find_next(*next);
    }
    return out;
}

// Adds ranges, and with fold every case variant of the runes they hold.
void add_ranges(Ranges& cls, const Ranges& add, bool fold) {
    cls.insert(cls.end(), add.begin(), add.end());
    if (!fold) {
        return;
    }
    Ranges sorted = add;
    normalize(sorted);
    for (const auto& pair : gounicode::fold_orbits()) {
        if (in_ranges(sorted, pair.rune)) {
            for (char32_t v : fold_orbit(pair.rune)) {
                cls.push_back(v);
                cls.push_back(v);
            }
        }
    }
}

const Ranges& perl_digit() {
    static const Ranges r = {'0', '9'};
    return r;
}
const Ranges& perl_space() {
    static const Ranges r = {'\t', '\n', '\f', '\r', ' ', ' '};
    return r;
}
const Ranges& perl_word() {
    static const Ranges r = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
    return r;
}

const Ranges* posix_class(std::string_view name) {
    static const std::vector<std::pair<std::string_view, Ranges>> classes = {
        {"alnum", {'0', '9', 'A', 'Z', 'a', 'z'}},
        {"alpha", {'A', 'Z', 'a', 'z'}},
        {"ascii", {0, 0x7F}},
        {"blank", {'\t', '\t', ' ', ' '}},
        {"cntrl", {0, 0x1F, 0x7F, 0x7F}},
        {"digit", {'0', '9'}},
        {"graph", {'!', '~'}},
        {"lower", {'a', 'z'}},
        {"print", {' ', '~'}},
        {"punct", {'!', '/', ':', '@', '[', '`', '{', '~'}},
        {"space", {'\t', '\r', ' ', ' '}},
        {"upper", {'A', 'Z'}},
        {"word", {'0', '9', 'A', 'Z', 'a', 'z', '_', '_'}},
        {"xdigit", {'0', '9', 'A', 'F', 'a', 'f'}},
    };
    for (const auto& [n, r] : classes) {
        if (n == name) {
            return &r;
        }
    }
    return nullptr;
}

std::optional<Ranges> unicode_class(std::string_view name) {
    if (name == "Any") {
        return Ranges{0, max_rune};
    }
    for (const auto& table : gounicode::unicode_tables()) {
        if (table.name == name) {
            Ranges r;
            for (const auto& rr : table.ranges) {
                r.push_back(rr.lo);
                r.push_back(rr.hi);
            }
            return r;
        }
    }
    return std::nullopt;
}

} // namespace airlock::goregexp::detail
