#include "builder/sprig/detail/blowfish.hpp"

#include <string>

namespace airlock::sprig::data_detail {

namespace {
namespace blowfish {

// The next big-endian word of `bytes`, read cyclically from `position`.
std::uint32_t next_word(std::string_view bytes, std::size_t& position) {
    std::uint32_t word = 0;
    for (int i = 0; i < 4; ++i) {
        word = (word << 8) | static_cast<unsigned char>(bytes[position]);
        position = (position + 1) % bytes.size();
    }
    return word;
}

// bcrypt's base64: its own alphabet, no padding.
std::string bcrypt_base64(std::string_view bytes) {
    static constexpr char alphabet[] =
        "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16) |
                                (std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8) |
                                std::uint32_t{static_cast<unsigned char>(bytes[i + 2])};
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint32_t{static_cast<unsigned char>(bytes[i])} << 16;
        if (rest == 2) {
            v |= std::uint32_t{static_cast<unsigned char>(bytes[i + 1])} << 8;
        }
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (rest == 2) {
            out += alphabet[(v >> 6) & 63];
        }
    }
    return out;
}

} // namespace blowfish
} // namespace

Blowfish::Blowfish() {
    const auto& words = blowfish_pi_words();
    std::size_t k = 0;
    for (std::uint32_t& p : p_) {
        p = words[k++];
    }
    for (auto& box : s_) {
        for (std::uint32_t& entry : box) {
            entry = words[k++];
        }
    }
}

void Blowfish::encrypt(std::uint32_t& left, std::uint32_t& right) const {
    const std::uint32_t* s0 = s_[0];
    const std::uint32_t* s1 = s_[1];
    const std::uint32_t* s2 = s_[2];
    const std::uint32_t* s3 = s_[3];
    std::uint32_t l = left;
    std::uint32_t r = right;
    l ^= p_[0];
    for (int i = 1; i <= 16; i += 2) {
        r ^= (((s0[l >> 24] + s1[(l >> 16) & 0xFF]) ^ s2[(l >> 8) & 0xFF]) + s3[l & 0xFF]) ^ p_[i];
        l ^= (((s0[r >> 24] + s1[(r >> 16) & 0xFF]) ^ s2[(r >> 8) & 0xFF]) + s3[r & 0xFF]) ^
             p_[i + 1];
    }
    r ^= p_[17];
    left = r;
    right = l;
}

void Blowfish::expand_key_with_salt(std::string_view key, std::string_view salt) {
    std::size_t position = 0;
    for (std::uint32_t& p : p_) {
        p ^= blowfish::next_word(key, position);
    }
    position = 0;
    std::uint32_t l = 0;
    std::uint32_t r = 0;
    auto fill = [&](std::uint32_t* out, std::size_t count) {
        for (std::size_t i = 0; i < count; i += 2) {
            l ^= blowfish::next_word(salt, position);
            r ^= blowfish::next_word(salt, position);
            encrypt(l, r);
            out[i] = l;
            out[i + 1] = r;
        }
    };
    fill(p_, 18);
    for (auto& box : s_) {
        fill(box, 256);
    }
}

void Blowfish::expand_key(std::string_view key) {
    std::size_t position = 0;
    for (std::uint32_t& p : p_) {
        p ^= blowfish::next_word(key, position);
    }
    std::uint32_t l = 0;
    std::uint32_t r = 0;
    auto fill = [&](std::uint32_t* out, std::size_t count) {
        for (std::size_t i = 0; i < count; i += 2) {
            encrypt(l, r);
            out[i] = l;
            out[i + 1] = r;
        }
    };
    fill(p_, 18);
    for (auto& box : s_) {
        fill(box, 256);
    }
}

std::string bcrypt_hash(std::string_view password, int cost, std::string_view salt) {
    // C bcrypt (and Go, for compatibility) hashes the key with its NUL.
    std::string key(password);
    key += '\0';
    Blowfish cipher;
    cipher.expand_key_with_salt(key, salt);
    const std::uint64_t rounds = std::uint64_t{1} << cost;
    for (std::uint64_t i = 0; i < rounds; ++i) {
        cipher.expand_key(key);
        cipher.expand_key(salt);
    }
    // "OrpheanBeholderScryDoubt", encrypted 64 times as three blocks.
    static constexpr char magic[] = "OrpheanBeholderScryDoubt";
    std::array<std::uint32_t, 6> words{};
    for (std::size_t i = 0; i < words.size(); ++i) {
        for (std::size_t k = 0; k < 4; ++k) {
            words[i] = (words[i] << 8) | static_cast<unsigned char>(magic[i * 4 + k]);
        }
    }
    for (std::size_t block = 0; block < 6; block += 2) {
        for (int n = 0; n < 64; ++n) {
            cipher.encrypt(words[block], words[block + 1]);
        }
    }
    std::string digest;
    for (const std::uint32_t w : words) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            digest += static_cast<char>((w >> shift) & 0xFF);
        }
    }
    // Only 23 of the 24 bytes are encoded, as C bcrypt does.
    digest.resize(23);
    std::string cost_text = std::to_string(cost);
    if (cost_text.size() < 2) {
        cost_text.insert(cost_text.begin(), '0');
    }
    return "$2a$" + cost_text + "$" + blowfish::bcrypt_base64(salt) +
           blowfish::bcrypt_base64(digest);
}

} // namespace airlock::sprig::data_detail
