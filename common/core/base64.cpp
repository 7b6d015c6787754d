#include "common/core/base64.hpp"

#include <array>
#include <cstdint>

namespace airlock {

namespace {

constexpr std::string_view standard_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

enum class Alphabet { unknown, standard, url_safe };

// 0-63 for a digit, -1 otherwise; records which alphabet the text uses so a
// mix of the two is refused.
int digit_value(char c, Alphabet& alphabet) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    const bool url = c == '-' || c == '_';
    const bool standard = c == '+' || c == '/';
    if (!url && !standard) {
        return -1;
    }
    const Alphabet used = url ? Alphabet::url_safe : Alphabet::standard;
    if (alphabet != Alphabet::unknown && alphabet != used) {
        return -1;
    }
    alphabet = used;
    return (c == '+' || c == '-') ? 62 : 63;
}

} // namespace

std::string base64_encode(std::string_view bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t n = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                                (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                                std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
        out.push_back(standard_alphabet[(n >> 18) & 63]);
        out.push_back(standard_alphabet[(n >> 12) & 63]);
        out.push_back(standard_alphabet[(n >> 6) & 63]);
        out.push_back(standard_alphabet[n & 63]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t n = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
        if (rest == 2) {
            n |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
        }
        out.push_back(standard_alphabet[(n >> 18) & 63]);
        out.push_back(standard_alphabet[(n >> 12) & 63]);
        out.push_back(rest == 2 ? standard_alphabet[(n >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

std::optional<std::string> base64_decode(std::string_view text, std::size_t max_decoded) {
    std::size_t padding = 0;
    while (padding < 2 && padding < text.size() && text[text.size() - 1 - padding] == '=') {
        ++padding;
    }
    if (padding > 0 && text.size() % 4 != 0) {
        return std::nullopt;
    }
    const std::string_view digits = text.substr(0, text.size() - padding);
    // 1 leftover digit carries only 6 bits: never a whole byte.
    if (digits.size() % 4 == 1) {
        return std::nullopt;
    }
    const std::size_t decoded_size =
        digits.size() / 4 * 3 + (digits.size() % 4 == 0 ? 0 : digits.size() % 4 - 1);
    if (decoded_size > max_decoded) {
        return std::nullopt;
    }
    std::string out;
    out.reserve(decoded_size);
    Alphabet alphabet = Alphabet::unknown;
    std::uint32_t accumulator = 0;
    int bits = 0;
    for (char c : digits) {
        const int v = digit_value(c, alphabet);
        if (v < 0) {
            return std::nullopt;
        }
        accumulator = (accumulator << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((accumulator >> bits) & 0xff));
        }
    }
    // Unused trailing bits must be zero, so each byte string has one encoding.
    if ((accumulator & ((1u << bits) - 1)) != 0) {
        return std::nullopt;
    }
    return out;
}

} // namespace airlock
