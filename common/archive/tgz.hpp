#pragma once
// Small gzip-compressed tar archives held in memory, the form of a packaged
// Helm chart. Writing is deterministic: the same files in the same order
// always give the same bytes (fixed owner, mode and mtime, no gzip time stamp
// or file name), so a chart packaged twice has one digest. Reading treats the
// archive as hostile: sizes and entry counts are capped, and only plain
// regular files with safe relative names are accepted.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace airlock {

struct TgzFile {
    std::string name; // relative, '/'-separated, no "." or ".." components
    std::string data;
};

// Writes `files` in the given order as regular files, mode 0644, owner and
// group 0 with no names, modification time `mtime` (seconds since the epoch),
// and no directory entries. Names longer than ustar allows get pax headers.
std::string write_tgz(const std::vector<TgzFile>& files, std::int64_t mtime);

struct TgzLimits {
    std::uint64_t max_compressed_bytes = 20 * 1024 * 1024;
    std::uint64_t max_total_bytes = 100 * 1024 * 1024; // all files, uncompressed
    std::uint64_t max_file_bytes = 20 * 1024 * 1024;
    std::size_t max_entries = 20'000; // directories included
};

// Every regular file of a gzip-compressed tar, in archive order, names
// normalised ("./a//b" is "a/b"). Directory entries are skipped. Refuses with
// Error(spec) naming `what`: data that is not a gzip'd tar, absolute names or
// ".." components, links and special files, a file that appears twice, and
// anything beyond `limits`.
std::vector<TgzFile> read_tgz(std::string_view bytes, const std::string& what,
                              const TgzLimits& limits = {});

} // namespace airlock
