#pragma once
// Small files that hold keys and policies: a bounded read that wipes what it
// buffered. Writes go through common/io's write_file_atomic.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace airlock::sign {

// The whole file. Throws Error(io) when it cannot be read and Error(spec)
// naming it when it is larger than max_bytes (the read stops there).
std::string read_small_file(const std::filesystem::path& file, std::size_t max_bytes,
                            std::string_view what);

} // namespace airlock::sign
