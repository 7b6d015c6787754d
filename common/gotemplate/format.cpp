#include "common/gotemplate/format.hpp"

#include "common/gotemplate/detail/unicode.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace airlock::gotemplate {

namespace {

using detail::append_rune;
using detail::decode_rune;
using detail::is_print;

std::size_t rune_count(std::string_view s) {
    std::size_t n = 0;
    std::int32_t r = 0;
    for (std::size_t i = 0; i < s.size(); i += decode_rune(s, i, r)) {
        ++n;
    }
    return n;
}

const char* hex_lower = "0123456789abcdef";

void append_quoted_rune(std::string& out, std::int32_t r, char quote) {
    if (r < 0 || r > 0x10FFFF || (r >= 0xD800 && r <= 0xDFFF)) {
        r = 0xFFFD; // strconv quotes an invalid rune as utf8.RuneError
    }
    if (r == quote || r == '\\') {
        out += '\\';
        out += static_cast<char>(r);
        return;
    }
    if (is_print(r)) {
        append_rune(out, r);
        return;
    }
    switch (r) {
    case '\a':
        out += "\\a";
        return;
    case '\b':
        out += "\\b";
        return;
    case '\f':
        out += "\\f";
        return;
    case '\n':
        out += "\\n";
        return;
    case '\r':
        out += "\\r";
        return;
    case '\t':
        out += "\\t";
        return;
    case '\v':
        out += "\\v";
        return;
    default:
        break;
    }
    if (r < ' ' || r == 0x7F) {
        out += "\\x";
        out += hex_lower[(r >> 4) & 0xF];
        out += hex_lower[r & 0xF];
    } else if (r < 0x10000) {
        out += "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) {
            out += hex_lower[(r >> shift) & 0xF];
        }
    } else {
        out += "\\U";
        for (int shift = 28; shift >= 0; shift -= 4) {
            out += hex_lower[(r >> shift) & 0xF];
        }
    }
}

std::string quote_with(std::string_view s, char quote) {
    std::string out(1, quote);
    std::int32_t r = 0;
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = decode_rune(s, i, r);
        if (r < 0) {
            out += "\\x";
            out += hex_lower[(static_cast<unsigned char>(s[i]) >> 4) & 0xF];
            out += hex_lower[static_cast<unsigned char>(s[i]) & 0xF];
        } else {
            append_quoted_rune(out, r, quote);
        }
        i += n;
    }
    out += quote;
    return out;
}

// ---- floats --------------------------------------------------------------

// The decimal digits of |f| (no trailing zeros) and the position of the
// decimal point, as strconv's decimal type holds them: 0.012 is "12", -1.
struct Digits {
    std::string d;
    int dp = 0;
};

// `significant` digits, correctly rounded; 0 or less means the shortest that
// reads back as f.
Digits decimal_digits(double f, int significant) {
    f = std::fabs(f);
    Digits out;
    if (f == 0) {
        out.d = "";
        out.dp = 0;
        return out;
    }
    char buf[64];
    auto digits_of = [&](int prec) {
        std::snprintf(buf, sizeof buf, "%.*e", prec - 1, f);
        return std::string(buf);
    };
    std::string text;
    if (significant <= 0) {
        for (int p = 1; p <= 17; ++p) {
            text = digits_of(p);
            if (std::strtod(text.c_str(), nullptr) == f) {
                break;
            }
        }
    } else {
        text = digits_of(std::min(significant, 700));
    }
    const std::size_t e = text.find('e');
    for (std::size_t i = 0; i < e; ++i) {
        if (text[i] != '.') {
            out.d += text[i];
        }
    }
    out.dp = std::atoi(text.c_str() + e + 1) + 1;
    while (!out.d.empty() && out.d.back() == '0') {
        out.d.pop_back();
    }
    if (out.d.empty()) {
        out.dp = 0;
    }
    return out;
}

// Fixed-point digits: `frac` digits after the point, correctly rounded.
std::string fixed(double f, int frac) {
    std::vector<char> buf(static_cast<std::size_t>(frac) + 400);
    std::snprintf(buf.data(), buf.size(), "%.*f", frac, std::fabs(f));
    return buf.data();
}

char digit_at(const Digits& d, int i) {
    return i >= 0 && i < static_cast<int>(d.d.size()) ? d.d[static_cast<std::size_t>(i)] : '0';
}

// strconv's %e with `prec` digits after the point (-1: all of `d`).
std::string format_e(const Digits& d, int prec, char e) {
    std::string out;
    out += d.d.empty() ? '0' : d.d[0];
    if (prec > 0) {
        out += '.';
        for (int i = 1; i <= prec; ++i) {
            out += digit_at(d, i);
        }
    }
    out += e;
    int exp = d.d.empty() ? 0 : d.dp - 1;
    out += exp < 0 ? '-' : '+';
    exp = std::abs(exp);
    if (exp < 10) {
        out += '0';
    }
    out += std::to_string(exp);
    return out;
}

// strconv's %f with `prec` digits after the point, from digits already rounded.
std::string format_f(const Digits& d, int prec) {
    std::string out;
    if (d.dp > 0) {
        for (int i = 0; i < d.dp; ++i) {
            out += digit_at(d, i);
        }
    } else {
        out += '0';
    }
    if (prec > 0) {
        out += '.';
        for (int i = 0; i < prec; ++i) {
            out += digit_at(d, d.dp + i);
        }
    }
    return out;
}

} // namespace

std::string go_format_float(double f, char fmt, int prec) {
    if (std::isnan(f)) {
        return "NaN";
    }
    if (std::isinf(f)) {
        return f > 0 ? "+Inf" : "-Inf";
    }
    const bool neg = std::signbit(f);
    std::string body;
    const bool shortest = prec < 0;
    switch (fmt) {
    case 'e':
    case 'E': {
        Digits d = decimal_digits(f, shortest ? 0 : prec + 1);
        body = format_e(d, shortest ? static_cast<int>(d.d.size()) - 1 : prec, fmt);
        break;
    }
    case 'f':
    case 'F': {
        if (shortest) {
            Digits d = decimal_digits(f, 0);
            body = format_f(d, std::max(static_cast<int>(d.d.size()) - d.dp, 0));
        } else {
            body = fixed(f, prec);
        }
        break;
    }
    case 'g':
    case 'G': {
        int p = prec;
        if (p == 0) {
            p = 1;
        }
        Digits d = decimal_digits(f, shortest ? 0 : p);
        const int nd = static_cast<int>(d.d.size());
        if (shortest) {
            p = nd;
        }
        int eprec = p;
        if (eprec > nd && nd >= d.dp) {
            eprec = nd;
        }
        if (shortest) {
            eprec = 6;
        }
        const int exp = d.d.empty() ? 0 : d.dp - 1;
        if (exp < -4 || exp >= eprec) {
            if (p > nd) {
                p = nd;
            }
            body = format_e(d, p - 1, fmt == 'g' ? 'e' : 'E');
        } else {
            if (p > d.dp) {
                p = nd;
            }
            body = format_f(d, std::max(p - d.dp, 0));
        }
        break;
    }
    default:
        return "%" + std::string(1, fmt);
    }
    return neg ? "-" + body : body;
}

std::string go_quote(std::string_view s) {
    return quote_with(s, '"');
}

namespace {

// ---- Printf --------------------------------------------------------------

struct Spec {
    bool plus = false, minus = false, sharp = false, space = false, zero = false;
    int width = -1;
    int prec = -1;
    char verb = 'v';
};

class Printer {
  public:
    std::string out;

    void pad(const std::string& s, const Spec& spec) {
        const int n = static_cast<int>(rune_count(s));
        if (spec.width <= n) {
            out += s;
            return;
        }
        const std::size_t fill = static_cast<std::size_t>(spec.width - n);
        if (spec.minus) {
            out += s;
            out.append(fill, ' ');
        } else {
            out.append(fill, spec.zero ? '0' : ' ');
            out += s;
        }
    }

    void bad_verb(const Value& v, const Spec& spec) {
        out += "%!";
        out += spec.verb;
        out += '(';
        if (v.is_nil()) {
            out += "<nil>";
        } else {
            out += v.type_name();
            out += '=';
            Spec plain;
            print(v, plain, 0);
        }
        out += ')';
    }

    void integer(std::int64_t value, bool is_unsigned, const Spec& spec) {
        int base = 10;
        bool upper = false;
        switch (spec.verb) {
        case 'v':
        case 'd':
            break;
        case 'b':
            base = 2;
            break;
        case 'o':
        case 'O':
            base = 8;
            break;
        case 'x':
            base = 16;
            break;
        case 'X':
            base = 16;
            upper = true;
            break;
        case 'c': {
            std::string s;
            append_rune(s, static_cast<std::int32_t>(value));
            pad(s, spec);
            return;
        }
        case 'q': {
            std::string s(1, '\'');
            append_quoted_rune(s, static_cast<std::int32_t>(value), '\'');
            s += '\'';
            pad(s, spec);
            return;
        }
        case 'U': {
            char buf[32];
            std::snprintf(buf, sizeof buf, "U+%04llX", static_cast<unsigned long long>(value));
            pad(buf, spec);
            return;
        }
        default:
            bad_verb(Value::integer(value), spec);
            return;
        }
        const bool neg = !is_unsigned && value < 0;
        unsigned long long mag = neg ? 0ULL - static_cast<unsigned long long>(value)
                                     : static_cast<unsigned long long>(value);
        std::string digits;
        const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        do {
            digits.insert(digits.begin(), set[mag % static_cast<unsigned>(base)]);
            mag /= static_cast<unsigned>(base);
        } while (mag != 0);
        if (spec.prec >= 0) {
            if (spec.prec == 0 && value == 0) {
                digits.clear();
            }
            while (static_cast<int>(digits.size()) < spec.prec) {
                digits.insert(digits.begin(), '0');
            }
        }
        std::string prefix;
        if (spec.sharp || spec.verb == 'O') {
            if (base == 16) {
                prefix = upper ? "0X" : "0x";
            } else if (base == 2 && spec.sharp) {
                prefix = "0b";
            } else if (base == 8 && (spec.verb == 'O' || digits.front() != '0')) {
                prefix = spec.verb == 'O' ? "0o" : "0";
            }
        }
        std::string sign = neg ? "-" : (spec.plus ? "+" : (spec.space ? " " : ""));
        // Zero padding goes between the sign and the digits, unless a
        // precision is given (Go ignores the 0 flag then).
        if (spec.zero && !spec.minus && spec.prec < 0 && spec.width > 0) {
            const int used = static_cast<int>(sign.size() + prefix.size() + digits.size());
            if (spec.width > used) {
                digits.insert(0, static_cast<std::size_t>(spec.width - used), '0');
            }
            out += sign + prefix + digits;
            return;
        }
        Spec no_zero = spec;
        no_zero.zero = false;
        pad(sign + prefix + digits, no_zero);
    }

    void floating(double f, const Spec& spec) {
        char verb = spec.verb;
        int prec = spec.prec;
        switch (verb) {
        case 'v':
            verb = 'g';
            prec = -1;
            break;
        case 'g':
        case 'G':
            break;
        case 'e':
        case 'E':
        case 'f':
        case 'F':
            if (prec < 0) {
                prec = 6;
            }
            break;
        default:
            bad_verb(Value::floating(f), spec);
            return;
        }
        std::string num = go_format_float(f, verb == 'F' ? 'f' : verb, prec);
        if (num[0] != '-' && num[0] != '+') {
            num.insert(num.begin(), '+');
        }
        if (spec.space && num[0] == '+' && !spec.plus) {
            num[0] = ' ';
        }
        if (num[1] == 'I' || num[1] == 'N') {
            if (num[1] == 'N' && !spec.space && !spec.plus) {
                num.erase(0, 1);
            }
            Spec no_zero = spec;
            no_zero.zero = false;
            pad(num, no_zero);
            return;
        }
        if (spec.sharp && num.find('.') == std::string::npos) {
            const std::size_t e = num.find_first_of("eE");
            num.insert(e == std::string::npos ? num.size() : e, ".");
        }
        if (spec.plus || num[0] != '+') {
            if (spec.zero && !spec.minus && spec.width > static_cast<int>(num.size())) {
                out += num[0];
                out.append(static_cast<std::size_t>(spec.width) - num.size(), '0');
                out.append(num, 1);
                return;
            }
            pad(num, spec);
            return;
        }
        pad(num.substr(1), spec);
    }

    void text(const std::string& s, const Spec& spec, bool is_bytes, const Value& original) {
        switch (spec.verb) {
        case 'v':
            if (is_bytes) {
                bytes_as_list(s, spec);
                return;
            }
            [[fallthrough]];
        case 's': {
            std::string shown = s;
            if (spec.prec >= 0) {
                std::size_t i = 0;
                std::int32_t r = 0;
                for (int n = 0; n < spec.prec && i < s.size(); ++n) {
                    i += decode_rune(s, i, r);
                }
                shown = s.substr(0, i);
            }
            pad(shown, spec);
            return;
        }
        case 'q':
            pad(go_quote(s), spec);
            return;
        case 'x':
        case 'X': {
            const char* set = spec.verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
            std::string hex;
            std::size_t limit = spec.prec >= 0 ? static_cast<std::size_t>(spec.prec) : s.size();
            for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
                if (spec.space && i > 0) {
                    hex += ' ';
                }
                if (spec.sharp && (i == 0 || spec.space)) {
                    hex += spec.verb == 'x' ? "0x" : "0X";
                }
                const auto b = static_cast<unsigned char>(s[i]);
                hex += set[b >> 4];
                hex += set[b & 0xF];
            }
            pad(hex, spec);
            return;
        }
        default:
            bad_verb(original, spec);
        }
    }

    void bytes_as_list(const std::string& s, const Spec& spec) {
        out += '[';
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (i > 0) {
                out += ' ';
            }
            integer(static_cast<unsigned char>(s[i]), true, spec);
        }
        out += ']';
    }

    void print(const Value& v, const Spec& spec, int depth) {
        if (spec.verb == 'T') {
            pad(v.type_name(), spec);
            return;
        }
        switch (v.kind()) {
        case Kind::nil:
            if (depth > 0 || spec.verb == 'v') {
                pad("<nil>", spec);
            } else {
                bad_verb(v, spec);
            }
            return;
        case Kind::boolean:
            if (spec.verb == 'v' || spec.verb == 't') {
                pad(v.as_bool() ? "true" : "false", spec);
            } else {
                bad_verb(v, spec);
            }
            return;
        case Kind::integer:
            integer(v.as_int(), v.int_type() == IntType::uint8, spec);
            return;
        case Kind::floating:
            floating(v.as_float(), spec);
            return;
        case Kind::string:
            text(v.as_string(), spec, false, v);
            return;
        case Kind::bytes:
            text(v.as_string(), spec, true, v);
            return;
        case Kind::list: {
            out += '[';
            bool first = true;
            for (const Value& item : v.as_list()) {
                if (!first) {
                    out += ' ';
                }
                first = false;
                print(item, spec, depth + 1);
            }
            out += ']';
            return;
        }
        case Kind::map: {
            out += "map[";
            bool first = true;
            for (const auto& [key, item] : v.as_map()) {
                if (!first) {
                    out += ' ';
                }
                first = false;
                text(key, spec, false, Value::string(key));
                out += ':';
                print(item, spec, depth + 1);
            }
            out += ']';
            return;
        }
        case Kind::object:
            if (spec.verb == 'v' || spec.verb == 's') {
                pad(v.as_object().format(), spec);
            } else {
                bad_verb(v, spec);
            }
            return;
        }
    }
};

bool is_string_operand(const Value& v) {
    return v.kind() == Kind::string;
}

} // namespace

std::string sprint_value(const Value& v) {
    Printer p;
    p.print(v, Spec{}, 0);
    return std::move(p.out);
}

std::string go_sprint(std::span<const Value> args) {
    Printer p;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0 && !is_string_operand(args[i]) && !is_string_operand(args[i - 1])) {
            p.out += ' ';
        }
        p.print(args[i], Spec{}, 0);
    }
    return std::move(p.out);
}

std::string go_sprintln(std::span<const Value> args) {
    Printer p;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i > 0) {
            p.out += ' ';
        }
        p.print(args[i], Spec{}, 0);
    }
    p.out += '\n';
    return std::move(p.out);
}

std::string go_sprintf(std::string_view format, std::span<const Value> args) {
    Printer p;
    std::size_t arg = 0;
    std::size_t i = 0;
    auto take_int = [&](int& target) -> bool {
        if (arg >= args.size()) {
            return false;
        }
        const Value& v = args[arg++];
        if (v.kind() != Kind::integer) {
            return false;
        }
        target = static_cast<int>(v.as_int());
        return std::llabs(v.as_int()) <= 1000000;
    };
    while (i < format.size()) {
        const std::size_t pct = format.find('%', i);
        if (pct == std::string_view::npos) {
            p.out.append(format.substr(i));
            break;
        }
        p.out.append(format.substr(i, pct - i));
        i = pct + 1;
        Spec spec;
        for (; i < format.size(); ++i) {
            const char c = format[i];
            if (c == '+') {
                spec.plus = true;
            } else if (c == '-') {
                spec.minus = true;
                spec.zero = false;
            } else if (c == '#') {
                spec.sharp = true;
            } else if (c == ' ') {
                spec.space = true;
            } else if (c == '0') {
                spec.zero = !spec.minus;
            } else {
                break;
            }
        }
        if (i < format.size() && format[i] == '*') {
            ++i;
            if (!take_int(spec.width)) {
                p.out += "%!(BADWIDTH)";
                spec.width = -1;
            } else if (spec.width < 0) {
                spec.minus = true;
                spec.zero = false;
                spec.width = -spec.width;
            }
        } else {
            int w = -1;
            while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
                w = (w < 0 ? 0 : w) * 10 + (format[i] - '0');
                ++i;
                if (w > 1000000) {
                    w = 1000000;
                }
            }
            spec.width = w;
        }
        if (i < format.size() && format[i] == '.') {
            ++i;
            if (i < format.size() && format[i] == '*') {
                ++i;
                if (!take_int(spec.prec) || spec.prec < 0) {
                    p.out += "%!(BADPREC)";
                    spec.prec = -1;
                }
            } else {
                int pr = 0;
                while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
                    pr = std::min(pr * 10 + (format[i] - '0'), 1000000);
                    ++i;
                }
                spec.prec = pr;
            }
        }
        if (i >= format.size()) {
            p.out += "%!(NOVERB)";
            break;
        }
        std::int32_t verb = 0;
        const std::size_t n = decode_rune(format, i, verb);
        i += n;
        if (verb == '%') {
            p.out += '%';
            continue;
        }
        if (verb < 0 || verb > 0x7F) {
            p.out += "%!";
            append_rune(p.out, verb < 0 ? 0xFFFD : verb);
            p.out += "(";
            if (arg < args.size()) {
                p.out += args[arg].type_name() + "=" + sprint_value(args[arg]);
                ++arg;
            } else {
                p.out += "MISSING";
            }
            p.out += ")";
            continue;
        }
        spec.verb = static_cast<char>(verb);
        if (arg >= args.size()) {
            p.out += "%!";
            p.out += spec.verb;
            p.out += "(MISSING)";
            continue;
        }
        p.print(args[arg++], spec, 0);
    }
    if (arg < args.size()) {
        p.out += "%!(EXTRA ";
        for (std::size_t k = arg; k < args.size(); ++k) {
            if (k > arg) {
                p.out += ", ";
            }
            if (args[k].is_nil()) {
                p.out += "<nil>";
            } else {
                p.out += args[k].type_name() + "=" + sprint_value(args[k]);
            }
        }
        p.out += ")";
    }
    return std::move(p.out);
}

} // namespace airlock::gotemplate
