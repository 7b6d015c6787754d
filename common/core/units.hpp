#pragma once
#include <cstdint>
#include <string_view>

namespace airlock {

// "4GiB", "700MiB", "512KiB", "1GB", "1000000" (bytes). Error(usage) naming the text otherwise.
std::uint64_t parse_size(std::string_view text);

} // namespace airlock
