#include "builder/chart/go_json.hpp"

#include "common/gounicode/unicode.hpp"

namespace airlock::builder {

namespace {

constexpr char32_t replacement = 0xFFFD;

} // namespace

char32_t next_code_point(std::string_view text, size_t& pos) {
    const auto [rune, width] = gounicode::decode_rune(text, pos);
    pos += width;
    return rune;
}

std::string go_json_string(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    append_go_json_string(out, text);
    return out;
}

void append_go_json_string(std::string& out, std::string_view text, bool escape_html) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    size_t pos = 0;
    while (pos < text.size()) {
        // Runs of bytes that need no escape are copied at once.
        size_t run = pos;
        while (run < text.size()) {
            const auto c = static_cast<unsigned char>(text[run]);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80 ||
                (escape_html && (c == '<' || c == '>' || c == '&'))) {
                break;
            }
            ++run;
        }
        out.append(text.substr(pos, run - pos));
        pos = run;
        if (pos >= text.size()) {
            break;
        }
        const size_t start = pos;
        const char32_t cp = next_code_point(text, pos);
        switch (cp) {
        case '"':
            out += "\\\"";
            continue;
        case '\\':
            out += "\\\\";
            continue;
        case '\n':
            out += "\\n";
            continue;
        case '\r':
            out += "\\r";
            continue;
        case '\t':
            out += "\\t";
            continue;
        case '\b':
            out += "\\b";
            continue;
        case '\f':
            out += "\\f";
            continue;
        default:
            break;
        }
        if (cp < 0x20 || cp == '<' || cp == '>' || cp == '&') {
            out += "\\u00";
            out += hex[cp >> 4];
            out += hex[cp & 0xF];
        } else if (cp == 0x2028 || cp == 0x2029) {
            out += cp == 0x2028 ? "\\u2028" : "\\u2029";
        } else if (cp == replacement && pos - start == 1) {
            // An invalid byte: Go writes the escape, not the character.
            out += "\\ufffd";
        } else {
            out.append(text.substr(start, pos - start));
        }
    }
    out += '"';
}

GoJsonObject& GoJsonObject::raw(std::string_view key, std::string_view json) {
    if (!body_.empty()) {
        body_ += ',';
    }
    body_ += go_json_string(key);
    body_ += ':';
    body_ += json;
    return *this;
}

GoJsonObject& GoJsonObject::string(std::string_view key, std::string_view value) {
    return raw(key, go_json_string(value));
}

GoJsonObject& GoJsonObject::string_omitempty(std::string_view key, std::string_view value) {
    return value.empty() ? *this : string(key, value);
}

GoJsonObject& GoJsonObject::strings_omitempty(std::string_view key,
                                              const std::vector<std::string>& values) {
    if (values.empty()) {
        return *this;
    }
    std::vector<std::string> items;
    items.reserve(values.size());
    for (const auto& v : values) {
        items.push_back(go_json_string(v));
    }
    return raw(key, go_json_array(items));
}

GoJsonObject& GoJsonObject::true_omitempty(std::string_view key, bool value) {
    return value ? raw(key, "true") : *this;
}

GoJsonObject& GoJsonObject::number(std::string_view key, std::int64_t value) {
    return raw(key, std::to_string(value));
}

GoJsonObject& GoJsonObject::map_omitempty(std::string_view key,
                                          const std::map<std::string, std::string>& values) {
    if (values.empty()) {
        return *this;
    }
    // std::map orders keys by bytes, as Go's sort of string keys does.
    GoJsonObject map;
    for (const auto& [k, v] : values) {
        map.string(k, v);
    }
    return raw(key, map.str());
}

std::string go_json_array(const std::vector<std::string>& json_items) {
    std::string out = "[";
    for (size_t i = 0; i < json_items.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        out += json_items[i];
    }
    return out + "]";
}

} // namespace airlock::builder
