#include "common/gounicode/unicode.hpp"

#include <algorithm>

namespace airlock::gounicode {

std::pair<char32_t, std::size_t> decode_rune(std::string_view s, std::size_t pos) {
    if (pos >= s.size()) {
        return {0, 0};
    }
    auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) {
        return {b0, 1};
    }
    auto cont = [&](std::size_t k) -> int {
        if (pos + k >= s.size()) {
            return -1;
        }
        auto b = static_cast<unsigned char>(s[pos + k]);
        return (b & 0xC0) == 0x80 ? (b & 0x3F) : -1;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        int c1 = cont(1);
        if (c1 >= 0) {
            return {static_cast<char32_t>(((b0 & 0x1F) << 6) | c1), 2};
        }
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        int c1 = cont(1);
        int c2 = cont(2);
        if (c1 >= 0 && c2 >= 0) {
            auto r = static_cast<char32_t>(((b0 & 0x0F) << 12) | (c1 << 6) | c2);
            if (r >= 0x800 && (r < 0xD800 || r > 0xDFFF)) {
                return {r, 3};
            }
        }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        int c1 = cont(1);
        int c2 = cont(2);
        int c3 = cont(3);
        if (c1 >= 0 && c2 >= 0 && c3 >= 0) {
            auto r = static_cast<char32_t>(((b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3);
            if (r >= 0x10000 && r <= max_rune) {
                return {r, 4};
            }
        }
    }
    return {rune_error, 1};
}

void append_utf8(std::string& out, char32_t r) {
    if (r > max_rune || (r >= 0xD800 && r <= 0xDFFF)) {
        r = rune_error;
    }
    if (r < 0x80) {
        out.push_back(static_cast<char>(r));
    } else if (r < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (r >> 6)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    } else if (r < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (r >> 12)));
        out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (r >> 18)));
        out.push_back(static_cast<char>(0x80 | ((r >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((r >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (r & 0x3F)));
    }
}

std::vector<char32_t> to_runes(std::string_view s) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < s.size();) {
        auto [r, w] = decode_rune(s, i);
        out.push_back(r);
        i += w;
    }
    return out;
}

std::string from_runes(const std::vector<char32_t>& runes) {
    std::string out;
    for (char32_t r : runes) {
        append_utf8(out, r);
    }
    return out;
}

const NamedTable* find_table(std::string_view name) {
    for (const auto& t : unicode_tables()) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

bool in_table(const NamedTable& table, char32_t r) {
    auto it = std::upper_bound(table.ranges.begin(), table.ranges.end(), r,
                               [](char32_t v, const RuneRange& rr) { return v < rr.lo; });
    return it != table.ranges.begin() && r <= std::prev(it)->hi;
}

namespace {

const CaseMapping* find_case(char32_t r) {
    auto table = case_mappings();
    auto it = std::lower_bound(table.begin(), table.end(), r,
                               [](const CaseMapping& m, char32_t v) { return m.rune < v; });
    return it != table.end() && it->rune == r ? &*it : nullptr;
}

bool in_found(const NamedTable* table, char32_t r) {
    return table != nullptr && in_table(*table, r);
}

} // namespace

char32_t to_upper(char32_t r) {
    if (r < 0x80) {
        return r >= 'a' && r <= 'z' ? r - 32 : r;
    }
    const CaseMapping* m = find_case(r);
    return m ? m->upper : r;
}

char32_t to_lower(char32_t r) {
    if (r < 0x80) {
        return r >= 'A' && r <= 'Z' ? r + 32 : r;
    }
    const CaseMapping* m = find_case(r);
    return m ? m->lower : r;
}

char32_t to_title(char32_t r) {
    if (r < 0x80) {
        return to_upper(r);
    }
    const CaseMapping* m = find_case(r);
    return m ? m->title : r;
}

bool is_upper(char32_t r) {
    static const NamedTable* const table = find_table("Lu");
    return r < 0x80 ? (r >= 'A' && r <= 'Z') : in_found(table, r);
}
bool is_lower(char32_t r) {
    static const NamedTable* const table = find_table("Ll");
    return r < 0x80 ? (r >= 'a' && r <= 'z') : in_found(table, r);
}
bool is_title(char32_t r) {
    static const NamedTable* const table = find_table("Lt");
    return r >= 0x80 && in_found(table, r);
}
bool is_letter(char32_t r) {
    static const NamedTable* const table = find_table("L");
    return r < 0x80 ? ((r | 0x20) >= 'a' && (r | 0x20) <= 'z') : in_found(table, r);
}
bool is_digit(char32_t r) {
    static const NamedTable* const table = find_table("Nd");
    return r < 0x80 ? (r >= '0' && r <= '9') : in_found(table, r);
}
bool is_number(char32_t r) {
    static const NamedTable* const table = find_table("N");
    return r < 0x80 ? (r >= '0' && r <= '9') : in_found(table, r);
}
bool is_punct(char32_t r) {
    static const NamedTable* const table = find_table("P");
    return in_found(table, r);
}
bool is_space(char32_t r) {
    switch (r) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return true;
    default:
        return r >= 0x2000 && r <= 0x200A;
    }
}

std::string string_to_upper(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        auto [r, w] = decode_rune(s, i);
        append_utf8(out, to_upper(r));
        i += w;
    }
    return out;
}

std::string string_to_lower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        auto [r, w] = decode_rune(s, i);
        append_utf8(out, to_lower(r));
        i += w;
    }
    return out;
}

} // namespace airlock::gounicode
