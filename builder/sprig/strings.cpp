// sprig's string functions: Go's strings package, goutils' word functions
// (byte-wise, as goutils is) and the small helpers sprig defines itself.
#include "builder/sprig/detail/text_support.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"
#include "common/gounicode/unicode.hpp"

#include <algorithm>
#include <random>

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

// goutils.Uncapitalize: the first rune of each whitespace-separated word lowered.
std::string untitle(std::string_view s) {
    auto runes = gu::to_runes(s);
    bool next = true;
    for (auto& r : runes) {
        if (gu::is_space(r)) {
            next = true;
        } else if (next) {
            r = gu::to_lower(r);
            next = false;
        }
    }
    return s.empty() ? std::string() : gu::from_runes(runes);
}

// goutils reads strings a byte at a time and treats each byte as the rune
// of that number (so bytes 0x85 and 0xA0 count as spaces, and a non-ASCII
// byte comes out re-encoded): we do the same.
void append_byte_rune(std::string& out, unsigned char c) {
    gu::append_utf8(out, c);
}

std::string initials(std::string_view s) {
    std::string out;
    bool gap = true;
    for (unsigned char c : s) {
        if (gu::is_space(c)) {
            gap = true;
        } else if (gap) {
            append_byte_rune(out, c);
            gap = false;
        }
    }
    return out;
}

std::string delete_white_space(std::string_view s) {
    std::string out;
    bool changed = false;
    for (unsigned char c : s) {
        if (gu::is_space(c)) {
            changed = true;
        } else {
            append_byte_rune(out, c);
        }
    }
    // goutils returns the input unchanged when nothing was removed.
    return changed ? out : std::string(s);
}

// goutils.SwapCase.
std::string swap_case(std::string_view s) {
    auto runes = gu::to_runes(s);
    bool whitespace = true;
    for (auto& r : runes) {
        if (gu::is_upper(r) || gu::is_title(r)) {
            r = gu::to_lower(r);
            whitespace = false;
        } else if (gu::is_lower(r)) {
            if (whitespace) {
                r = gu::to_title(r);
                whitespace = false;
            } else {
                r = gu::to_upper(r);
            }
        } else {
            whitespace = gu::is_space(r);
        }
    }
    return s.empty() ? std::string() : gu::from_runes(runes);
}

// goutils.AbbreviateFull (byte offsets, as goutils).
std::string abbreviate(std::string_view s, std::int64_t offset, std::int64_t width) {
    auto len = static_cast<std::int64_t>(s.size());
    if (s.empty() || width < 4) {
        return "";
    }
    if (len <= width) {
        return std::string(s);
    }
    if (offset > len) {
        offset = len;
    }
    if (len - offset < width - 3) {
        offset = len - (width - 3);
    }
    if (offset <= 4) {
        return std::string(s.substr(0, static_cast<std::size_t>(width - 3))) + "...";
    }
    if (width < 7) {
        return "";
    }
    if (offset + width - 3 < len) {
        return "..." + abbreviate(s.substr(static_cast<std::size_t>(offset)), 0, width - 3);
    }
    return "..." + std::string(s.substr(static_cast<std::size_t>(len - (width - 3))));
}

// goutils.WrapCustom (byte offsets, as goutils).
std::string wrap_custom(std::string_view s, std::int64_t width, std::string newline,
                        bool wrap_long_words) {
    if (s.empty()) {
        return "";
    }
    if (newline.empty()) {
        newline = "\n";
    }
    if (width < 1) {
        width = 1;
    }
    auto wl = static_cast<std::size_t>(width);
    std::size_t len = s.size();
    std::size_t offset = 0;
    std::string out;
    while (len - offset > wl) {
        if (s[offset] == ' ') {
            ++offset;
            continue;
        }
        std::size_t end = wl + offset + 1;
        auto space = s.substr(offset, end - offset).rfind(' ');
        if (space != std::string_view::npos) {
            out.append(s.substr(offset, space));
            out.append(newline);
            offset += space + 1;
        } else if (wrap_long_words) {
            out.append(s.substr(offset, wl));
            out.append(newline);
            offset += wl;
        } else {
            auto next = s.find(' ', wl + offset);
            if (next == std::string_view::npos) {
                out.append(s.substr(offset));
                offset = len;
            } else {
                out.append(s.substr(offset, next - offset));
                out.append(newline);
                offset = next + 1;
            }
        }
    }
    out.append(s.substr(offset));
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

std::string random_string(std::int64_t count, bool letters, bool numbers) {
    if (count <= 0) {
        return "";
    }
    if (static_cast<std::uint64_t>(count) > max_result) {
        fail(ErrorCode::spec, "randomstringutils illegal argument: count too large");
    }
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    std::string out;
    out.reserve(static_cast<std::size_t>(count));
    // goutils draws from ' '..'z' (letters and/or digits) or, for
    // randAscii, from ' '..'~'.
    char lo = ' ';
    char hi = (letters || numbers) ? 'z' : '~';
    std::uniform_int_distribution<int> dist(lo, hi);
    while (static_cast<std::int64_t>(out.size()) < count) {
        char c = static_cast<char>(dist(rng));
        bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        bool digit = c >= '0' && c <= '9';
        if ((letters && alpha) || (numbers && digit) || (!letters && !numbers)) {
            out.push_back(c);
        }
    }
    return out;
}

std::string shuffle(std::string_view s) {
    auto runes = gu::to_runes(s);
    static thread_local std::mt19937_64 rng{std::random_device{}()};
    std::shuffle(runes.begin(), runes.end(), rng);
    return s.empty() ? std::string() : gu::from_runes(runes);
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
    s1("untitle", [](std::string_view s) { return untitle(s); });
    s1("nospace", [](std::string_view s) { return delete_white_space(s); });
    s1("initials", [](std::string_view s) { return initials(s); });
    s1("swapcase", [](std::string_view s) { return swap_case(s); });
    s1("shuffle", [](std::string_view s) { return shuffle(s); });
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
    t.add("abbrev", signature({I, S}, S), [](CallContext&, std::vector<Value>& a) {
        auto width = a[0].as_int();
        const auto& s = str(a, 1);
        return Value::string(width < 4 ? s : abbreviate(s, 0, width));
    });
    t.add("abbrevboth", signature({I, I, S}, S), [](CallContext&, std::vector<Value>& a) {
        auto left = a[0].as_int();
        auto right = a[1].as_int();
        const auto& s = str(a, 2);
        if (right < 4 || (left > 0 && right < 7)) {
            return Value::string(s);
        }
        return Value::string(abbreviate(s, left, right));
    });
    t.add("randAlphaNum", signature({I}, S), [](CallContext& context, std::vector<Value>& a) {
        context.charge(static_cast<std::size_t>(std::max<std::int64_t>(a[0].as_int(), 0)));
        return Value::string(random_string(a[0].as_int(), true, true));
    });
    t.add("randAlpha", signature({I}, S), [](CallContext& context, std::vector<Value>& a) {
        context.charge(static_cast<std::size_t>(std::max<std::int64_t>(a[0].as_int(), 0)));
        return Value::string(random_string(a[0].as_int(), true, false));
    });
    t.add("randNumeric", signature({I}, S), [](CallContext& context, std::vector<Value>& a) {
        context.charge(static_cast<std::size_t>(std::max<std::int64_t>(a[0].as_int(), 0)));
        return Value::string(random_string(a[0].as_int(), false, true));
    });
    t.add("randAscii", signature({I}, S), [](CallContext& context, std::vector<Value>& a) {
        context.charge(static_cast<std::size_t>(std::max<std::int64_t>(a[0].as_int(), 0)));
        return Value::string(random_string(a[0].as_int(), false, false));
    });
    t.add("wrap", signature({I, S}, S), [](CallContext&, std::vector<Value>& a) {
        return Value::string(wrap_custom(str(a, 1), a[0].as_int(), "", false));
    });
    t.add("wrapWith", signature({I, S, S}, S), [](CallContext&, std::vector<Value>& a) {
        return Value::string(wrap_custom(str(a, 2), a[0].as_int(), str(a, 1), true));
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
