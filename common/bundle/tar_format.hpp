#pragma once
// The bundle's tar framing. The bundle is written with headers airlock makes
// itself (rather than through libarchive's streaming writer) because every
// entry's offset must be known before any payload is fetched: blobs are then
// written in parallel straight to their final place, and a reader can check
// volume sizes from the BOM alone.
#include <cstdint>
#include <string>

namespace airlock::tar {

inline constexpr std::uint64_t block = 512;

// Sizes at or above this need a pax size record (ustar's 11 octal digits).
inline constexpr std::uint64_t ustar_max_size = 077777777777ULL;

inline std::uint64_t padded(std::uint64_t size) {
    return (size + block - 1) / block * block;
}

// The header bytes (one ustar block, preceded by a pax extended header for
// large sizes) for a regular file `name` of `size` bytes, mode 0644, owner 0,
// mtime 0: the same entry always gets the same bytes.
std::string regular_file_header(const std::string& name, std::uint64_t size);

// Length of regular_file_header(name, size) without building it.
std::uint64_t header_length(const std::string& name, std::uint64_t size);

// The end-of-archive marker: two zero blocks.
inline constexpr std::uint64_t trailer_length = 2 * block;

} // namespace airlock::tar
