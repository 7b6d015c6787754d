// atoi, int, int64, float64 and toDecimal: spf13/cast v1.7 (which sprig
// calls with errors ignored, so a failed conversion is 0) and strconv.
#include "builder/sprig/detail/text_support.hpp"
#include "common/gotemplate/format.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Kind;
using gotemplate::Type;
using gotemplate::Value;

// Go's underscoreOK: underscores only between digits (or after a base
// prefix), as literals allow.
bool underscores_ok(std::string_view s) {
    char saw = '^';
    std::size_t i = 0;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        s.remove_prefix(1);
    }
    bool hex = false;
    if (s.size() >= 2 && s[0] == '0') {
        char b = static_cast<char>(s[1] | 0x20);
        if (b == 'x' || b == 'o' || b == 'b') {
            hex = b == 'x';
            i = 2;
            saw = '0';
        }
    }
    for (; i < s.size(); ++i) {
        char c = s[i];
        bool digit = (c >= '0' && c <= '9') || (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'));
        if (digit) {
            saw = '0';
            continue;
        }
        if (c == '_') {
            if (saw != '0') {
                return false;
            }
            saw = '_';
            continue;
        }
        if (saw == '_') {
            return false;
        }
        saw = '!';
    }
    return saw != '_';
}

// strconv.ParseInt(s, base, 64); nullopt on any error.
std::optional<std::int64_t> parse_int(std::string_view s0, int base) {
    std::string_view s = s0;
    if (s.empty()) {
        return std::nullopt;
    }
    bool neg = false;
    if (s[0] == '+' || s[0] == '-') {
        neg = s[0] == '-';
        s.remove_prefix(1);
    }
    bool allow_underscores = false;
    if (base == 0) {
        base = 10;
        if (s.size() >= 1 && s[0] == '0') {
            if (s.size() >= 3 && (s[1] | 0x20) == 'b') {
                base = 2;
                s.remove_prefix(2);
            } else if (s.size() >= 3 && (s[1] | 0x20) == 'o') {
                base = 8;
                s.remove_prefix(2);
            } else if (s.size() >= 3 && (s[1] | 0x20) == 'x') {
                base = 16;
                s.remove_prefix(2);
            } else {
                base = 8;
                s.remove_prefix(1);
                if (s.empty()) {
                    return 0;
                }
            }
        }
        allow_underscores = true;
    }
    if (s.empty()) {
        return std::nullopt;
    }
    unsigned long long n = 0;
    const unsigned long long limit =
        neg ? static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max()) + 1
            : static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max());
    bool saw_underscore = false;
    for (char c : s) {
        int d;
        if (c == '_' && allow_underscores) {
            saw_underscore = true;
            continue;
        }
        if (c >= '0' && c <= '9') {
            d = c - '0';
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
            d = (c | 0x20) - 'a' + 10;
        } else {
            return std::nullopt;
        }
        if (d >= base) {
            return std::nullopt;
        }
        if (n > (limit - static_cast<unsigned>(d)) / static_cast<unsigned>(base)) {
            return std::nullopt; // out of range
        }
        n = n * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    }
    if (saw_underscore && !underscores_ok(s0)) {
        return std::nullopt;
    }
    if (neg) {
        return n == limit ? std::numeric_limits<std::int64_t>::min()
                          : -static_cast<std::int64_t>(n);
    }
    return static_cast<std::int64_t>(n);
}

// strconv.ParseFloat(s, 64); nullopt on any error (a range error is one).
std::optional<double> parse_float(std::string_view s) {
    std::string text;
    bool saw_underscore = false;
    for (char c : s) {
        if (c == '_') {
            saw_underscore = true;
        } else {
            text.push_back(c);
        }
    }
    if (saw_underscore && !underscores_ok(s)) {
        return std::nullopt;
    }
    if (text.empty()) {
        return std::nullopt;
    }
    std::string_view body = text;
    if (body[0] == '+' || body[0] == '-') {
        body.remove_prefix(1);
    }
    std::string lower;
    for (char c : body) {
        lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    }
    bool neg = text[0] == '-';
    if (lower == "inf" || lower == "infinity") {
        return neg ? -HUGE_VAL : HUGE_VAL;
    }
    if (lower == "nan") {
        return std::numeric_limits<double>::quiet_NaN();
    }
    // Digits, one point, an exponent; or hex with a p exponent. strtod
    // accepts more (leading spaces, "0x" without p): check the shape first.
    bool hex = lower.size() > 2 && lower[0] == '0' && lower[1] == 'x';
    std::size_t i = hex ? 2 : 0;
    bool digits = false;
    bool point = false;
    for (; i < lower.size(); ++i) {
        char c = lower[i];
        if ((c >= '0' && c <= '9') || (hex && c >= 'a' && c <= 'f')) {
            digits = true;
        } else if (c == '.' && !point) {
            point = true;
        } else {
            break;
        }
    }
    if (!digits) {
        return std::nullopt;
    }
    if (i < lower.size()) {
        if (lower[i] != (hex ? 'p' : 'e')) {
            return std::nullopt;
        }
        ++i;
        if (i < lower.size() && (lower[i] == '+' || lower[i] == '-')) {
            ++i;
        }
        if (i >= lower.size()) {
            return std::nullopt;
        }
        for (; i < lower.size(); ++i) {
            if (lower[i] < '0' || lower[i] > '9') {
                return std::nullopt;
            }
        }
    } else if (hex) {
        return std::nullopt; // Go requires the p exponent
    }
    errno = 0;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) {
        return std::nullopt;
    }
    if (errno == ERANGE && std::isinf(v)) {
        return std::nullopt;
    }
    return v;
}

// cast's trimZeroDecimal: "3.0" and "3.00" read as "3".
std::string_view trim_zero_decimal(std::string_view s) {
    bool found_zero = false;
    for (std::size_t i = s.size(); i > 0; --i) {
        char c = s[i - 1];
        if (c == '.') {
            return found_zero ? s.substr(0, i - 1) : s;
        }
        if (c != '0') {
            return s;
        }
        found_zero = true;
    }
    return s;
}

// Go's int64(f) on amd64: out of range and NaN give the minimum int64.
std::int64_t float_to_int(double f) {
    if (std::isnan(f) || f >= 9223372036854775808.0 || f < -9223372036854775808.0) {
        return std::numeric_limits<std::int64_t>::min();
    }
    return static_cast<std::int64_t>(f);
}

} // namespace

// cast.ToInt64 with errors ignored.
std::int64_t cast_to_int64(const Value& v) {
    switch (v.kind()) {
    case Kind::integer:
        return v.as_int();
    case Kind::floating:
        return float_to_int(v.as_float());
    case Kind::boolean:
        return v.as_bool() ? 1 : 0;
    case Kind::string:
        return parse_int(trim_zero_decimal(v.as_string()), 0).value_or(0);
    default:
        return 0;
    }
}

// cast.ToFloat64 with errors ignored.
double cast_to_float64(const Value& v) {
    switch (v.kind()) {
    case Kind::integer:
        return static_cast<double>(v.as_int());
    case Kind::floating:
        return v.as_float();
    case Kind::boolean:
        return v.as_bool() ? 1 : 0;
    case Kind::string:
        return parse_float(v.as_string()).value_or(0);
    default:
        return 0;
    }
}

void register_conversion_functions(gotemplate::FunctionTable& t) {
    t.add("atoi", signature({Type::string}, Type::int_), [](CallContext&, std::vector<Value>& a) {
        // strconv.Atoi: base 10, a sign, no underscores or prefixes.
        const auto& s = a[0].as_string();
        std::string_view digits = s;
        if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
            digits.remove_prefix(1);
        }
        bool plain = !digits.empty() && digits.find_first_not_of("0123456789") == std::string::npos;
        if (!plain) {
            return Value::integer(0);
        }
        // Out of range, Atoi's error comes with the clamped value, which
        // sprig keeps.
        auto n = parse_int(s, 10);
        if (!n) {
            n = s[0] == '-' ? std::numeric_limits<std::int64_t>::min()
                            : std::numeric_limits<std::int64_t>::max();
        }
        return Value::integer(*n);
    });
    t.add("int", signature({Type::any}, Type::int_),
          [](CallContext&, std::vector<Value>& a) { return Value::integer(cast_to_int64(a[0])); });
    t.add("int64", signature({Type::any}, Type::int64),
          [](CallContext&, std::vector<Value>& a) { return Value::int64(cast_to_int64(a[0])); });
    t.add(
        "float64", signature({Type::any}, Type::float64),
        [](CallContext&, std::vector<Value>& a) { return Value::floating(cast_to_float64(a[0])); });
    t.add("toDecimal", signature({Type::any}, Type::int64),
          [](CallContext&, std::vector<Value>& a) {
              // The value as fmt.Sprint prints it, read as octal.
              std::string text = gotemplate::sprint_value(a[0]);
              return Value::int64(parse_int(text, 8).value_or(0));
          });
}

} // namespace airlock::sprig::text
