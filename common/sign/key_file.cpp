// Key files: the loaders and writers declared in keys.hpp. Reads go through
// common/io's bounded read, writes through write_file_atomic.
#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/io/temp_file.hpp"
#include "common/log/log.hpp"
#include "common/sign/keys.hpp"

#include <cstdio>
#include <openssl/crypto.h>
#include <sys/stat.h>

namespace airlock::sign {

namespace {

constexpr std::size_t max_key_file_bytes = 64 * 1024;

// Wipes a string that held key material on every exit path.
struct Wipe {
    std::string& s;
    ~Wipe() { OPENSSL_cleanse(s.data(), s.size()); }
};

} // namespace

PublicKey PublicKey::load(const std::filesystem::path& file) {
    const std::string text = read_named_file(file, "public key", max_key_file_bytes);
    return from_pem(text, "public key " + file.string());
}

PrivateKey PrivateKey::load(const std::filesystem::path& file) {
    std::string text =
        read_named_file(file, "private key", max_key_file_bytes, FileContents::secret);
    Wipe wipe{text};
    PrivateKey key = from_pem(text, "private key " + file.string());
    // Only a real key deserves the warning; a wrong file gets its own error.
    struct stat st {};
    if (::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        log::warn("private key " + file.string() + " is accessible to group or others (mode " +
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
