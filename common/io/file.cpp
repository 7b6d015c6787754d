#include "common/io/file.hpp"

#include "common/core/error.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace airlock {

namespace {

// Linux caps one transfer at about 2 GiB; smaller chunks also keep a single
// call from looking hung on slow media.
constexpr size_t max_chunk = 64 * 1024 * 1024;

int open_or_fail(const std::filesystem::path& path, int flags, unsigned mode) {
    for (;;) {
        int fd = ::open(path.c_str(), flags | O_CLOEXEC, static_cast<mode_t>(mode));
        if (fd >= 0) {
            return fd;
        }
        int err = errno;
        if (err == EINTR) {
            continue;
        }
        fail(err == ENOENT ? ErrorCode::not_found : ErrorCode::io,
             io_message(path, "cannot open", err));
    }
}

} // namespace

std::string io_message(const std::filesystem::path& path, std::string_view action, int err) {
    return std::string(action) + " " + path.string() + ": " + std::strerror(err);
}

File::~File() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

File::File(File&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
    other.fd_ = -1;
}

File& File::operator=(File&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = other.fd_;
        path_ = std::move(other.path_);
        other.fd_ = -1;
    }
    return *this;
}

File File::open_read(const std::filesystem::path& path) {
    return File(open_or_fail(path, O_RDONLY, 0), path);
}

File File::open_read_write(const std::filesystem::path& path) {
    return File(open_or_fail(path, O_RDWR, 0), path);
}

File File::create(const std::filesystem::path& path, unsigned mode) {
    File f(open_or_fail(path, O_RDWR | O_CREAT | O_TRUNC, mode), path);
    if (::fchmod(f.fd_, static_cast<mode_t>(mode)) != 0) {
        f.fail_errno("cannot set permissions of");
    }
    return f;
}

File File::create_exclusive(const std::filesystem::path& path, unsigned mode) {
    File f(open_or_fail(path, O_RDWR | O_CREAT | O_EXCL, mode), path);
    if (::fchmod(f.fd_, static_cast<mode_t>(mode)) != 0) {
        f.fail_errno("cannot set permissions of");
    }
    return f;
}

File File::open_directory(const std::filesystem::path& path) {
    return File(open_or_fail(path, O_RDONLY | O_DIRECTORY, 0), path);
}

File File::open_read_beneath(const File& dir, std::string_view relative) {
    auto refuse = [&](std::string_view why) {
        fail(ErrorCode::io, "refusing path '" + std::string(relative) + "' beneath " +
                                dir.path_.string() + ": " + std::string(why));
    };
    if (relative.empty() || relative.front() == '/') {
        refuse("not a relative path");
    }
    File current;
    size_t start = 0;
    for (;;) {
        size_t slash = relative.find('/', start);
        bool last = slash == std::string_view::npos;
        size_t end = last ? relative.size() : slash;
        std::string part(relative.substr(start, end - start));
        if (part.empty() || part == "." || part == "..") {
            refuse("empty, '.' or '..' component");
        }
        std::filesystem::path where = dir.path_ / relative.substr(0, end);
        // O_NONBLOCK keeps a FIFO planted in the tree from blocking the open;
        // it changes nothing for regular files.
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (last ? O_NONBLOCK : O_DIRECTORY);
        int at = current.is_open() ? current.fd_ : dir.fd_;
        int fd = -1;
        do {
            fd = ::openat(at, part.c_str(), flags);
        } while (fd < 0 && errno == EINTR);
        if (fd < 0) {
            int err = errno;
            if (err == ELOOP || err == ENOTDIR) {
                fail(ErrorCode::io, "cannot open " + where.string() +
                                        ": a symbolic link or not a directory (links are not "
                                        "followed)");
            }
            fail(err == ENOENT ? ErrorCode::not_found : ErrorCode::io,
                 io_message(where, "cannot open", err));
        }
        // Replacing `current` closes the parent, which the child no longer needs.
        current = File(fd, where);
        if (last) {
            break;
        }
        start = slash + 1;
    }
    struct stat st {};
    if (::fstat(current.fd_, &st) != 0) {
        current.fail_errno("cannot stat");
    }
    if (!S_ISREG(st.st_mode)) {
        fail(ErrorCode::io, "cannot read " + current.path_.string() + ": not a regular file");
    }
    return current;
}

File File::adopt(int fd, std::filesystem::path path) {
    return File(fd, std::move(path));
}

void File::fail_errno(std::string_view action) const {
    fail(ErrorCode::io, io_message(path_, action, errno));
}

size_t File::read_at(std::span<std::byte> buf, std::uint64_t offset) const {
    size_t done = 0;
    while (done < buf.size()) {
        size_t want = std::min(buf.size() - done, max_chunk);
        ssize_t n = ::pread(fd_, buf.data() + done, want, static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail_errno("cannot read");
        }
        if (n == 0) {
            break;
        }
        done += static_cast<size_t>(n);
    }
    return done;
}

void File::read_exact_at(std::span<std::byte> buf, std::uint64_t offset) const {
    size_t n = read_at(buf, offset);
    if (n != buf.size()) {
        fail(ErrorCode::io, "unexpected end of file " + path_.string() + " at offset " +
                                std::to_string(offset + n) + " (wanted " +
                                std::to_string(buf.size()) + " bytes at " + std::to_string(offset) +
                                ")");
    }
}

void File::write_at(std::span<const std::byte> data, std::uint64_t offset) {
    size_t done = 0;
    while (done < data.size()) {
        size_t want = std::min(data.size() - done, max_chunk);
        ssize_t n = ::pwrite(fd_, data.data() + done, want, static_cast<off_t>(offset + done));
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail_errno("cannot write");
        }
        done += static_cast<size_t>(n);
    }
}

void File::write_at(std::string_view data, std::uint64_t offset) {
    write_at(std::as_bytes(std::span(data.data(), data.size())), offset);
}

void File::write(std::span<const std::byte> data) {
    size_t done = 0;
    while (done < data.size()) {
        size_t want = std::min(data.size() - done, max_chunk);
        ssize_t n = ::write(fd_, data.data() + done, want);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            fail_errno("cannot write");
        }
        done += static_cast<size_t>(n);
    }
}

void File::write(std::string_view data) {
    write(std::as_bytes(std::span(data.data(), data.size())));
}

std::uint64_t File::size() const {
    struct stat st {};
    if (::fstat(fd_, &st) != 0) {
        fail_errno("cannot stat");
    }
    return static_cast<std::uint64_t>(st.st_size);
}

void File::truncate(std::uint64_t size) {
    while (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
        if (errno != EINTR) {
            fail_errno("cannot truncate");
        }
    }
}

void File::fsync() {
    while (::fsync(fd_) != 0) {
        if (errno != EINTR) {
            fail_errno("cannot fsync");
        }
    }
}

void File::close() {
    if (fd_ < 0) {
        return;
    }
    int fd = fd_;
    fd_ = -1;
    // No retry on EINTR: Linux has already released the descriptor.
    if (::close(fd) != 0 && errno != EINTR) {
        fail_errno("cannot close");
    }
}

namespace {

// Reads to end of file rather than to the size fstat reports, so pipes
// (`--key <(vault read ...)`) work as well as regular files. A secret's
// buffer is sized for the limit up front: it never reallocates, which would
// leave copies of key material in freed memory, and is wiped on failure.
std::string read_bounded(const std::filesystem::path& path, size_t max_bytes, FileContents contents,
                         ErrorCode too_large) {
    const File f = File::open_read(path);
    std::string out;
    const size_t capacity =
        contents == FileContents::secret
            ? max_bytes + 1
            : static_cast<size_t>(std::min<std::uint64_t>(f.size(), max_bytes)) + 1;
    out.resize(capacity);
    size_t used = 0;
    auto wipe_and_fail = [&](ErrorCode code, const std::string& message) {
        if (contents == FileContents::secret) {
            explicit_bzero(out.data(), out.size());
        }
        fail(code, message);
    };
    for (;;) {
        if (used == out.size()) {
            if (used > max_bytes) {
                wipe_and_fail(too_large, "file " + path.string() + " is more than the " +
                                             std::to_string(max_bytes) + " byte limit");
            }
            out.resize(std::min(out.size() * 2, max_bytes + 1));
        }
        const ssize_t n = ::read(f.fd(), out.data() + used, out.size() - used);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            wipe_and_fail(ErrorCode::io, io_message(path, "cannot read", errno));
        }
        if (n == 0) {
            break;
        }
        used += static_cast<size_t>(n);
    }
    if (used > max_bytes) {
        wipe_and_fail(too_large, "file " + path.string() + " is more than the " +
                                     std::to_string(max_bytes) + " byte limit");
    }
    if (contents == FileContents::secret) {
        explicit_bzero(out.data() + used, out.size() - used);
    }
    out.resize(used);
    return out;
}

} // namespace

std::string read_file(const std::filesystem::path& path, size_t max_bytes) {
    return read_bounded(path, max_bytes, FileContents::plain, ErrorCode::io);
}

std::string read_named_file(const std::filesystem::path& path, std::string_view what,
                            size_t max_bytes, FileContents contents) {
    try {
        return read_bounded(path, max_bytes, contents, ErrorCode::spec);
    } catch (const Error& e) {
        fail(e.code() == ErrorCode::spec ? ErrorCode::spec : ErrorCode::io,
             "cannot read " + std::string(what) + ": " + e.what());
    }
}

void fsync_directory(const std::filesystem::path& dir) {
    File d = File::adopt(open_or_fail(dir, O_RDONLY | O_DIRECTORY, 0), dir);
    d.fsync();
}

} // namespace airlock
