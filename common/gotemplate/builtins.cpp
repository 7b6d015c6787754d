#include "common/gotemplate/detail/builtins.hpp"

#include "common/core/error.hpp"
#include "common/gotemplate/detail/unicode.hpp"
#include "common/gotemplate/format.hpp"

#include <cstdio>

#include <vector>

namespace airlock::gotemplate::detail {

namespace {

[[noreturn]] void refuse(const std::string& message) {
    fail(ErrorCode::spec, message);
}

// Go's indexArg: an integer index within [0, cap].
std::size_t index_arg(const Value& index, std::size_t cap) {
    if (index.is_nil()) {
        refuse("cannot index slice/array with nil");
    }
    if (index.kind() != Kind::integer) {
        refuse("cannot index slice/array with type " + index.type_name());
    }
    const std::int64_t x = index.as_int();
    if (x < 0 || static_cast<std::uint64_t>(x) > cap) {
        refuse("index out of range: " + std::to_string(x));
    }
    return static_cast<std::size_t>(x);
}

enum class CompareKind { invalid, boolean, integer, unsigned_, floating, string };

CompareKind compare_kind(const Value& v) {
    switch (v.kind()) {
    case Kind::boolean:
        return CompareKind::boolean;
    case Kind::integer:
        return v.int_type() == IntType::uint8 ? CompareKind::unsigned_ : CompareKind::integer;
    case Kind::floating:
        return CompareKind::floating;
    case Kind::string:
        return CompareKind::string;
    default:
        refuse("invalid type for comparison");
    }
}

} // namespace

Value builtin_len(const Value& item) {
    switch (item.kind()) {
    case Kind::nil:
        refuse(item.boxed() ? "len of nil pointer"
                            : "reflect: call of reflect.Value.Type on zero Value");
    case Kind::string:
    case Kind::bytes:
        return Value::integer(static_cast<std::int64_t>(item.as_string().size()));
    case Kind::list:
        return Value::integer(static_cast<std::int64_t>(item.as_list().size()));
    case Kind::map:
        return Value::integer(static_cast<std::int64_t>(item.as_map().size()));
    default:
        refuse("len of type " + item.type_name());
    }
}

Value builtin_index(const Value& item_in, std::span<const Value> indexes) {
    if (item_in.is_nil() && !item_in.boxed()) {
        refuse("index of untyped nil");
    }
    Value item = item_in;
    for (const Value& index : indexes) {
        if (item.is_nil()) {
            refuse("index of nil pointer");
        }
        switch (item.kind()) {
        case Kind::list: {
            const List& list = item.as_list();
            const std::size_t x = index_arg(index, list.size());
            if (x == list.size()) {
                refuse("reflect: slice index out of range");
            }
            item = item.list_type() == ListType::any ? list[x].as_boxed() : list[x];
            break;
        }
        case Kind::string:
        case Kind::bytes: {
            const std::string& s = item.as_string();
            const std::size_t x = index_arg(index, s.size());
            if (x == s.size()) {
                refuse("reflect: string index out of range");
            }
            item = Value::integer(static_cast<unsigned char>(s[x]), IntType::uint8);
            break;
        }
        case Kind::map: {
            if (index.is_nil()) {
                refuse("value is nil; should be of type string");
            }
            if (index.kind() != Kind::string) {
                refuse("value has type " + index.type_name() + "; should be string");
            }
            const Map& m = item.as_map();
            auto it = m.find(index.as_string());
            item = it == m.end() ? Value::boxed_nil() : it->second.as_boxed();
            break;
        }
        default:
            refuse("can't index item of type " + item.type_name());
        }
    }
    return item;
}

Value builtin_slice(const Value& item, std::span<const Value> indexes) {
    if (item.is_nil()) {
        refuse("slice of untyped nil");
    }
    if (indexes.size() > 3) {
        refuse("too many slice indexes: " + std::to_string(indexes.size()));
    }
    std::size_t len = 0;
    if (item.kind() == Kind::string) {
        if (indexes.size() == 3) {
            refuse("cannot 3-index slice a string");
        }
        len = item.as_string().size();
    } else if (item.kind() == Kind::list || item.kind() == Kind::bytes) {
        len = item.kind() == Kind::list ? item.as_list().size() : item.as_string().size();
    } else {
        refuse("can't slice item of type " + item.type_name());
    }
    std::size_t idx[3] = {0, len, len};
    for (std::size_t i = 0; i < indexes.size(); ++i) {
        idx[i] = index_arg(indexes[i], len);
    }
    if (idx[0] > idx[1]) {
        refuse("invalid slice index: " + std::to_string(idx[0]) + " > " + std::to_string(idx[1]));
    }
    if (indexes.size() == 3 && idx[1] > idx[2]) {
        refuse("invalid slice index: " + std::to_string(idx[1]) + " > " + std::to_string(idx[2]));
    }
    if (item.kind() == Kind::list) {
        const List& list = item.as_list();
        return Value::list(List(list.begin() + static_cast<std::ptrdiff_t>(idx[0]),
                                list.begin() + static_cast<std::ptrdiff_t>(idx[1])),
                           item.list_type());
    }
    std::string part = item.as_string().substr(idx[0], idx[1] - idx[0]);
    return item.kind() == Kind::bytes ? Value::bytes(std::move(part))
                                      : Value::string(std::move(part));
}

bool builtin_eq(const Value& first, std::span<const Value> others) {
    if (others.empty()) {
        refuse("missing argument for comparison");
    }
    for (const Value& other : others) {
        std::string why;
        const std::optional<bool> equal = go_equal(first, other, &why);
        if (!equal) {
            refuse(why);
        }
        if (*equal) {
            return true;
        }
    }
    return false;
}

bool builtin_lt(const Value& a, const Value& b) {
    const CompareKind ka = compare_kind(a);
    const CompareKind kb = compare_kind(b);
    if (ka != kb) {
        if (ka == CompareKind::integer && kb == CompareKind::unsigned_) {
            return a.as_int() < 0 || a.as_int() < b.as_int();
        }
        if (ka == CompareKind::unsigned_ && kb == CompareKind::integer) {
            return b.as_int() >= 0 && a.as_int() < b.as_int();
        }
        refuse("incompatible types for comparison: " + a.type_name() + " and " + b.type_name());
    }
    switch (ka) {
    case CompareKind::boolean:
        refuse("invalid type for comparison");
    case CompareKind::floating:
        return a.as_float() < b.as_float();
    case CompareKind::integer:
    case CompareKind::unsigned_:
        return a.as_int() < b.as_int();
    case CompareKind::string:
        return a.as_string() < b.as_string();
    default:
        refuse("invalid type for comparison");
    }
}

bool builtin_le(const Value& a, const Value& b) {
    if (builtin_lt(a, b)) {
        return true;
    }
    const std::vector<Value> other{b};
    return builtin_eq(a, other);
}

std::string args_text(std::span<const Value> args) {
    if (args.size() == 1 && args[0].kind() == Kind::string) {
        return args[0].as_string();
    }
    std::vector<Value> printable;
    printable.reserve(args.size());
    for (const Value& a : args) {
        printable.push_back(a.is_nil() ? Value::string("<no value>") : a);
    }
    return go_sprint(printable);
}

std::string html_escape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '\0':
            out += "\xEF\xBF\xBD";
            break;
        case '"':
            out += "&#34;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string js_escape(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        switch (c) {
        case '\\':
            out += "\\\\";
            continue;
        case '\'':
            out += "\\'";
            continue;
        case '"':
            out += "\\\"";
            continue;
        case '<':
            out += "\\u003C";
            continue;
        case '>':
            out += "\\u003E";
            continue;
        case '&':
            out += "\\u0026";
            continue;
        case '=':
            out += "\\u003D";
            continue;
        default:
            break;
        }
        if (c < ' ') {
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
            continue;
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
            continue;
        }
        // A rune that is not printable becomes \uXXXX (at least four
        // upper-case digits); a byte that starts no rune passes as it is,
        // since Go reads it as U+FFFD, which is printable.
        std::int32_t rune = 0;
        const std::size_t n = decode_rune(s, i, rune);
        if (rune < 0 || is_print(rune)) {
            out.append(s.substr(i, n));
        } else {
            char buf[16];
            std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(rune));
            out += buf;
        }
        i += n - 1;
    }
    return out;
}

std::string query_escape(std::string_view s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += ch;
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    return out;
}

} // namespace airlock::gotemplate::detail
