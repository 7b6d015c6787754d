// sprig's word functions from Masterminds/goutils (abbrev, wrap, initials,
// nospace, swapcase, untitle, random strings) and xstrings' shuffle. goutils
// counts bytes, not runes, and reads each byte as the rune of that number;
// we keep that, since Helm's output shows it.
#include "builder/sprig/detail/text_support.hpp"
#include "common/core/error.hpp"
#include "common/gounicode/unicode.hpp"

#include <algorithm>
#include <random>

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Type;
using gotemplate::Value;
namespace gu = gounicode;

// A random string of caller-chosen length: we refuse past 1 GiB.
constexpr std::size_t max_random = std::size_t{1} << 30;

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

std::string random_string(std::int64_t count, bool letters, bool numbers) {
    if (count <= 0) {
        return "";
    }
    if (static_cast<std::uint64_t>(count) > max_random) {
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

} // namespace

void register_word_functions(gotemplate::FunctionTable& t) {
    const Type S = Type::string;
    const Type I = Type::int_;
    auto s1 = [&](const char* name, std::string (*f)(std::string_view)) {
        t.add(name, signature({S}, S), [f](CallContext&, std::vector<Value>& a) {
            return Value::string(f(a[0].as_string()));
        });
    };
    s1("untitle", [](std::string_view s) { return untitle(s); });
    s1("nospace", [](std::string_view s) { return delete_white_space(s); });
    s1("initials", [](std::string_view s) { return initials(s); });
    s1("swapcase", [](std::string_view s) { return swap_case(s); });
    s1("shuffle", [](std::string_view s) { return shuffle(s); });
    t.add("abbrev", signature({I, S}, S), [](CallContext&, std::vector<Value>& a) {
        auto width = a[0].as_int();
        const auto& s = a[1].as_string();
        return Value::string(width < 4 ? s : abbreviate(s, 0, width));
    });
    t.add("abbrevboth", signature({I, I, S}, S), [](CallContext&, std::vector<Value>& a) {
        auto left = a[0].as_int();
        auto right = a[1].as_int();
        const auto& s = a[2].as_string();
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
        return Value::string(wrap_custom(a[1].as_string(), a[0].as_int(), "", false));
    });
    t.add("wrapWith", signature({I, S, S}, S), [](CallContext&, std::vector<Value>& a) {
        return Value::string(wrap_custom(a[2].as_string(), a[0].as_int(), a[1].as_string(), true));
    });
}

} // namespace airlock::sprig::text
