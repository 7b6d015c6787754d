#pragma once
// Partial writes are never visible: content is written to a temporary file in
// the destination folder and renamed into place only once complete and
// durable. A TempFile that is destroyed without commit() removes itself.
#include "common/io/file.hpp"

#include <filesystem>
#include <string_view>
#include <vector>

namespace airlock {

class TempFile {
  public:
    // Creates "<dir>/.airlock-tmp-XXXXXX" with permissions `mode` (exact, not
    // filtered by the umask). `dir` must exist; keep it on the same file
    // system as the commit target so the rename is atomic.
    explicit TempFile(const std::filesystem::path& dir, unsigned mode = 0644);
    // Creates "<dir>/.airlock-tmp-<tag>-XXXXXX" and holds an exclusive flock
    // on it for the object's lifetime, so that remove_stale_temp_files can
    // tell what a killed process left from what a live one is writing. `tag`
    // names what the file becomes (an output's file name); at most 200 bytes,
    // no '/'.
    TempFile(const std::filesystem::path& dir, unsigned mode, std::string_view tag);
    // Removes the file unless it was committed.
    ~TempFile();
    TempFile(TempFile&& other) noexcept;
    TempFile& operator=(TempFile&& other) noexcept;
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;

    File& file() noexcept { return file_; }
    const std::filesystem::path& path() const noexcept { return file_.path(); }

    void write(std::span<const std::byte> data) { file_.write(data); }
    void write(std::string_view data) { file_.write(data); }

    // fsync, close, rename over `target` (replacing it), fsync the target's
    // directory (and the temporary's, when different). After commit the
    // object owns nothing. Throws Error(io); on failure the temporary file is
    // still removed by the destructor.
    void commit(const std::filesystem::path& target);
    // As commit, but never replaces: an existing `target` is Error(io)
    // "TARGET already exists; refusing to overwrite it", checked atomically
    // with the move (renameat2 RENAME_NOREPLACE, or link where the file
    // system lacks it).
    void commit_new(const std::filesystem::path& target);
    // Removes the temporary file now.
    void discard() noexcept;

  private:
    void move_into_place(const std::filesystem::path& target, bool replace);

    File file_;
    bool armed_ = false; // true while the temporary file must be removed on destruction
};

// Removes "<dir>/.airlock-tmp-<tag>-XXXXXX" files (TempFile's tagged names)
// that no live process holds locked: what a killed process left behind. Files
// of other tags, untagged temporaries and anything a running process still
// writes are left alone. Returns the paths removed; a file that cannot be
// removed is an Error(io).
std::vector<std::filesystem::path> remove_stale_temp_files(const std::filesystem::path& dir,
                                                           std::string_view tag);

// Writes `path` atomically with `bytes` (TempFile in path's directory, then
// commit, or commit_new when `replace` is false). With mode 0600 the bytes are
// never readable by others, not even in the temporary file.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes,
                       unsigned mode = 0644, bool replace = true);

} // namespace airlock
