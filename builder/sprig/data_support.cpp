#include "builder/sprig/detail/data_support.hpp"

#include "common/core/error.hpp"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace airlock::sprig::data_detail {

namespace {

char ascii_lower_char(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool is_decimal_digit(char c) {
    return c >= '0' && c <= '9';
}

// strconv's underscoreOK: '_' only between digits, or between a base
// prefix and a digit.
bool underscores_ok(std::string_view s) {
    char saw = '^';
    std::size_t i = 0;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        s.remove_prefix(1);
    }
    bool hex = false;
    if (s.size() >= 2 && s[0] == '0' &&
        (ascii_lower_char(s[1]) == 'b' || ascii_lower_char(s[1]) == 'o' ||
         ascii_lower_char(s[1]) == 'x')) {
        i = 2;
        saw = '0';
        hex = ascii_lower_char(s[1]) == 'x';
    }
    for (; i < s.size(); ++i) {
        const char lower = ascii_lower_char(s[i]);
        if (is_decimal_digit(s[i]) || (hex && lower >= 'a' && lower <= 'f')) {
            saw = '0';
            continue;
        }
        if (s[i] == '_') {
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

bool equal_fold_ascii(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower_char(a[i]) != ascii_lower_char(b[i])) {
            return false;
        }
    }
    return true;
}

// Go's trimZeroDecimal in spf13/cast: "5.0" and "5.00" become "5"; any
// other fraction is left for ParseInt to refuse.
std::string_view trim_zero_decimal(std::string_view s) {
    bool found_zero = false;
    for (std::size_t i = s.size(); i > 0; --i) {
        const char c = s[i - 1];
        if (c == '.') {
            if (found_zero) {
                return s.substr(0, i - 1);
            }
        } else if (c == '0') {
            found_zero = true;
        } else {
            return s;
        }
    }
    return s;
}

int digit_value(char c) {
    const char lower = ascii_lower_char(c);
    if (is_decimal_digit(c)) {
        return c - '0';
    }
    if (lower >= 'a' && lower <= 'z') {
        return lower - 'a' + 10;
    }
    return 99;
}

} // namespace

void go_error(const std::string& message) {
    fail(ErrorCode::spec, message);
}

void nil_dereference() {
    go_error("runtime error: invalid memory address or nil pointer dereference");
}

std::optional<std::int64_t> go_parse_int(std::string_view s, int base_in) {
    if (s.empty()) {
        return std::nullopt;
    }
    bool negative = false;
    if (s[0] == '+' || s[0] == '-') {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    if (s.empty()) {
        return std::nullopt;
    }
    const std::string_view unsigned_part = s;
    const bool prefixed = base_in == 0;
    unsigned base = prefixed ? 10 : static_cast<unsigned>(base_in);
    if (prefixed && s[0] == '0') {
        if (s.size() >= 3 && ascii_lower_char(s[1]) == 'b') {
            base = 2;
            s.remove_prefix(2);
        } else if (s.size() >= 3 && ascii_lower_char(s[1]) == 'o') {
            base = 8;
            s.remove_prefix(2);
        } else if (s.size() >= 3 && ascii_lower_char(s[1]) == 'x') {
            base = 16;
            s.remove_prefix(2);
        } else {
            base = 8;
            s.remove_prefix(1);
        }
    }
    constexpr std::uint64_t limit = std::uint64_t{1} << 63;
    std::uint64_t n = 0;
    bool underscores = false;
    for (const char c : s) {
        if (c == '_' && prefixed) {
            underscores = true;
            continue;
        }
        const int d = digit_value(c);
        if (d >= static_cast<int>(base)) {
            return std::nullopt;
        }
        const auto digit = static_cast<std::uint64_t>(d);
        if (n > (UINT64_MAX - digit) / base) {
            return std::nullopt;
        }
        n = n * base + digit;
        if (n > limit) {
            return std::nullopt; // a range error, whatever follows
        }
    }
    if (underscores && !underscores_ok(unsigned_part)) {
        return std::nullopt;
    }
    if (!negative && n >= limit) {
        return std::nullopt;
    }
    if (negative && n > limit) {
        return std::nullopt;
    }
    return negative ? static_cast<std::int64_t>(~n + 1) : static_cast<std::int64_t>(n);
}

std::optional<double> go_parse_float(std::string_view s) {
    if (s.empty()) {
        return std::nullopt;
    }
    // Infinities and NaN, case-insensitively; a sign only for infinities.
    {
        std::string_view rest = s;
        bool negative = false;
        if (rest[0] == '+' || rest[0] == '-') {
            negative = rest[0] == '-';
            rest.remove_prefix(1);
        }
        if (equal_fold_ascii(rest, "inf") || equal_fold_ascii(rest, "infinity")) {
            return negative ? -HUGE_VAL : HUGE_VAL;
        }
        if (rest.size() == s.size() && equal_fold_ascii(rest, "nan")) {
            return std::nan("");
        }
    }
    // Check Go's grammar, then hand the text without underscores to strtod,
    // which reads the same decimal and hexadecimal forms with correct rounding.
    std::size_t i = 0;
    std::string clean;
    clean.reserve(s.size());
    if (s[i] == '+' || s[i] == '-') {
        clean += s[i];
        ++i;
    }
    bool hex = false;
    if (i + 1 < s.size() && s[i] == '0' && ascii_lower_char(s[i + 1]) == 'x') {
        hex = true;
        clean += "0x";
        i += 2;
    }
    bool underscores = false;
    bool saw_digits = false;
    bool saw_dot = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        const char lower = ascii_lower_char(c);
        if (c == '_') {
            underscores = true;
            continue;
        }
        if (c == '.') {
            if (saw_dot) {
                break;
            }
            saw_dot = true;
            clean += c;
            continue;
        }
        if (is_decimal_digit(c) || (hex && lower >= 'a' && lower <= 'f')) {
            saw_digits = true;
            clean += c;
            continue;
        }
        break;
    }
    if (!saw_digits) {
        return std::nullopt;
    }
    bool saw_exponent = false;
    if (i < s.size() && ascii_lower_char(s[i]) == (hex ? 'p' : 'e')) {
        clean += s[i];
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
            clean += s[i];
            ++i;
        }
        bool exponent_digits = false;
        for (; i < s.size() && (is_decimal_digit(s[i]) || s[i] == '_'); ++i) {
            if (s[i] == '_') {
                underscores = true;
                continue;
            }
            exponent_digits = true;
            clean += s[i];
        }
        if (!exponent_digits) {
            return std::nullopt;
        }
        saw_exponent = true;
    }
    if (i != s.size() || (hex && !saw_exponent)) {
        return std::nullopt;
    }
    if (underscores && !underscores_ok(s)) {
        return std::nullopt;
    }
    errno = 0;
    char* end = nullptr;
    const double value = std::strtod(clean.c_str(), &end);
    if (end != clean.c_str() + clean.size()) {
        return std::nullopt;
    }
    if (std::isinf(value)) {
        return std::nullopt; // ErrRange: cast drops the value
    }
    return value;
}

std::int64_t go_float_to_int64(double f) {
    if (!(f >= -9223372036854775808.0 && f < 9223372036854775808.0)) {
        return INT64_MIN;
    }
    return static_cast<std::int64_t>(f);
}

std::int64_t cast_to_int64(const Value& v) {
    switch (v.kind()) {
    case Kind::integer:
        return v.as_int();
    case Kind::floating:
        return go_float_to_int64(v.as_float());
    case Kind::boolean:
        return v.as_bool() ? 1 : 0;
    case Kind::string:
        return go_parse_int(trim_zero_decimal(v.as_string())).value_or(0);
    default:
        return 0;
    }
}

double cast_to_float64(const Value& v) {
    switch (v.kind()) {
    case Kind::integer:
        return static_cast<double>(v.as_int());
    case Kind::floating:
        return v.as_float();
    case Kind::boolean:
        return v.as_bool() ? 1.0 : 0.0;
    case Kind::string:
        return go_parse_float(v.as_string()).value_or(0.0);
    default:
        return 0.0;
    }
}

bool go_empty(const Value& v) {
    return !v.truthy();
}

std::string reflect_kind_or_panic(const Value& v) {
    if (v.is_nil()) {
        nil_dereference();
    }
    return v.kind_name();
}

bool is_slice(const Value& v) {
    return v.kind() == Kind::list || v.kind() == Kind::bytes;
}

const List& slice_items(const Value& v, List& storage) {
    if (v.kind() == Kind::list) {
        return v.as_list();
    }
    storage.clear();
    if (v.kind() == Kind::bytes) {
        for (const char c : v.as_string()) {
            storage.push_back(
                Value::integer(static_cast<unsigned char>(c), gotemplate::IntType::uint8));
        }
    }
    return storage;
}

std::optional<std::string> go_base64_std_decode(std::string_view text, std::string& error) {
    static const std::array<std::uint8_t, 256> decode_map = [] {
        std::array<std::uint8_t, 256> map{};
        map.fill(0xFF);
        const std::string_view alphabet =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (std::size_t i = 0; i < alphabet.size(); ++i) {
            map[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
        }
        return map;
    }();
    auto corrupt = [&](std::size_t offset) -> std::optional<std::string> {
        error = "illegal base64 data at input byte " + std::to_string(offset);
        return std::nullopt;
    };
    auto is_newline = [](char c) { return c == '\n' || c == '\r'; };
    std::string out;
    out.reserve(text.size() / 4 * 3);
    std::size_t si = 0;
    // One quantum of four symbols per round, newlines skipped, padding only
    // at the end, as Go's decodeQuantum reads them.
    while (si < text.size()) {
        std::array<std::uint8_t, 4> digits{};
        std::size_t count = 4;
        bool trailing_garbage = false;
        for (std::size_t j = 0; j < 4; ++j) {
            if (si == text.size()) {
                if (j == 0) {
                    return out;
                }
                return corrupt(si - j);
            }
            const char in = text[si];
            ++si;
            const std::uint8_t d = decode_map[static_cast<unsigned char>(in)];
            if (d != 0xFF) {
                digits[j] = d;
                continue;
            }
            if (is_newline(in)) {
                --j;
                continue;
            }
            if (in != '=') {
                return corrupt(si - 1);
            }
            if (j < 2) {
                return corrupt(si - 1);
            }
            if (j == 2) {
                while (si < text.size() && is_newline(text[si])) {
                    ++si;
                }
                if (si == text.size()) {
                    return corrupt(text.size());
                }
                if (text[si] != '=') {
                    return corrupt(si - 1);
                }
                ++si;
            }
            while (si < text.size() && is_newline(text[si])) {
                ++si;
            }
            trailing_garbage = si < text.size();
            count = j;
            break;
        }
        const std::uint32_t value = (std::uint32_t{digits[0]} << 18) |
                                    (std::uint32_t{digits[1]} << 12) |
                                    (std::uint32_t{digits[2]} << 6) | std::uint32_t{digits[3]};
        const std::array<char, 3> bytes = {static_cast<char>(value >> 16),
                                           static_cast<char>(value >> 8), static_cast<char>(value)};
        out.append(bytes.data(), count - 1);
        if (trailing_garbage) {
            return corrupt(si);
        }
    }
    return out;
}

} // namespace airlock::sprig::data_detail
