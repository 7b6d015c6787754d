// snakecase, kebabcase and camelcase: huandu/xstrings' word splitting (v1.5,
// the version Helm 4 builds with), where camelcase is its ToPascalCase.
#include "builder/sprig/detail/text_support.hpp"
#include "common/gounicode/unicode.hpp"

#include <tuple>

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Type;
using gotemplate::Value;
namespace gu = gounicode;

bool is_connector(char32_t r) {
    return r == '-' || r == '_' || gu::is_space(r);
}

// xstrings' isAlphabet: letters other than the common CJK ideographs.
bool is_alphabet(char32_t r) {
    if (!gu::is_letter(r)) {
        return false;
    }
    if (r < 0x3400) {
        return true;
    }
    return !((r >= 0x4E00 && r <= 0x9FCC) || (r >= 0x3400 && r <= 0x4D85) ||
             (r >= 0x20000 && r <= 0x2B81D));
}

enum class Word { invalid, number, upper, alphabet, connector, punct, other };

// The next valid rune at the front of s (invalid bytes skipped, their
// widths counted); prev when only invalid bytes remain.
std::pair<char32_t, std::size_t> next_valid_rune(std::string_view s, char32_t prev) {
    std::size_t size = 0;
    while (!s.empty()) {
        auto [r, w] = gu::decode_rune(s, 0);
        size += w;
        if (r != gu::rune_error) {
            return {r, size};
        }
        s.remove_prefix(w);
    }
    return {prev, size};
}

struct NextWord {
    Word type = Word::invalid;
    std::string_view word;
    std::string_view remaining;
};

NextWord next_word(std::string_view str) {
    NextWord out;
    if (str.empty()) {
        return out;
    }
    std::size_t offset = 0;
    std::string_view remaining = str;
    char32_t r = 0;
    std::size_t size = 0;
    std::tie(r, size) = next_valid_rune(remaining, gu::rune_error);
    offset += size;
    if (r == gu::rune_error) {
        out.type = Word::invalid;
        out.word = str.substr(0, offset);
        out.remaining = str.substr(offset);
        return out;
    }
    auto take_while = [&](auto pred) {
        remaining.remove_prefix(size);
        while (!remaining.empty()) {
            std::tie(r, size) = next_valid_rune(remaining, r);
            if (!pred(r)) {
                break;
            }
            offset += size;
            remaining.remove_prefix(size);
        }
    };
    if (is_connector(r)) {
        out.type = Word::connector;
        take_while(is_connector);
    } else if (gu::is_punct(r)) {
        out.type = Word::punct;
        take_while(gu::is_punct);
    } else if (gu::is_upper(r)) {
        out.type = Word::upper;
        remaining.remove_prefix(size);
        if (!remaining.empty()) {
            std::tie(r, size) = next_valid_rune(remaining, r);
            if (gu::is_upper(r)) {
                std::size_t prev_size = size;
                offset += size;
                remaining.remove_prefix(size);
                while (!remaining.empty()) {
                    std::tie(r, size) = next_valid_rune(remaining, r);
                    if (!gu::is_upper(r)) {
                        break;
                    }
                    prev_size = size;
                    offset += size;
                    remaining.remove_prefix(size);
                }
                // "HTTPStatus" is "HTTP" and "Status".
                if (!remaining.empty() && is_alphabet(r)) {
                    offset -= prev_size;
                    remaining = str.substr(offset);
                }
            } else if (is_alphabet(r)) {
                offset += size;
                remaining.remove_prefix(size);
                while (!remaining.empty()) {
                    std::tie(r, size) = next_valid_rune(remaining, r);
                    if (!is_alphabet(r) || gu::is_upper(r)) {
                        break;
                    }
                    offset += size;
                    remaining.remove_prefix(size);
                }
            }
        }
    } else if (is_alphabet(r)) {
        out.type = Word::alphabet;
        take_while([](char32_t c) { return is_alphabet(c) && !gu::is_upper(c); });
    } else if (gu::is_number(r)) {
        out.type = Word::number;
        take_while(gu::is_number);
    } else {
        out.type = Word::other;
        remaining.remove_prefix(size);
        while (!remaining.empty()) {
            std::tie(r, size) = next_valid_rune(remaining, r);
            if (size == 0 || is_connector(r) || is_alphabet(r) || gu::is_number(r) ||
                gu::is_punct(r)) {
                break;
            }
            offset += size;
            remaining.remove_prefix(size);
        }
    }
    out.word = str.substr(0, offset);
    out.remaining = remaining;
    return out;
}

void to_lower(std::string& buf, Word type, std::string_view str, char32_t connector) {
    if (type != Word::upper && type != Word::connector) {
        buf.append(str);
        return;
    }
    for (std::size_t i = 0; i < str.size();) {
        auto [r, w] = gu::decode_rune(str, i);
        i += w;
        if (is_connector(r)) {
            gu::append_utf8(buf, connector);
        } else if (gu::is_upper(r)) {
            gu::append_utf8(buf, gu::to_lower(r));
        } else {
            gu::append_utf8(buf, r);
        }
    }
}

std::string camel_to_lower(std::string_view str, char32_t connector) {
    std::string buf;
    if (str.empty()) {
        return buf;
    }
    auto cur = next_word(str);
    while (!cur.remaining.empty()) {
        if (cur.type != Word::connector) {
            to_lower(buf, cur.type, cur.word, connector);
        }
        Word prev = cur.type;
        std::string_view last = cur.word;
        cur = next_word(cur.remaining);
        switch (prev) {
        case Word::number:
            while (cur.type == Word::alphabet || cur.type == Word::number) {
                to_lower(buf, cur.type, cur.word, connector);
                cur = next_word(cur.remaining);
            }
            if (cur.type != Word::invalid && cur.type != Word::punct &&
                cur.type != Word::connector) {
                gu::append_utf8(buf, connector);
            }
            break;
        case Word::connector:
            to_lower(buf, prev, last, connector);
            break;
        case Word::punct:
            break;
        default:
            if (cur.type != Word::number) {
                if (cur.type != Word::connector && cur.type != Word::punct) {
                    gu::append_utf8(buf, connector);
                }
                break;
            }
            if (cur.remaining.empty()) {
                break;
            }
            {
                std::string_view number = cur.word;
                cur = next_word(cur.remaining);
                // A number followed by no letters belongs to the word before
                // it ("Bld4Floor" is "bld4_floor").
                if (cur.type != Word::alphabet) {
                    to_lower(buf, Word::number, number, connector);
                    if (cur.type != Word::connector && cur.type != Word::punct) {
                        gu::append_utf8(buf, connector);
                    }
                    break;
                }
                // Letters after a number start a word with it ("HTTP2xx" is
                // "http_2xx").
                gu::append_utf8(buf, connector);
                to_lower(buf, Word::number, number, connector);
                while (cur.type == Word::alphabet || cur.type == Word::number) {
                    to_lower(buf, cur.type, cur.word, connector);
                    cur = next_word(cur.remaining);
                }
                if (cur.type != Word::invalid && cur.type != Word::connector &&
                    cur.type != Word::punct) {
                    gu::append_utf8(buf, connector);
                }
            }
            break;
        }
    }
    to_lower(buf, cur.type, cur.word, connector);
    return buf;
}

// xstrings.ToPascalCase: connectors dropped, the rune after each upper-cased;
// a word that starts upper-case has its following upper-case runes lowered.
std::string pascal_case(std::string_view str) {
    std::string buf;
    if (str.empty()) {
        return buf;
    }
    bool first_upper = false;
    char32_t r0 = 0;
    char32_t r1 = 0;
    std::size_t size = 0;
    std::size_t i = 0;
    while (i < str.size()) {
        std::tie(r0, size) = gu::decode_rune(str, i);
        i += size;
        if (!is_connector(r0)) {
            first_upper = gu::is_upper(r0);
            r0 = gu::to_upper(r0);
            break;
        }
        gu::append_utf8(buf, r0);
    }
    if (i >= str.size()) {
        if (size != 0) {
            gu::append_utf8(buf, r0);
        }
        return buf;
    }
    while (i < str.size()) {
        r1 = r0;
        std::tie(r0, size) = gu::decode_rune(str, i);
        i += size;
        if (is_connector(r0) && is_connector(r1)) {
            gu::append_utf8(buf, r1);
            continue;
        }
        if (is_connector(r1)) {
            first_upper = gu::is_upper(r0);
            r0 = gu::to_upper(r0);
        } else {
            if (first_upper) {
                if (gu::is_upper(r0)) {
                    r0 = gu::to_lower(r0);
                } else {
                    first_upper = false;
                }
            }
            gu::append_utf8(buf, r1);
        }
    }
    gu::append_utf8(buf, r0);
    return buf;
}

} // namespace

void register_case_functions(gotemplate::FunctionTable& t) {
    t.add("snakecase", signature({Type::string}, Type::string),
          [](CallContext&, std::vector<Value>& a) {
              return Value::string(camel_to_lower(a[0].as_string(), '_'));
          });
    t.add("kebabcase", signature({Type::string}, Type::string),
          [](CallContext&, std::vector<Value>& a) {
              return Value::string(camel_to_lower(a[0].as_string(), '-'));
          });
    t.add("camelcase", signature({Type::string}, Type::string),
          [](CallContext&, std::vector<Value>& a) {
              return Value::string(pascal_case(a[0].as_string()));
          });
}

} // namespace airlock::sprig::text
