#pragma once
#include <cstddef>
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

} // namespace airlock
