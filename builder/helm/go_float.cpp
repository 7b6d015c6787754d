#include "builder/helm/go_float.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

namespace airlock::helm {

namespace {

// Decimal digits d1 d2 ... dn and the position of the decimal point: the
// value is 0.d1d2...dn * 10^point.
struct ShortestDigits {
    std::string digits;
    int point = 0;
};

ShortestDigits shortest_digits(double f, int bits) {
    char buf[64];
    std::to_chars_result r{};
    if (bits == 32) {
        r = std::to_chars(buf, buf + sizeof buf, static_cast<float>(std::fabs(f)),
                          std::chars_format::scientific);
    } else {
        r = std::to_chars(buf, buf + sizeof buf, std::fabs(f), std::chars_format::scientific);
    }
    const std::string_view text(buf, static_cast<std::size_t>(r.ptr - buf));
    ShortestDigits out;
    const std::size_t e = text.find('e');
    for (std::size_t i = 0; i < e; ++i) {
        if (text[i] != '.') {
            out.digits += text[i];
        }
    }
    int exp = 0;
    std::from_chars(text.data() + e + (text[e + 1] == '+' ? 2 : 1), text.data() + text.size(), exp);
    out.point = exp + 1;
    while (out.digits.size() > 1 && out.digits.back() == '0') {
        out.digits.pop_back();
    }
    if (out.digits == "0") {
        out.point = 1;
    }
    return out;
}

std::string format_e(const ShortestDigits& d) {
    std::string out(1, d.digits[0]);
    if (d.digits.size() > 1) {
        out += '.';
        out.append(d.digits, 1);
    }
    int exp = d.digits == "0" ? 0 : d.point - 1;
    out += 'e';
    out += exp < 0 ? '-' : '+';
    exp = std::abs(exp);
    if (exp < 10) {
        out += '0';
    }
    out += std::to_string(exp);
    return out;
}

std::string format_f(const ShortestDigits& d) {
    const int n = static_cast<int>(d.digits.size());
    std::string out;
    if (d.point <= 0) {
        out = "0.";
        out.append(static_cast<std::size_t>(-d.point), '0');
        out += d.digits;
        return out;
    }
    if (d.point >= n) {
        out = d.digits;
        out.append(static_cast<std::size_t>(d.point - n), '0');
        return out;
    }
    out.assign(d.digits, 0, static_cast<std::size_t>(d.point));
    out += '.';
    out.append(d.digits, static_cast<std::size_t>(d.point));
    return out;
}

} // namespace

std::string go_format_float_shortest(double f, char fmt, int bits) {
    if (std::isnan(f)) {
        return "NaN";
    }
    if (std::isinf(f)) {
        return f > 0 ? "+Inf" : "-Inf";
    }
    const ShortestDigits d = shortest_digits(f, bits);
    std::string body;
    if (fmt == 'e') {
        body = format_e(d);
    } else if (fmt == 'f') {
        body = format_f(d);
    } else {
        // %g with the shortest digits: exponent form when the exponent is
        // below -4 or at least 6 (strconv's eprec for the shortest form).
        const int exp = d.digits == "0" ? 0 : d.point - 1;
        body = exp < -4 || exp >= 6 ? format_e(d) : format_f(d);
    }
    return std::signbit(f) ? "-" + body : body;
}

std::string go_json_float(double f) {
    const double a = std::fabs(f);
    if (a != 0 && (a < 1e-6 || a >= 1e21)) {
        std::string s = go_format_float_shortest(f, 'e');
        // "e-07" becomes "e-7", as encoding/json cleans it up.
        const std::size_t n = s.size();
        if (n >= 4 && s[n - 4] == 'e' && s[n - 3] == '-' && s[n - 2] == '0') {
            s.erase(n - 2, 1);
        }
        return s;
    }
    return go_format_float_shortest(f, 'f');
}

} // namespace airlock::helm
