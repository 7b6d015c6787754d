#include "common/io/temp_file.hpp"

#include "common/core/error.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace airlock {

TempFile::TempFile(const std::filesystem::path& dir, unsigned mode) {
    // A dot name keeps half-written files out of casual listings and globs.
    std::string name = (dir / ".airlock-tmp-XXXXXX").string();
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
    if (!armed_) {
        fail(ErrorCode::internal,
             "temporary file for " + target.string() + " was already committed or discarded");
    }
    file_.fsync();
    file_.close();
    std::filesystem::path temp = file_.path();
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        fail(ErrorCode::io, io_message(target, "cannot rename " + temp.string() + " to", errno));
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

void write_file_atomic(const std::filesystem::path& path, std::string_view bytes, unsigned mode) {
    std::filesystem::path dir = path.parent_path().empty() ? "." : path.parent_path();
    TempFile temp(dir, mode);
    temp.write(bytes);
    temp.commit(path);
}

} // namespace airlock
