#pragma once
// A move-only owner of a POSIX file descriptor. Reads and writes loop over
// EINTR and short transfers, so a call either moves every byte asked for (or
// reaches end of file, for reads) or throws Error(io) naming the path and the
// system's reason. Descriptors are opened O_CLOEXEC so child processes
// (skopeo, helm) never inherit them.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace airlock {

class File {
  public:
    File() = default;
    ~File();
    File(File&& other) noexcept;
    File& operator=(File&& other) noexcept;
    File(const File&) = delete;
    File& operator=(const File&) = delete;

    // Opens an existing file for reading. Throws Error(not_found) when it does
    // not exist, Error(io) for any other failure.
    static File open_read(const std::filesystem::path& path);
    // Opens an existing file for reading and writing in place (re-signing
    // rewrites a fixed slot of a bundle; a resumed download appends).
    static File open_read_write(const std::filesystem::path& path);
    // Creates the file, or truncates it when it exists. `mode` is applied
    // exactly (fchmod), not filtered by the umask.
    static File create(const std::filesystem::path& path, unsigned mode = 0644);
    // Creates the file and fails when it already exists.
    static File create_exclusive(const std::filesystem::path& path, unsigned mode = 0644);
    // Opens a directory (to open files beneath it with open_read_beneath).
    static File open_directory(const std::filesystem::path& path);
    // Opens `relative` ("blobs/sha256/<hex>") beneath the directory `dir` for
    // reading, one component at a time without following symbolic links, so
    // the result is a regular file that really lives inside `dir`. Refuses
    // absolute paths and empty, "." or ".." components (Error(io)); a missing
    // component is Error(not_found).
    static File open_read_beneath(const File& dir, std::string_view relative);
    // Takes ownership of an open descriptor (mkstemp and friends).
    static File adopt(int fd, std::filesystem::path path);

    bool is_open() const noexcept { return fd_ >= 0; }
    int fd() const noexcept { return fd_; }
    const std::filesystem::path& path() const noexcept { return path_; }

    // Reads up to buf.size() bytes at `offset`; returns fewer only at end of
    // file. Does not move the file position, so it is safe from several
    // threads at once on the same File.
    size_t read_at(std::span<std::byte> buf, std::uint64_t offset) const;
    // Reads exactly buf.size() bytes at `offset`; end of file first is Error(io).
    void read_exact_at(std::span<std::byte> buf, std::uint64_t offset) const;
    // Writes all of `data` at `offset`; does not move the file position.
    void write_at(std::span<const std::byte> data, std::uint64_t offset);
    void write_at(std::string_view data, std::uint64_t offset);
    // Writes all of `data` at the current file position and advances it.
    void write(std::span<const std::byte> data);
    void write(std::string_view data);

    std::uint64_t size() const;
    void truncate(std::uint64_t size);
    void fsync();
    // Closes now and reports a failed close (delayed write errors on some
    // file systems); the destructor closes silently.
    void close();

  private:
    File(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
    [[noreturn]] void fail_errno(std::string_view action) const;

    int fd_ = -1;
    std::filesystem::path path_;
};

// Whether a read holds key material: its buffer never reallocates and is
// wiped when the read fails (the caller wipes the result).
enum class FileContents { plain, secret };

// Reads a whole file (or pipe) into memory, refusing one larger than
// max_bytes (Error(io) naming the path). For the program's own documents
// (state, journal) that are parsed in memory.
std::string read_file(const std::filesystem::path& path, size_t max_bytes);
// The same for a file the user named by its role (`what`: "spec",
// "authfile", "private key"): "cannot read WHAT: <why, naming the path>",
// Error(spec) when it is larger than max_bytes (the wrong file, not a broken
// disk) and Error(io) for any other failure, a missing file included.
std::string read_named_file(const std::filesystem::path& path, std::string_view what,
                            size_t max_bytes, FileContents contents = FileContents::plain);

// Makes a directory entry change (create, rename, unlink) durable.
void fsync_directory(const std::filesystem::path& dir);

// "<path>: <strerror(err)>", the shape of every io error message.
std::string io_message(const std::filesystem::path& path, std::string_view action, int err);

} // namespace airlock
