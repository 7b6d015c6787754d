#include "builder/helm/go_toml.hpp"

#include "builder/helm/go_float.hpp"
#include "common/core/error.hpp"

#include <cmath>
#include <vector>

namespace airlock::helm {

using gotemplate::Kind;
using gotemplate::Value;

namespace {

// An encoding failure with BurntSushi/toml's error text.
struct TomlEncodeError {
    std::string message;
};

using TomlKey = std::vector<std::string>;

bool is_bare_key(std::string_view k) {
    for (char c : k) {
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-')) {
            return false;
        }
    }
    return true;
}

// The encoder's strings.Replacer for double-quoted strings.
std::string toml_quoted(std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out = "\"";
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\f':
            out += "\\f";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xF];
            } else {
                out += ch;
            }
        }
    }
    return out + "\"";
}

std::string key_piece(std::string_view k) {
    if (k.empty()) {
        return "\"\"";
    }
    return is_bare_key(k) ? std::string(k) : toml_quoted(k);
}

std::string key_string(const TomlKey& key) {
    std::string out;
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (i > 0) {
            out += '.';
        }
        out += key_piece(key[i]);
    }
    return out;
}

// A value as the encoder sees it: objects by their plain form.
Value plain(const Value& v) {
    return v.kind() == Kind::object ? plain(v.as_object().plain()) : v;
}

enum class TomlType { none, table, array_of_tables, other };

TomlType toml_type(const Value& raw) {
    const Value v = plain(raw);
    switch (v.kind()) {
    case Kind::nil:
        return TomlType::none;
    case Kind::map:
        return TomlType::table;
    case Kind::list: {
        const auto& items = v.as_list();
        if (items.empty()) {
            return TomlType::other;
        }
        bool tables = true;
        for (const Value& item : items) {
            const TomlType t = toml_type(item);
            if (t == TomlType::none) {
                throw TomlEncodeError{"toml: cannot encode array with nil element"};
            }
            tables = tables && t == TomlType::table;
        }
        return tables ? TomlType::array_of_tables : TomlType::other;
    }
    default:
        return TomlType::other;
    }
}

class TomlWriter {
  public:
    void encode(const TomlKey& key, const Value& raw) {
        const Value v = plain(raw);
        switch (v.kind()) {
        case Kind::nil:
            return;
        case Kind::map:
            table(key, v);
            return;
        case Kind::list:
            if (toml_type(v) == TomlType::array_of_tables) {
                array_of_tables(key, v);
            } else {
                key_value(key, v, false);
            }
            return;
        default:
            key_value(key, v, false);
            return;
        }
    }

    std::string take() { return std::move(out_); }

  private:
    void write(std::string_view s) {
        out_ += s;
        written_ = true;
    }

    void newline() {
        if (written_) {
            write("\n");
        }
    }

    static std::string indent(const TomlKey& key) {
        std::string s;
        for (std::size_t i = 1; i < key.size(); ++i) {
            s += "  ";
        }
        return s;
    }

    void element(const Value& raw) {
        const Value v = plain(raw);
        switch (v.kind()) {
        case Kind::string:
            write(toml_quoted(v.as_string()));
            return;
        case Kind::boolean:
            write(v.as_bool() ? "true" : "false");
            return;
        case Kind::integer:
            write(std::to_string(v.as_int()));
            return;
        case Kind::floating: {
            const double f = v.as_float();
            if (std::isnan(f) || std::isinf(f)) {
                if (std::signbit(f)) {
                    write("-");
                }
                write(std::isnan(f) ? "nan" : "inf");
                return;
            }
            std::string s = go_format_float_shortest(f, 'g');
            if (s.find_first_of(".e") == std::string::npos) {
                s += ".0";
            }
            write(s);
            return;
        }
        case Kind::bytes: {
            // A []byte is an array of numbers.
            write("[");
            const std::string& data = v.as_string();
            for (std::size_t i = 0; i < data.size(); ++i) {
                write(std::to_string(static_cast<unsigned char>(data[i])));
                if (i + 1 != data.size()) {
                    write(", ");
                }
            }
            write("]");
            return;
        }
        case Kind::list: {
            const auto& items = v.as_list();
            write("[");
            for (std::size_t i = 0; i < items.size(); ++i) {
                element(items[i]);
                if (i + 1 != items.size()) {
                    write(", ");
                }
            }
            write("]");
            return;
        }
        case Kind::map:
            map(TomlKey{}, v, true);
            return;
        case Kind::nil:
        case Kind::object:
            break;
        }
        throw TomlEncodeError{"toml: cannot encode array with nil element"};
    }

    void key_value(const TomlKey& key, const Value& v, bool inline_table) {
        if (key.empty()) {
            element(v);
            return;
        }
        write(indent(key) + key_piece(key.back()) + " = ");
        element(v);
        if (!inline_table) {
            newline();
        }
    }

    void array_of_tables(const TomlKey& key, const Value& v) {
        if (key.empty()) {
            throw TomlEncodeError{"toml: top-level values must be Go maps or structs"};
        }
        for (const Value& item : v.as_list()) {
            const Value table_value = plain(item);
            if (table_value.is_nil()) {
                continue;
            }
            newline();
            write(indent(key) + "[[" + key_string(key) + "]]");
            newline();
            map(key, table_value, false);
        }
    }

    void table(const TomlKey& key, const Value& v) {
        if (key.size() == 1) {
            newline(); // a blank line between top-level tables
        }
        if (!key.empty()) {
            write(indent(key) + "[" + key_string(key) + "]");
            newline();
        }
        map(key, v, false);
    }

    void map(const TomlKey& key, const Value& v, bool inline_table) {
        std::vector<std::pair<const std::string*, const Value*>> direct;
        std::vector<std::pair<const std::string*, const Value*>> sub;
        for (const auto& [k, item] : v.as_map()) {
            const TomlType t = toml_type(item);
            if (t == TomlType::table || t == TomlType::array_of_tables) {
                sub.emplace_back(&k, &item);
            } else {
                direct.emplace_back(&k, &item);
            }
        }
        auto write_keys = [&](const auto& keys, bool trailing_comma) {
            for (std::size_t i = 0; i < keys.size(); ++i) {
                const Value& item = *keys[i].second;
                if (plain(item).is_nil()) {
                    continue;
                }
                TomlKey child = key;
                child.push_back(*keys[i].first);
                if (inline_table) {
                    key_value(TomlKey{*keys[i].first}, item, true);
                    if (trailing_comma || i + 1 != keys.size()) {
                        write(", ");
                    }
                } else {
                    encode(child, item);
                }
            }
        };
        if (inline_table) {
            write("{");
        }
        write_keys(direct, !sub.empty());
        write_keys(sub, false);
        if (inline_table) {
            write("}");
        }
    }

    std::string out_;
    bool written_ = false;
};

} // namespace

TomlEncoded toml_encode(const Value& v) {
    if (plain(v).is_nil()) {
        fail(ErrorCode::spec, "reflect: call of reflect.Value.Type on zero Value");
    }
    TomlEncoded result;
    try {
        TomlWriter writer;
        writer.encode(TomlKey{}, v);
        result.text = writer.take();
    } catch (const TomlEncodeError& e) {
        result.error = e.message;
    }
    return result;
}

} // namespace airlock::helm
