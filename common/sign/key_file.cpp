#include "common/sign/key_file.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/sign/keys.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <sys/stat.h>
#include <unistd.h>

namespace airlock::sign {

namespace {

constexpr std::size_t max_key_file_bytes = 64 * 1024;

std::string errno_text(int err) {
    return std::strerror(err);
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    int get() const { return fd_; }
    // Close and report the error; close can be the call that reports a
    // failed write on some file systems.
    int close() {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }

  private:
    int fd_;
};

// Wipes a string that held key material on every exit path.
struct Wipe {
    std::string& s;
    ~Wipe() { OPENSSL_cleanse(s.data(), s.size()); }
};

std::string display(const std::filesystem::path& p) {
    return p.string();
}

} // namespace

std::string read_small_file(const std::filesystem::path& file, std::size_t max_bytes,
                            std::string_view what) {
    Fd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        const int err = errno;
        fail(ErrorCode::io,
             "cannot open " + std::string(what) + " " + display(file) + ": " + errno_text(err));
    }
    std::string out;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            const int err = errno;
            OPENSSL_cleanse(buffer, sizeof buffer);
            fail(ErrorCode::io,
                 "cannot read " + std::string(what) + " " + display(file) + ": " + errno_text(err));
        }
        if (n == 0) {
            break;
        }
        if (out.size() + static_cast<std::size_t>(n) > max_bytes) {
            OPENSSL_cleanse(buffer, sizeof buffer);
            OPENSSL_cleanse(out.data(), out.size());
            fail(ErrorCode::spec, std::string(what) + " " + display(file) + " is larger than " +
                                      std::to_string(max_bytes) + " bytes");
        }
        out.append(buffer, static_cast<std::size_t>(n));
    }
    OPENSSL_cleanse(buffer, sizeof buffer);
    return out;
}

void write_file_atomically(const std::filesystem::path& file, std::string_view bytes, mode_t mode,
                           bool overwrite) {
    const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
    std::string temp = (dir / ("." + file.filename().string() + ".tmp-XXXXXX")).string();
    // mkstemp creates the file 0600, so a secret is never readable by others,
    // even before fchmod.
    Fd fd(::mkstemp(temp.data()));
    if (fd.get() < 0) {
        const int err = errno;
        fail(ErrorCode::io,
             "cannot create a temporary file in " + display(dir) + ": " + errno_text(err));
    }
    auto fail_and_clean = [&](const std::string& action, int err) {
        ::unlink(temp.c_str());
        fail(ErrorCode::io, "cannot " + action + " " + display(file) + ": " + errno_text(err));
    };
    if (::fchmod(fd.get(), mode) != 0) {
        fail_and_clean("set permissions of", errno);
    }
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd.get(), bytes.data() + written, bytes.size() - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            fail_and_clean("write", errno);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(fd.get()) != 0) {
        fail_and_clean("flush", errno);
    }
    if (fd.close() != 0) {
        fail_and_clean("write", errno);
    }
    if (overwrite) {
        if (::rename(temp.c_str(), file.c_str()) != 0) {
            fail_and_clean("move into place", errno);
        }
    } else {
        // RENAME_NOREPLACE refuses an existing target atomically; where the
        // file system cannot do that, link() gives the same guarantee.
        int rc = ::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, file.c_str(), RENAME_NOREPLACE);
        if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
            rc = ::link(temp.c_str(), file.c_str());
            if (rc == 0) {
                ::unlink(temp.c_str());
            }
        }
        if (rc != 0) {
            const int err = errno;
            ::unlink(temp.c_str());
            if (err == EEXIST) {
                fail(ErrorCode::io, display(file) + " already exists; refusing to overwrite it");
            }
            fail(ErrorCode::io, "cannot move into place " + display(file) + ": " + errno_text(err));
        }
    }
    Fd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir_fd.get() < 0 || ::fsync(dir_fd.get()) != 0) {
        const int err = errno;
        fail(ErrorCode::io, "cannot flush folder " + display(dir) + ": " + errno_text(err));
    }
}

// ---- key files (declared in keys.hpp) ----

PublicKey PublicKey::load(const std::filesystem::path& file) {
    const std::string text = read_small_file(file, max_key_file_bytes, "public key");
    return from_pem(text, "public key " + display(file));
}

PrivateKey PrivateKey::load(const std::filesystem::path& file) {
    std::string text = read_small_file(file, max_key_file_bytes, "private key");
    Wipe wipe{text};
    PrivateKey key = from_pem(text, "private key " + display(file));
    // Only a real key deserves the warning; a wrong file gets its own error.
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        log::warn("private key " + display(file) + " is accessible to group or others (mode " +
                  mode + "); restrict it with chmod 600");
    }
    return key;
}

void write_private_key(const PrivateKey& key, const std::filesystem::path& file, bool overwrite) {
    std::string pem = key.pem();
    Wipe wipe{pem};
    write_file_atomically(file, pem, 0600, overwrite);
}

void write_public_key(const PublicKey& key, const std::filesystem::path& file, bool overwrite) {
    write_file_atomically(file, key.pem(), 0644, overwrite);
}

} // namespace airlock::sign
