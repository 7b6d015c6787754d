// b64enc, b64dec, b32enc, b32dec: Go's encoding/base64 and encoding/base32
// standard encodings. sprig returns a decoding error's text as the result,
// so the error offsets Go reports are part of the output and kept exact.
#include "builder/sprig/detail/text_support.hpp"

#include <array>
#include <optional>

namespace airlock::sprig::text {

namespace {

using gotemplate::CallContext;
using gotemplate::Type;
using gotemplate::Value;

constexpr std::string_view b64_alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view b32_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::array<std::uint8_t, 256> decode_map(std::string_view alphabet) {
    std::array<std::uint8_t, 256> m{};
    m.fill(0xFF);
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
        m[static_cast<unsigned char>(alphabet[i])] = static_cast<std::uint8_t>(i);
    }
    return m;
}

struct Decoded {
    std::string data;
    std::optional<std::size_t> error_at;
};

std::string b64_encode(std::string_view in) {
    std::string out;
    std::size_t i = 0;
    for (; i + 3 <= in.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16 |
                     static_cast<unsigned char>(in[i + 1]) << 8 |
                     static_cast<unsigned char>(in[i + 2]);
        for (int k = 3; k >= 0; --k) {
            out.push_back(b64_alphabet[(v >> (6 * k)) & 0x3F]);
        }
    }
    std::size_t rest = in.size() - i;
    if (rest > 0) {
        unsigned v = static_cast<unsigned char>(in[i]) << 16;
        if (rest == 2) {
            v |= static_cast<unsigned char>(in[i + 1]) << 8;
        }
        out.push_back(b64_alphabet[(v >> 18) & 0x3F]);
        out.push_back(b64_alphabet[(v >> 12) & 0x3F]);
        out.push_back(rest == 2 ? b64_alphabet[(v >> 6) & 0x3F] : '=');
        out.push_back('=');
    }
    return out;
}

// One quantum of Go's base64 decoder; returns false when decoding stops.
Decoded b64_decode(std::string_view src) {
    static const auto map = decode_map(b64_alphabet);
    Decoded out;
    std::size_t si = 0;
    auto newline = [&](std::size_t k) { return src[k] == '\n' || src[k] == '\r'; };
    while (si < src.size()) {
        std::array<std::uint8_t, 4> dbuf{};
        std::size_t dlen = 4;
        bool done = false;
        for (std::size_t j = 0; j < 4; ++j) {
            if (si == src.size()) {
                if (j == 0) {
                    return out;
                }
                out.error_at = si - j;
                return out;
            }
            unsigned char in = static_cast<unsigned char>(src[si]);
            ++si;
            if (map[in] != 0xFF) {
                dbuf[j] = map[in];
                continue;
            }
            if (in == '\n' || in == '\r') {
                --j;
                continue;
            }
            if (in != '=') {
                out.error_at = si - 1;
                return out;
            }
            if (j < 2) {
                out.error_at = si - 1;
                return out;
            }
            if (j == 2) {
                while (si < src.size() && newline(si)) {
                    ++si;
                }
                if (si == src.size()) {
                    out.error_at = src.size();
                    return out;
                }
                if (src[si] != '=') {
                    out.error_at = si - 1;
                    return out;
                }
                ++si;
            }
            while (si < src.size() && newline(si)) {
                ++si;
            }
            if (si < src.size()) {
                out.error_at = si; // trailing garbage
            }
            dlen = j;
            done = true;
            break;
        }
        unsigned v = static_cast<unsigned>(dbuf[0]) << 18 | static_cast<unsigned>(dbuf[1]) << 12 |
                     static_cast<unsigned>(dbuf[2]) << 6 | dbuf[3];
        for (std::size_t k = 0; k + 1 < dlen; ++k) {
            out.data.push_back(static_cast<char>((v >> (16 - 8 * k)) & 0xFF));
        }
        if (done || out.error_at) {
            return out;
        }
    }
    return out;
}

std::string b32_encode(std::string_view in) {
    std::string out;
    for (std::size_t i = 0; i < in.size(); i += 5) {
        std::size_t n = std::min<std::size_t>(5, in.size() - i);
        std::uint64_t v = 0;
        for (std::size_t k = 0; k < 5; ++k) {
            v = v << 8 | (k < n ? static_cast<unsigned char>(in[i + k]) : 0);
        }
        static constexpr std::array<std::size_t, 6> chars = {0, 2, 4, 5, 7, 8};
        for (std::size_t k = 0; k < 8; ++k) {
            out.push_back(k < chars[n] ? b32_alphabet[(v >> (35 - 5 * k)) & 0x1F] : '=');
        }
    }
    return out;
}

Decoded b32_decode(std::string_view text) {
    static const auto map = decode_map(b32_alphabet);
    // Go strips newlines first; offsets are in the stripped text.
    std::string stripped;
    for (char c : text) {
        if (c != '\n' && c != '\r') {
            stripped.push_back(c);
        }
    }
    std::string_view src = stripped;
    const std::size_t olen = src.size();
    Decoded out;
    bool end = false;
    while (!src.empty() && !end) {
        std::array<std::uint8_t, 8> dbuf{};
        std::size_t dlen = 8;
        for (std::size_t j = 0; j < 8;) {
            if (src.empty()) {
                out.error_at = olen - src.size() - j;
                return out;
            }
            char in = src[0];
            src.remove_prefix(1);
            if (in == '=' && j >= 2 && src.size() < 8) {
                if (src.size() + j < 7) {
                    out.error_at = olen;
                    return out;
                }
                for (std::size_t k = 0; k < 7 - j; ++k) {
                    if (src.size() > k && src[k] != '=') {
                        out.error_at = olen - src.size() + k - 1;
                        return out;
                    }
                }
                dlen = j;
                end = true;
                if (dlen == 1 || dlen == 3 || dlen == 6) {
                    out.error_at = olen - src.size() - 1;
                    return out;
                }
                break;
            }
            dbuf[j] = map[static_cast<unsigned char>(in)];
            if (dbuf[j] == 0xFF) {
                out.error_at = olen - src.size() - 1;
                return out;
            }
            ++j;
        }
        std::uint64_t v = 0;
        for (auto d : dbuf) {
            v = v << 5 | d;
        }
        static constexpr std::array<std::size_t, 9> bytes = {0, 0, 1, 1, 2, 3, 3, 4, 5};
        for (std::size_t k = 0; k < bytes[dlen]; ++k) {
            out.data.push_back(static_cast<char>((v >> (32 - 8 * k)) & 0xFF));
        }
    }
    return out;
}

} // namespace

void register_encoding_functions(gotemplate::FunctionTable& t) {
    const auto sig = signature({Type::string}, Type::string);
    t.add("b64enc", sig, [](CallContext&, std::vector<Value>& a) {
        return Value::string(b64_encode(a[0].as_string()));
    });
    t.add("b64dec", sig, [](CallContext&, std::vector<Value>& a) {
        auto d = b64_decode(a[0].as_string());
        if (d.error_at) {
            return Value::string("illegal base64 data at input byte " +
                                 std::to_string(*d.error_at));
        }
        return Value::string(std::move(d.data));
    });
    t.add("b32enc", sig, [](CallContext&, std::vector<Value>& a) {
        return Value::string(b32_encode(a[0].as_string()));
    });
    t.add("b32dec", sig, [](CallContext&, std::vector<Value>& a) {
        auto d = b32_decode(a[0].as_string());
        if (d.error_at) {
            return Value::string("illegal base32 data at input byte " +
                                 std::to_string(*d.error_at));
        }
        return Value::string(std::move(d.data));
    });
}

} // namespace airlock::sprig::text
