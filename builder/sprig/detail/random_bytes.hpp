#pragma once
// PRIVATE to builder/sprig: cryptographically random bytes (libsodium's
// randombytes_buf), for salts, keys, serial numbers, UUIDs and randInt.
#include <cstddef>
#include <cstdint>
#include <string>

namespace airlock::sprig::data_detail {

std::string random_bytes(std::size_t count);
// Uniform in [0, bound), bound > 0.
std::uint64_t random_below(std::uint64_t bound);

} // namespace airlock::sprig::data_detail
