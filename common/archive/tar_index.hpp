#pragma once
// Where each regular file of an uncompressed tar keeps its bytes, found by
// scanning the headers once (the data is skipped, not read), so any entry can
// then be read in place as a byte range of the tar: no extraction, constant
// memory, and concurrent reads through pread.
//
// Entry names are normalised ("./a//b" is "a/b"); an absolute name or one with
// a ".." component, a duplicate regular file, a sparse file or a compressed
// outer archive is refused with Error(spec). Symbolic and hard links are
// resolved inside the archive's own name space (never on disk): a link whose
// target leaves the archive root or is not a regular file is not an entry.
#include "common/io/file.hpp"
#include "common/layout/layout_files.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock {

class TarIndex {
  public:
    struct Entry {
        std::uint64_t offset = 0; // of the first data byte in the tar
        std::uint64_t size = 0;
    };

    // Throws Error(not_found) when the file does not exist, Error(spec) when it
    // is not a readable uncompressed tar (truncated, compressed, unsafe names).
    explicit TarIndex(const std::filesystem::path& tar);

    const std::filesystem::path& path() const noexcept { return file_->path(); }
    // The regular file `name` (normalised, links followed), or nullopt.
    std::optional<Entry> find(std::string_view name) const;
    // Like find, but Error(not_found) naming the entry and the archive.
    FileSlice open(std::string_view name) const;
    // Names of all regular files (not links), sorted.
    std::vector<std::string> file_names() const;

  private:
    std::optional<Entry> find_resolved(const std::string& name, int depth) const;

    std::shared_ptr<const File> file_;
    std::map<std::string, Entry, std::less<>> files_;
    // link name -> target name (normalised, relative to the archive root)
    std::map<std::string, std::string, std::less<>> links_;
};

// Normalises an archive-internal path: strips "./" and duplicate slashes.
// Returns nullopt for an absolute path, one with "..", or an empty one.
std::optional<std::string> normalise_entry_name(std::string_view name);

} // namespace airlock
