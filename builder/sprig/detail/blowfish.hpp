#pragma once
// PRIVATE to builder/sprig: Blowfish with the expensive key schedule
// (EksBlowfish) that bcrypt is built on. OpenSSL 3 keeps Blowfish in its
// legacy provider and has no salted key schedule, so it is written here.
#include <array>
#include <cstdint>
#include <string_view>

namespace airlock::sprig::data_detail {

// Pi's fractional hexadecimal digits as 1042 words: 18 subkeys, 4 S-boxes.
const std::array<std::uint32_t, 1042>& blowfish_pi_words();

class Blowfish {
  public:
    // The initial state (pi), as before any key is applied.
    Blowfish();
    // The key schedule with a salt folded in (bcrypt's first step); the key
    // and salt are read as cycling big-endian words.
    void expand_key_with_salt(std::string_view key, std::string_view salt);
    // The plain key schedule on the current state.
    void expand_key(std::string_view key);
    void encrypt(std::uint32_t& left, std::uint32_t& right) const;

  private:
    // Plain arrays: bcrypt runs the cipher about a million times per hash,
    // and unoptimised (debug) builds pay for every std::array call.
    std::uint32_t p_[18] = {};
    std::uint32_t s_[4][256] = {};
};

// bcrypt's hash of `password` ($2a$, the given cost and 16-byte salt):
// "$2a$10$" + 22 characters of salt + 31 of hash. The password must be at
// most 72 bytes (Go's limit).
std::string bcrypt_hash(std::string_view password, int cost, std::string_view salt);

} // namespace airlock::sprig::data_detail
