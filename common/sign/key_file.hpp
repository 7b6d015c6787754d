#pragma once
// Small files that hold keys and policies: bounded reads, and atomic writes
// that never expose a partly written or wrongly permissioned file.
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

namespace airlock::sign {

// The whole file. Throws Error(io) when it cannot be read and Error(spec)
// naming it when it is larger than max_bytes (the read stops there).
std::string read_small_file(const std::filesystem::path& file, std::size_t max_bytes,
                            std::string_view what);

// Writes `bytes` to a temporary file beside `file` created with `mode`
// (umask does not apply), fsyncs it, moves it into place and fsyncs the
// folder. Without overwrite an existing `file` is left alone and the call
// throws Error(io); the check and the move are one atomic step.
void write_file_atomically(const std::filesystem::path& file, std::string_view bytes, mode_t mode,
                           bool overwrite);

} // namespace airlock::sign
