#pragma once
// Signing keys: Ed25519 (libsodium does the math) and ECDSA P-256 with
// SHA-256 (OpenSSL, for FIPS sites). Keys travel as PEM that `openssl` reads
// and writes: PKCS#8 "PRIVATE KEY" and SubjectPublicKeyInfo "PUBLIC KEY".
// A key's id is the lowercase hex sha256 of its DER SubjectPublicKeyInfo.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace airlock::sign {

enum class KeyType { ed25519, ecdsa_p256 };

// "ed25519" or "ecdsa-p256", as on the command line and in JSON output.
std::string_view to_string(KeyType type);
// Throws Error(usage) naming the text for anything else.
KeyType parse_key_type(std::string_view text);

// Immutable and cheap to copy; safe to share between threads.
class PublicKey {
  public:
    // `origin` names where the text came from ("trust policy keys[0]") in errors.
    // Throws Error(spec) unless it is exactly one PEM "PUBLIC KEY" block holding
    // an Ed25519 or P-256 key.
    static PublicKey from_pem(std::string_view pem, std::string_view origin);
    // Throws Error(io) when the file cannot be read, Error(spec) naming it otherwise.
    static PublicKey load(const std::filesystem::path& file);

    KeyType type() const;
    const std::string& id() const;
    // DER SubjectPublicKeyInfo, as OpenSSL encodes it.
    const std::string& spki_der() const;
    std::string pem() const;

    // False for any signature that is not valid over `message` (including a
    // malformed or oversized one); never throws for bad signatures.
    bool verify(std::string_view message, std::string_view signature) const;

  private:
    struct Impl;
    explicit PublicKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
    friend struct KeyAccess;
};

// Move-only; secret bytes are wiped when the key is destroyed.
class PrivateKey {
  public:
    static PrivateKey generate(KeyType type);
    // Throws Error(spec) naming `origin` unless it is one unencrypted PEM
    // "PRIVATE KEY" (PKCS#8) block holding an Ed25519 or P-256 key.
    static PrivateKey from_pem(std::string_view pem, std::string_view origin);
    // As from_pem; Error(io) when the file cannot be read. Warns when the
    // file is readable by group or others.
    static PrivateKey load(const std::filesystem::path& file);

    PrivateKey(PrivateKey&&) noexcept;
    PrivateKey& operator=(PrivateKey&&) noexcept;
    PrivateKey(const PrivateKey&) = delete;
    PrivateKey& operator=(const PrivateKey&) = delete;
    ~PrivateKey();

    KeyType type() const;
    const std::string& id() const;
    const PublicKey& public_key() const;

    // Ed25519: 64 bytes. ECDSA: DER-encoded (r, s) over SHA-256 of `message`.
    std::string sign(std::string_view message) const;

    // PKCS#8 PEM. Holds the secret: prefer write_private_key over keeping it.
    std::string pem() const;

  private:
    struct Impl;
    explicit PrivateKey(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
    friend struct KeyAccess;
};

// Write key files atomically (temp file, fsync, rename, fsync of the folder):
// private keys with mode 0600, public keys 0644. An existing file is an
// Error(io) unless overwrite is set.
void write_private_key(const PrivateKey& key, const std::filesystem::path& file, bool overwrite);
void write_public_key(const PublicKey& key, const std::filesystem::path& file, bool overwrite);

} // namespace airlock::sign
