#include "common/jsonschema/detail/text.hpp"

#include "common/core/text.hpp"
#include "common/gotemplate/format.hpp"

namespace airlock::jsonschema::detail {

namespace {

std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s.compare(i, from.size(), from) == 0) {
            out += to;
            i += from.size();
        } else {
            out += s[i++];
        }
    }
    return out;
}

// Go's shouldEscape(c, encodePathSegment).
bool escaped_in_segment(unsigned char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return false;
    }
    switch (c) {
    case '-':
    case '_':
    case '.':
    case '~':
    case '$':
    case '&':
    case '+':
    case ':':
    case '=':
    case '@':
        return false;
    default:
        return true;
    }
}

} // namespace

std::string quote(std::string_view s) {
    std::string q = gotemplate::go_quote(s);
    q = replace_all(q, "\\\"", "\"");
    q = replace_all(q, "'", "\\'");
    return "'" + q.substr(1, q.size() - 2) + "'";
}

std::string join_quoted(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) {
            out += ", ";
        }
        out += quote(item);
    }
    return out;
}

std::string display(const nlohmann::json& v) {
    switch (v.type()) {
    case nlohmann::json::value_t::string:
        return quote(v.get_ref<const std::string&>());
    case nlohmann::json::value_t::null:
        return "<nil>";
    case nlohmann::json::value_t::array:
    case nlohmann::json::value_t::object:
        return "value";
    default:
        return v.dump();
    }
}

std::size_t rune_count(std::string_view s) {
    std::size_t n = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t len = 1;
        unsigned lo = 0x80;
        unsigned hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            lo = c == 0xE0 ? 0xA0 : 0x80;
            hi = c == 0xED ? 0x9F : 0xBF;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            lo = c == 0xF0 ? 0x90 : 0x80;
            hi = c == 0xF4 ? 0x8F : 0xBF;
        }
        // A sequence that breaks off counts its first byte alone, as Go does.
        bool ok = i + len <= s.size();
        for (std::size_t k = 1; ok && k < len; ++k) {
            const auto b = static_cast<unsigned char>(s[i + k]);
            const unsigned low = k == 1 ? lo : 0x80;
            const unsigned high = k == 1 ? hi : 0xBF;
            ok = b >= low && b <= high;
        }
        i += ok ? len : 1;
        ++n;
    }
    return n;
}

std::string go_quote(std::string_view s) {
    return gotemplate::go_quote(s);
}

std::string escape_token(std::string_view token) {
    std::string out;
    for (const char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

bool unescape_token(std::string_view token, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] != '~') {
            out += token[i];
            continue;
        }
        if (i + 1 >= token.size() || (token[i + 1] != '0' && token[i + 1] != '1')) {
            return false;
        }
        out += token[i + 1] == '0' ? '~' : '/';
        ++i;
    }
    return true;
}

std::string pointer(const std::vector<std::string>& tokens) {
    std::string out;
    for (const auto& token : tokens) {
        out += '/';
        out += escape_token(token);
    }
    return out;
}

std::string encode_fragment(std::string_view pointer_text) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string out;
    for (const char ch : pointer_text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '/' || !escaped_in_segment(c)) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

bool path_unescape(std::string_view s, std::string& out, std::size_t* bad_at) {
    out.clear();
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out += s[i];
            continue;
        }
        if (i + 2 >= s.size() || !is_hex_digit(s[i + 1]) || !is_hex_digit(s[i + 2])) {
            if (bad_at != nullptr) {
                *bad_at = i;
            }
            return false;
        }
        out += static_cast<char>(hex_digit_value(s[i + 1]) * 16 + hex_digit_value(s[i + 2]));
        i += 2;
    }
    return true;
}

} // namespace airlock::jsonschema::detail
