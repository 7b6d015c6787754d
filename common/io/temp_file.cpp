#include "common/io/temp_file.hpp"

#include "common/core/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace airlock {

namespace {

constexpr std::string_view temp_prefix = ".airlock-tmp-";
constexpr std::size_t max_tag_bytes = 200;

} // namespace

TempFile::TempFile(const std::filesystem::path& dir, unsigned mode) : TempFile(dir, mode, {}) {}

TempFile::TempFile(const std::filesystem::path& dir, unsigned mode, std::string_view tag) {
    if (tag.size() > max_tag_bytes || tag.find('/') != std::string_view::npos) {
        fail(ErrorCode::internal, "invalid temporary file tag '" + std::string(tag) + "'");
    }
    // A dot name keeps half-written files out of casual listings and globs.
    std::string leaf(temp_prefix);
    if (!tag.empty()) {
        leaf.append(tag).append("-");
    }
    std::string name = (dir / (leaf + "XXXXXX")).string();
    int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) {
        fail(ErrorCode::io, io_message(dir, "cannot create a temporary file in", errno));
    }
    file_ = File::adopt(fd, name);
    armed_ = true;
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
        int err = errno;
        discard(); // the destructor does not run when the constructor throws
        fail(ErrorCode::io, io_message(name, "cannot set permissions of", err));
    }
    // The lock dies with the process, whatever kills it.
    if (!tag.empty() && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int err = errno;
        discard();
        fail(ErrorCode::io, io_message(name, "cannot lock", err));
    }
}

TempFile::~TempFile() {
    discard();
}

TempFile::TempFile(TempFile&& other) noexcept
    : file_(std::move(other.file_)), armed_(other.armed_) {
    other.armed_ = false;
}

TempFile& TempFile::operator=(TempFile&& other) noexcept {
    if (this != &other) {
        discard();
        file_ = std::move(other.file_);
        armed_ = other.armed_;
        other.armed_ = false;
    }
    return *this;
}

void TempFile::commit(const std::filesystem::path& target) {
    move_into_place(target, true);
}

void TempFile::commit_new(const std::filesystem::path& target) {
    move_into_place(target, false);
}

void TempFile::move_into_place(const std::filesystem::path& target, bool replace) {
    if (!armed_) {
        fail(ErrorCode::internal,
             "temporary file for " + target.string() + " was already committed or discarded");
    }
    file_.fsync();
    file_.close();
    std::filesystem::path temp = file_.path();
    if (replace) {
        if (::rename(temp.c_str(), target.c_str()) != 0) {
            fail(ErrorCode::io,
                 io_message(target, "cannot rename " + temp.string() + " to", errno));
        }
    } else {
        int rc = ::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
            // link() refuses an existing target as atomically; the temporary
            // name is removed by discard below or the destructor.
            rc = ::link(temp.c_str(), target.c_str());
            if (rc == 0) {
                ::unlink(temp.c_str());
            }
        }
        if (rc != 0) {
            const int err = errno;
            if (err == EEXIST) {
                fail(ErrorCode::io, target.string() + " already exists; refusing to overwrite it");
            }
            fail(ErrorCode::io, io_message(target, "cannot rename " + temp.string() + " to", err));
        }
    }
    armed_ = false;
    std::filesystem::path target_dir = target.parent_path().empty() ? "." : target.parent_path();
    std::filesystem::path temp_dir = temp.parent_path().empty() ? "." : temp.parent_path();
    fsync_directory(target_dir);
    std::error_code ec;
    if (!std::filesystem::equivalent(target_dir, temp_dir, ec)) {
        fsync_directory(temp_dir);
    }
}

void TempFile::discard() noexcept {
    if (!armed_) {
        return;
    }
    armed_ = false;
    std::filesystem::path temp = file_.path();
    file_ = File();
    ::unlink(temp.c_str());
}

std::vector<std::filesystem::path> remove_stale_temp_files(const std::filesystem::path& dir,
                                                           std::string_view tag) {
    std::vector<std::filesystem::path> removed;
    const std::string prefix = std::string(temp_prefix) + std::string(tag) + "-";
    std::error_code ec;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
        return removed; // no folder yet: nothing was left in it
    }
    for (const auto& entry : it) {
        const std::string leaf = entry.path().filename().string();
        // mkostemp's suffix is exactly six characters.
        if (tag.empty() || !leaf.starts_with(prefix) || leaf.size() != prefix.size() + 6) {
            continue;
        }
        const int fd = ::open(entry.path().c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
        if (fd < 0) {
            continue; // gone meanwhile, or not a file of ours
        }
        File owner = File::adopt(fd, entry.path());
        struct stat st {};
        // The lock fails while the process that made the file still runs.
        if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            continue;
        }
        if (::unlink(entry.path().c_str()) != 0 && errno != ENOENT) {
            fail(ErrorCode::io, io_message(entry.path(), "cannot remove leftover", errno));
        }
        removed.push_back(entry.path());
    }
    return removed;
}

void write_file_atomic(const std::filesystem::path& path, std::string_view bytes, unsigned mode,
                       bool replace) {
    std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
    TempFile temp(dir, mode);
    temp.write(bytes);
    if (replace) {
        temp.commit(path);
    } else {
        temp.commit_new(path);
    }
}

} // namespace airlock
