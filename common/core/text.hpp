#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace airlock {

// Text from documents and command lines, made safe for a one-line error:
// control characters become '?', and long values are cut at max_shown.
std::string printable(std::string_view text, std::size_t max_shown = 120);

// ASCII letters lowered; other bytes unchanged (header names, schemes).
std::string ascii_lower(std::string_view text);

// The value of a hexadecimal digit (either case), or -1 for any other byte.
constexpr int hex_digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}
constexpr bool is_hex_digit(char c) {
    return hex_digit_value(c) >= 0;
}

// RFC 3986 unreserved characters stay, every other byte becomes %XX, so
// that a value never ends a query parameter (or a path segment) early.
std::string percent_encode(std::string_view text);
// %XX sequences decoded ('+' stays '+'); nullopt when a '%' is not followed
// by two hexadecimal digits.
std::optional<std::string> percent_decode(std::string_view text);

// A Prometheus text-format label value: quoted, with backslash, double
// quote and newline escaped as the format asks.
std::string prometheus_label(std::string_view value);

} // namespace airlock
