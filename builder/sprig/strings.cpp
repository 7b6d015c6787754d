// sprig's string functions from Go's strings package and the small helpers
// sprig defines itself (goutils' word functions are in words.cpp).
#include "builder/sprig/detail/text_support.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gounicode/unicode.hpp"

#include <algorithm>
#include <tuple>

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Type;
using gotemplate::Value;
namespace gu = gounicode;

// Go would try to allocate anything; we refuse results past 1 GiB.
constexpr std::size_t max_result = std::size_t{1} << 30;

std::string go_repeat(std::string_view s, std::int64_t count) {
    if (count < 0) {
        fail(ErrorCode::spec, "strings: negative Repeat count");
    }
    if (!s.empty() && static_cast<std::uint64_t>(count) > max_result / s.size()) {
        fail(ErrorCode::spec, "strings: Repeat output length overflow");
    }
    std::string out;
    out.reserve(s.size() * static_cast<std::size_t>(count));
    for (std::int64_t i = 0; i < count; ++i) {
        out.append(s);
    }
    return out;
}

std::string trim_space(std::string_view s) {
    std::size_t start = 0;
    while (start < s.size()) {
        auto [r, w] = gu::decode_rune(s, start);
        if (!gu::is_space(r) || (r == gu::rune_error && w == 1)) {
            break;
        }
        start += w;
    }
    std::size_t end = s.size();
    while (end > start) {
        // Step back one rune.
        std::size_t k = end - 1;
        while (k > start && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80 && end - k < 4) {
            --k;
        }
        auto [r, w] = gu::decode_rune(s, k);
        if (k + w != end) {
            k = end - 1;
            std::tie(r, w) = gu::decode_rune(s, k);
        }
        if (!gu::is_space(r) || (r == gu::rune_error && w == 1)) {
            break;
        }
        end = k;
    }
    return std::string(s.substr(start, end - start));
}

// strings.Trim(s, cutset): runes of cutset removed from both ends.
std::string trim_cutset(std::string_view s, std::string_view cutset) {
    auto cut = gu::to_runes(cutset);
    auto in_cut = [&](char32_t r) { return std::find(cut.begin(), cut.end(), r) != cut.end(); };
    std::size_t start = 0;
    while (start < s.size()) {
        auto [r, w] = gu::decode_rune(s, start);
        if (!in_cut(r)) {
            break;
        }
        start += w;
    }
    std::size_t end = s.size();
    while (end > start) {
        std::size_t k = end - 1;
        while (k > start && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80 && end - k < 4) {
            --k;
        }
        auto [r, w] = gu::decode_rune(s, k);
        if (k + w != end) {
            k = end - 1;
            std::tie(r, w) = gu::decode_rune(s, k);
        }
        if (!in_cut(r)) {
            break;
        }
        end = k;
    }
    return std::string(s.substr(start, end - start));
}

bool title_separator(char32_t r) {
    if (r <= 0x7F) {
        bool word =
            (r >= '0' && r <= '9') || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r == '_';
        return !word;
    }
    if (gu::is_letter(r) || gu::is_digit(r)) {
        return false;
    }
    return gu::is_space(r);
}

// strings.Title.
std::string go_title(std::string_view s) {
    std::string out;
    char32_t prev = ' ';
    for (std::size_t i = 0; i < s.size();) {
        auto [r, w] = gu::decode_rune(s, i);
        i += w;
        char32_t mapped = title_separator(prev) ? gu::to_title(r) : r;
        prev = r;
        gu::append_utf8(out, mapped);
    }
    return out;
}

// strings.Replace(s, old, new, -1).
std::string replace_all(std::string_view s, std::string_view from, std::string_view to) {
    std::string out;
    if (from.empty()) {
        // An empty old string matches before every rune and at the end.
        out.append(to);
        for (std::size_t i = 0; i < s.size();) {
            auto w = gu::decode_rune(s, i).second;
            out.append(s.substr(i, w));
            out.append(to);
            i += w;
        }
        return out;
    }
    std::size_t pos = 0;
    for (;;) {
        auto found = s.find(from, pos);
        if (found == std::string_view::npos) {
            break;
        }
        out.append(s.substr(pos, found - pos));
        out.append(to);
        pos = found + from.size();
    }
    out.append(s.substr(pos));
    return out;
}

// strings.SplitN (n < 0: all).
std::vector<std::string> go_split(std::string_view s, std::string_view sep, std::int64_t n) {
    std::vector<std::string> out;
    if (n == 0) {
        return out;
    }
    if (sep.empty()) {
        for (std::size_t i = 0; i < s.size();) {
            if (n > 0 && static_cast<std::int64_t>(out.size()) == n - 1) {
                out.emplace_back(s.substr(i));
                return out;
            }
            auto w = gu::decode_rune(s, i).second;
            out.emplace_back(s.substr(i, w));
            i += w;
        }
        return out;
    }
    std::size_t pos = 0;
    while (n < 0 || static_cast<std::int64_t>(out.size()) < n - 1) {
        auto found = s.find(sep, pos);
        if (found == std::string_view::npos) {
            break;
        }
        out.emplace_back(s.substr(pos, found - pos));
        pos = found + sep.size();
    }
    out.emplace_back(s.substr(pos));
    return out;
}

Value split_map(const std::vector<std::string>& parts) {
    gotemplate::Map m;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        m.emplace("_" + std::to_string(i), Value::string(parts[i]));
    }
    return Value::map(std::move(m));
}

std::string substring(std::int64_t start, std::int64_t end, const std::string& s) {
    auto len = static_cast<std::int64_t>(s.size());
    if (start < 0) {
        if (end < 0) {
            runtime_panic("slice bounds out of range [:" + std::to_string(end) + "]");
        }
        if (end > len) {
            runtime_panic("slice bounds out of range [:" + std::to_string(end) + "] with length " +
                          std::to_string(len));
        }
        return s.substr(0, static_cast<std::size_t>(end));
    }
    if (end < 0 || end > len) {
        if (start > len) {
            runtime_panic("slice bounds out of range [" + std::to_string(start) + ":" +
                          std::to_string(len) + "]");
        }
        return s.substr(static_cast<std::size_t>(start));
    }
    if (start > end) {
        runtime_panic("slice bounds out of range [" + std::to_string(start) + ":" +
                      std::to_string(end) + "]");
    }
    return s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start));
}

std::string trunc(std::int64_t c, const std::string& s) {
    auto len = static_cast<std::int64_t>(s.size());
    if (c < 0 && len + c > 0) {
        return s.substr(static_cast<std::size_t>(len + c));
    }
    if (c >= 0 && len > c) {
        return s.substr(0, static_cast<std::size_t>(c));
    }
    return s;
}

std::string indent(std::int64_t spaces, const std::string& s) {
    std::string pad = go_repeat(" ", spaces);
    return pad + replace_all(s, "\n", "\n" + pad);
}

const std::string& str(const std::vector<Value>& args, std::size_t i) {
    return args[i].as_string();
}

} // namespace

void register_string_functions(gotemplate::FunctionTable& t) {
    const Type S = Type::string;
    const Type I = Type::int_;
    const Type B = Type::boolean;
    const Type A = Type::any;
    auto s1 = [&](const char* name, std::string (*f)(std::string_view)) {
        t.add(name, signature({S}, S),
              [f](CallContext&, std::vector<Value>& a) { return Value::string(f(str(a, 0))); });
    };
    t.add("hello", signature({}, S),
          [](CallContext&, std::vector<Value>&) { return Value::string("Hello!"); });
    s1("trim", [](std::string_view s) { return trim_space(s); });
    s1("upper", [](std::string_view s) { return gu::string_to_upper(s); });
    s1("lower", [](std::string_view s) { return gu::string_to_lower(s); });
    s1("title", [](std::string_view s) { return go_title(s); });
    for (const char* name : {"trimAll", "trimall"}) {
        t.add(name, signature({S, S}, S), [](CallContext&, std::vector<Value>& a) {
            return Value::string(trim_cutset(str(a, 1), str(a, 0)));
        });
    }
    t.add("trimSuffix", signature({S, S}, S), [](CallContext&, std::vector<Value>& a) {
        const auto& s = str(a, 1);
        const auto& suffix = str(a, 0);
        bool has = s.size() >= suffix.size() &&
                   s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
        return Value::string(has ? s.substr(0, s.size() - suffix.size()) : s);
    });
    t.add("trimPrefix", signature({S, S}, S), [](CallContext&, std::vector<Value>& a) {
        const auto& s = str(a, 1);
        const auto& prefix = str(a, 0);
        return Value::string(s.rfind(prefix, 0) == 0 ? s.substr(prefix.size()) : s);
    });
    t.add("repeat", signature({I, S}, S), [](CallContext& context, std::vector<Value>& a) {
        // Output of caller-chosen size: one step per repetition.
        context.charge(static_cast<std::size_t>(std::max<std::int64_t>(a[0].as_int(), 0)));
        return Value::string(go_repeat(str(a, 1), a[0].as_int()));
    });
    t.add("substr", signature({I, I, S}, S), [](CallContext&, std::vector<Value>& a) {
        return Value::string(substring(a[0].as_int(), a[1].as_int(), str(a, 2)));
    });
    t.add("trunc", signature({I, S}, S), [](CallContext&, std::vector<Value>& a) {
        return Value::string(trunc(a[0].as_int(), str(a, 1)));
    });
    t.add("contains", signature({S, S}, B), [](CallContext&, std::vector<Value>& a) {
        return Value::boolean(str(a, 1).find(str(a, 0)) != std::string::npos);
    });
    t.add("hasPrefix", signature({S, S}, B), [](CallContext&, std::vector<Value>& a) {
        return Value::boolean(str(a, 1).rfind(str(a, 0), 0) == 0);
    });
    t.add("hasSuffix", signature({S, S}, B), [](CallContext&, std::vector<Value>& a) {
        const auto& s = str(a, 1);
        const auto& suffix = str(a, 0);
        return Value::boolean(s.size() >= suffix.size() &&
                              s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0);
    });
    t.add("quote", signature({A}, S, true), [](CallContext&, std::vector<Value>& a) {
        std::string out;
        for (const auto& v : a) {
            if (v.is_nil()) {
                continue;
            }
            if (!out.empty()) {
                out.push_back(' ');
            }
            out += gotemplate::go_quote(strval(v));
        }
        return Value::string(out);
    });
    t.add("squote", signature({A}, S, true), [](CallContext&, std::vector<Value>& a) {
        std::string out;
        bool first = true;
        for (const auto& v : a) {
            if (v.is_nil()) {
                continue;
            }
            if (!first) {
                out.push_back(' ');
            }
            first = false;
            out += "'" + gotemplate::sprint_value(v) + "'";
        }
        return Value::string(out);
    });
    t.add("cat", signature({A}, S, true), [](CallContext&, std::vector<Value>& a) {
        std::string out;
        bool first = true;
        for (const auto& v : a) {
            if (v.is_nil()) {
                continue;
            }
            if (!first) {
                out.push_back(' ');
            }
            first = false;
            out += gotemplate::sprint_value(v);
        }
        return Value::string(out);
    });
    t.add("indent", signature({I, S}, S), [](CallContext&, std::vector<Value>& a) {
        return Value::string(indent(a[0].as_int(), str(a, 1)));
    });
    t.add("nindent", signature({I, S}, S), [](CallContext&, std::vector<Value>& a) {
        return Value::string("\n" + indent(a[0].as_int(), str(a, 1)));
    });
    t.add("replace", signature({S, S, S}, S), [](CallContext&, std::vector<Value>& a) {
        return Value::string(replace_all(str(a, 2), str(a, 0), str(a, 1)));
    });
    t.add("plural", signature({S, S, I}, S), [](CallContext&, std::vector<Value>& a) {
        return Value::string(a[2].as_int() == 1 ? str(a, 0) : str(a, 1));
    });
    t.add("split", signature({S, S}, Type::map), [](CallContext&, std::vector<Value>& a) {
        return split_map(go_split(str(a, 1), str(a, 0), -1));
    });
    t.add("splitn", signature({S, I, S}, Type::map), [](CallContext&, std::vector<Value>& a) {
        return split_map(go_split(str(a, 2), str(a, 0), a[1].as_int()));
    });
    t.add("splitList", signature({S, S}, Type::strings), [](CallContext&, std::vector<Value>& a) {
        return string_list(go_split(str(a, 1), str(a, 0), -1));
    });
    t.add("join", signature({S, A}, S), [](CallContext&, std::vector<Value>& a) {
        std::string out;
        auto parts = strslice(a[1]);
        for (std::size_t i = 0; i < parts.size(); ++i) {
            if (i > 0) {
                out += str(a, 0);
            }
            out += parts[i];
        }
        return Value::string(out);
    });
    t.add("sortAlpha", signature({A}, Type::strings), [](CallContext&, std::vector<Value>& a) {
        if (a[0].kind() == gotemplate::Kind::list || a[0].kind() == gotemplate::Kind::bytes) {
            auto items = strslice(a[0]);
            std::sort(items.begin(), items.end());
            return string_list(std::move(items));
        }
        return string_list({a[0].is_nil() ? std::string("<nil>") : strval(a[0])});
    });
    t.add("toString", signature({A}, S),
          [](CallContext&, std::vector<Value>& a) { return Value::string(strval(a[0])); });
    t.add("toStrings", signature({A}, Type::strings),
          [](CallContext&, std::vector<Value>& a) { return string_list(strslice(a[0])); });
}

} // namespace airlock::sprig::text
