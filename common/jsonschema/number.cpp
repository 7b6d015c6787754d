#include "common/jsonschema/detail/number.hpp"

#include "common/gotemplate/format.hpp"

#include <cstdlib>

namespace airlock::jsonschema::detail {

namespace {

// Digits and exponent out of strconv's shortest %e ("-1.2345675e+06").
Decimal decimal_of_double(double d) {
    Decimal out;
    if (d == 0) {
        return out; // -0 is 0, as in big.Rat
    }
    const std::string e = gotemplate::go_format_float(d, 'e', -1);
    std::size_t i = 0;
    if (e[i] == '-') {
        out.negative = true;
        ++i;
    }
    const std::size_t mark = e.find('e', i);
    for (std::size_t k = i; k < mark; ++k) {
        if (e[k] != '.') {
            out.digits += e[k];
        }
    }
    out.exponent = std::atoi(e.c_str() + mark + 1) + 1;
    while (!out.digits.empty() && out.digits.back() == '0') {
        out.digits.pop_back();
    }
    return out;
}

Decimal decimal_of_integer(bool negative, std::uint64_t magnitude) {
    Decimal out;
    if (magnitude == 0) {
        return out;
    }
    out.negative = negative;
    out.digits = std::to_string(magnitude);
    out.exponent = static_cast<int>(out.digits.size());
    while (out.digits.back() == '0') {
        out.digits.pop_back();
    }
    return out;
}

int compare_magnitude(const Decimal& a, const Decimal& b) {
    if (a.is_zero() || b.is_zero()) {
        return a.is_zero() == b.is_zero() ? 0 : (a.is_zero() ? -1 : 1);
    }
    if (a.exponent != b.exponent) {
        return a.exponent < b.exponent ? -1 : 1;
    }
    const int c = a.digits.compare(b.digits);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

// Superscript digits, as x/text writes exponents.
const char* const kSuperscript[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};

// An integer part with English grouping.
std::string grouped(const std::string& digits) {
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[i];
        const std::size_t left = n - i - 1;
        if (left > 0 && left % 3 == 0) {
            out += ',';
        }
    }
    return out;
}

} // namespace

Decimal Decimal::of(const nlohmann::json& number) {
    switch (number.type()) {
    case nlohmann::json::value_t::number_integer: {
        const auto v = number.get<std::int64_t>();
        const std::uint64_t magnitude =
            v < 0 ? static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(v)
                  : static_cast<std::uint64_t>(v);
        return decimal_of_integer(v < 0, magnitude);
    }
    case nlohmann::json::value_t::number_unsigned:
        return decimal_of_integer(false, number.get<std::uint64_t>());
    case nlohmann::json::value_t::number_float:
        return decimal_of_double(number.get<double>());
    default:
        return {};
    }
}

bool Decimal::is_integer() const noexcept {
    return is_zero() || exponent >= static_cast<int>(digits.size());
}

double Decimal::to_double() const {
    if (is_zero()) {
        return 0;
    }
    // strtod rounds correctly (to nearest, ties to even), as big.Rat.Float64.
    std::string text = (negative ? "-0." : "0.") + digits + "e" + std::to_string(exponent);
    return std::strtod(text.c_str(), nullptr);
}

int compare(const Decimal& a, const Decimal& b) {
    const int sign_a = a.is_zero() ? 0 : (a.negative ? -1 : 1);
    const int sign_b = b.is_zero() ? 0 : (b.negative ? -1 : 1);
    if (sign_a != sign_b) {
        return sign_a < sign_b ? -1 : 1;
    }
    const int m = compare_magnitude(a, b);
    return sign_a < 0 ? -m : m;
}

bool is_multiple_of(const Decimal& value, const Decimal& divisor) {
    if (value.is_zero()) {
        return true;
    }
    if (divisor.is_zero()) {
        return false;
    }
    // value = a × 10^p and divisor = b × 10^q with a and b integers that do
    // not end in 0. When p < q the quotient needs 10^(q-p) to divide a,
    // which it cannot; otherwise b must divide a × 10^(p-q).
    const int p = value.exponent - static_cast<int>(value.digits.size());
    const int q = divisor.exponent - static_cast<int>(divisor.digits.size());
    if (p < q) {
        return false;
    }
    if (divisor.digits.size() > 19) {
        return false; // beyond uint64; no JSON number of ours has such a divisor
    }
    __extension__ using Wide = unsigned __int128;
    const Wide b = std::stoull(divisor.digits);
    Wide r = 0;
    for (const char c : value.digits) {
        r = (r * 10 + static_cast<unsigned>(c - '0')) % b;
    }
    for (int i = 0; i < p - q && r != 0; ++i) {
        r = (r * 10) % b;
    }
    return r == 0;
}

std::string format_int(long long v) {
    const std::uint64_t magnitude =
        v < 0 ? static_cast<std::uint64_t>(0) - static_cast<std::uint64_t>(v)
              : static_cast<std::uint64_t>(v);
    return (v < 0 ? "-" : "") + grouped(std::to_string(magnitude));
}

std::string format_float(double v) {
    if (v != v) {
        return "NaN";
    }
    if (v - v != 0) {
        return v > 0 ? "∞" : "-∞";
    }
    const Decimal d = decimal_of_double(v);
    if (d.is_zero()) {
        return "0";
    }
    std::string out = d.negative ? "-" : "";
    const int exp = d.exponent - 1; // of the first digit
    if (exp < -4 || exp >= 6) {
        out += d.digits[0];
        if (d.digits.size() > 1) {
            out += '.';
            out.append(d.digits, 1);
        }
        out += "×10";
        if (exp < 0) {
            out += "⁻";
        }
        std::string e = std::to_string(std::abs(exp));
        if (e.size() < 2) {
            e.insert(e.begin(), '0');
        }
        for (const char c : e) {
            out += kSuperscript[c - '0'];
        }
        return out;
    }
    if (d.exponent <= 0) {
        out += "0.";
        out.append(static_cast<std::size_t>(-d.exponent), '0');
        out += d.digits;
        return out;
    }
    const auto int_len = static_cast<std::size_t>(d.exponent);
    std::string int_part = d.digits.substr(0, std::min(int_len, d.digits.size()));
    if (int_part.size() < int_len) {
        int_part.append(int_len - int_part.size(), '0');
    }
    out += grouped(int_part);
    if (d.digits.size() > int_len) {
        out += '.';
        out.append(d.digits, int_len);
    }
    return out;
}

} // namespace airlock::jsonschema::detail
