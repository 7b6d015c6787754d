#include "common/sign/key_file.hpp"

#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/io/temp_file.hpp"
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
    const int raw_fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (raw_fd < 0) {
        const int err = errno;
        fail(ErrorCode::io,
             "cannot open " + std::string(what) + " " + display(file) + ": " + errno_text(err));
    }
    const File fd = File::adopt(raw_fd, file);
    std::string out;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::read(fd.fd(), buffer, sizeof buffer);
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
    write_file_atomic(file, pem, 0600, overwrite);
}

void write_public_key(const PublicKey& key, const std::filesystem::path& file, bool overwrite) {
    write_file_atomic(file, key.pem(), 0644, overwrite);
}

} // namespace airlock::sign
