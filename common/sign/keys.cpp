#include "common/sign/keys.hpp"

#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "common/runtime/sodium_ready.hpp"
#include "common/sign/openssl_handles.hpp"

#include <array>
#include <openssl/pem.h>
#include <sodium.h>

namespace airlock::sign {

using namespace sign_detail;
using runtime::ensure_sodium;

namespace {

// Key files are a few hundred bytes; anything larger is not a key.
constexpr std::size_t max_pem_bytes = 64 * 1024;
constexpr std::size_t ed25519_public_size = crypto_sign_PUBLICKEYBYTES;
constexpr std::size_t ed25519_secret_size = crypto_sign_SECRETKEYBYTES;
constexpr std::size_t ed25519_seed_size = crypto_sign_SEEDBYTES;
constexpr std::size_t ed25519_signature_size = crypto_sign_BYTES;

const unsigned char* bytes_of(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

std::string spki_der_of(EVP_PKEY* pkey) {
    OpensslBuffer der;
    const int len = i2d_PUBKEY(pkey, &der.data);
    if (len <= 0) {
        fail(ErrorCode::internal, "cannot encode a public key: " + take_openssl_error());
    }
    der.size = len;
    return std::string(reinterpret_cast<const char*>(der.data), static_cast<std::size_t>(len));
}

KeyType type_of(EVP_PKEY* pkey, const std::string& origin) {
    const int id = EVP_PKEY_get_base_id(pkey);
    if (id == EVP_PKEY_ED25519) {
        return KeyType::ed25519;
    }
    if (id == EVP_PKEY_EC) {
        std::array<char, 64> group{};
        std::size_t len = 0;
        if (EVP_PKEY_get_group_name(pkey, group.data(), group.size(), &len) == 1) {
            const std::string_view name(group.data(), len);
            if (name == "prime256v1" || name == "P-256") {
                return KeyType::ecdsa_p256;
            }
        }
        ERR_clear_error();
        fail(ErrorCode::spec,
             origin + ": ECDSA key is not on the named curve P-256, the only one supported");
    }
    const char* name = EVP_PKEY_get0_type_name(pkey);
    fail(ErrorCode::spec, origin + ": unsupported key algorithm " +
                              std::string(name != nullptr ? name : "(unknown)") +
                              "; expected Ed25519 or ECDSA P-256");
}

struct PemBlock {
    std::string label;
    OpensslBuffer der;
    bool has_headers = false;
};

// Reads the one PEM block of `text`; text outside it (comments) is allowed,
// as openssl allows it, but a second block makes the file ambiguous.
void read_single_pem(std::string_view text, const std::string& origin, std::string_view expected,
                     bool secret, PemBlock& block) {
    if (text.size() > max_pem_bytes) {
        fail(ErrorCode::spec, origin + ": larger than 64 KiB, not a key");
    }
    BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
    if (!bio) {
        fail(ErrorCode::internal, "cannot allocate an OpenSSL buffer");
    }
    OpensslString name;
    OpensslString header;
    block.der.secret = secret;
    if (PEM_read_bio(bio.get(), &name.data, &header.data, &block.der.data, &block.der.size) != 1) {
        ERR_clear_error();
        fail(ErrorCode::spec,
             origin + ": not PEM (expected a -----BEGIN " + std::string(expected) + "----- block)");
    }
    block.label = name.data;
    block.has_headers = header.data != nullptr && header.data[0] != '\0';
    OpensslString name2;
    OpensslString header2;
    OpensslBuffer der2;
    der2.secret = secret;
    if (PEM_read_bio(bio.get(), &name2.data, &header2.data, &der2.data, &der2.size) == 1) {
        fail(ErrorCode::spec,
             origin + ": holds more than one PEM block; expected one " + std::string(expected));
    }
    ERR_clear_error();
}

} // namespace

struct PublicKey::Impl {
    KeyType type = KeyType::ed25519;
    EvpPkeyPtr pkey;
    std::array<unsigned char, ed25519_public_size> ed25519{};
    std::string der;
    std::string id;
};

struct PrivateKey::Impl {
    KeyType type = KeyType::ed25519;
    EvpPkeyPtr pkey;
    // libsodium's secret key: seed followed by the public key.
    std::array<unsigned char, ed25519_secret_size> ed25519{};
    PublicKey public_key;

    Impl(KeyType t, EvpPkeyPtr p, PublicKey pub)
        : type(t), pkey(std::move(p)), public_key(std::move(pub)) {}
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() { sodium_memzero(ed25519.data(), ed25519.size()); }
};

// Builds keys from OpenSSL objects; a friend of both key classes so the
// helpers above need not be members.
struct KeyAccess {
    // `der` must be a DER SubjectPublicKeyInfo. Refuses encodings OpenSSL
    // would not reproduce, so a key has exactly one id.
    static PublicKey public_from_der(std::string_view der, const std::string& origin) {
        const unsigned char* p = bytes_of(der);
        EvpPkeyPtr pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
        if (!pkey) {
            fail(ErrorCode::spec, origin + ": malformed public key: " + take_openssl_error());
        }
        if (p != bytes_of(der) + der.size()) {
            fail(ErrorCode::spec, origin + ": trailing bytes after the public key");
        }
        auto impl = std::make_shared<PublicKey::Impl>();
        impl->type = type_of(pkey.get(), origin);
        impl->der = spki_der_of(pkey.get());
        if (impl->der != der) {
            fail(ErrorCode::spec, origin + ": public key is not in canonical DER form; re-export "
                                           "it with 'openssl pkey -pubin -in FILE -pubout'");
        }
        if (impl->type == KeyType::ed25519) {
            std::size_t len = impl->ed25519.size();
            if (EVP_PKEY_get_raw_public_key(pkey.get(), impl->ed25519.data(), &len) != 1 ||
                len != impl->ed25519.size()) {
                fail(ErrorCode::spec, origin + ": malformed Ed25519 public key");
            }
        }
        impl->id = Digest::of(impl->der).hex();
        impl->pkey = std::move(pkey);
        return PublicKey(std::move(impl));
    }

    static PrivateKey private_from_pkey(EvpPkeyPtr pkey, const std::string& origin) {
        const KeyType type = type_of(pkey.get(), origin);
        PublicKey pub = public_from_der(spki_der_of(pkey.get()), origin);
        if (type == KeyType::ecdsa_p256) {
            // PKCS#8 may carry a public point that does not belong to the
            // scalar; signatures would then never verify under the key id.
            EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
            if (!ctx || EVP_PKEY_pairwise_check(ctx.get()) != 1) {
                ERR_clear_error();
                fail(ErrorCode::spec,
                     origin + ": the private and public halves of the ECDSA key do not match");
            }
        }
        auto impl = std::make_unique<PrivateKey::Impl>(type, std::move(pkey), std::move(pub));
        if (type == KeyType::ed25519) {
            ensure_sodium();
            std::array<unsigned char, ed25519_seed_size> seed{};
            std::size_t len = seed.size();
            const bool ok =
                EVP_PKEY_get_raw_private_key(impl->pkey.get(), seed.data(), &len) == 1 &&
                len == seed.size();
            std::array<unsigned char, ed25519_public_size> derived{};
            if (ok) {
                crypto_sign_seed_keypair(derived.data(), impl->ed25519.data(), seed.data());
            }
            sodium_memzero(seed.data(), seed.size());
            if (!ok) {
                ERR_clear_error();
                fail(ErrorCode::spec, origin + ": malformed Ed25519 private key");
            }
            // OpenSSL and libsodium must derive the same public key from the
            // seed, or signatures would not verify under the published key.
            if (derived != impl->public_key.impl_->ed25519) {
                fail(ErrorCode::internal, "Ed25519 public key derivation differs between OpenSSL "
                                          "and libsodium");
            }
        }
        return PrivateKey(std::move(impl));
    }
};

std::string_view to_string(KeyType type) {
    switch (type) {
    case KeyType::ed25519:
        return "ed25519";
    case KeyType::ecdsa_p256:
        return "ecdsa-p256";
    }
    return "unknown";
}

KeyType parse_key_type(std::string_view text) {
    if (text == "ed25519") {
        return KeyType::ed25519;
    }
    if (text == "ecdsa-p256") {
        return KeyType::ecdsa_p256;
    }
    fail(ErrorCode::usage, "unknown key type '" + std::string(text.substr(0, 64)) +
                               "': expected ed25519 or ecdsa-p256");
}

// ---- PublicKey ----

PublicKey PublicKey::from_pem(std::string_view pem, std::string_view origin) {
    const std::string where(origin);
    PemBlock block;
    read_single_pem(pem, where, "PUBLIC KEY", false, block);
    if (block.label != "PUBLIC KEY") {
        fail(ErrorCode::spec, where + ": holds a PEM '" + block.label.substr(0, 40) +
                                  "' block; expected a PUBLIC KEY (SubjectPublicKeyInfo)");
    }
    if (block.has_headers) {
        fail(ErrorCode::spec, where + ": unexpected PEM headers in a PUBLIC KEY block");
    }
    return KeyAccess::public_from_der(
        std::string_view(reinterpret_cast<const char*>(block.der.data),
                         static_cast<std::size_t>(block.der.size)),
        where);
}

KeyType PublicKey::type() const {
    return impl_->type;
}
const std::string& PublicKey::id() const {
    return impl_->id;
}
const std::string& PublicKey::spki_der() const {
    return impl_->der;
}

std::string PublicKey::pem() const {
    return public_key_pem(impl_->pkey.get());
}

bool PublicKey::verify(std::string_view message, std::string_view signature) const {
    if (impl_->type == KeyType::ed25519) {
        ensure_sodium();
        return signature.size() == ed25519_signature_size &&
               crypto_sign_verify_detached(bytes_of(signature), bytes_of(message), message.size(),
                                           impl_->ed25519.data()) == 0;
    }
    // EVP_PKEY_get_size is the longest DER signature the key can produce.
    const int max_size = EVP_PKEY_get_size(impl_->pkey.get());
    if (signature.empty() || max_size <= 0 ||
        signature.size() > static_cast<std::size_t>(max_size)) {
        return false;
    }
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    const bool ok =
        ctx &&
        EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, impl_->pkey.get()) == 1 &&
        EVP_DigestVerify(ctx.get(), bytes_of(signature), signature.size(), bytes_of(message),
                         message.size()) == 1;
    // A bad signature queues a decoding error; it is an answer, not a failure.
    ERR_clear_error();
    return ok;
}

// ---- PrivateKey ----

PrivateKey::PrivateKey(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PrivateKey::PrivateKey(PrivateKey&&) noexcept = default;
PrivateKey& PrivateKey::operator=(PrivateKey&&) noexcept = default;
PrivateKey::~PrivateKey() = default;

PrivateKey PrivateKey::generate(KeyType type) {
    if (type == KeyType::ed25519) {
        ensure_sodium();
        std::array<unsigned char, ed25519_public_size> pk{};
        std::array<unsigned char, ed25519_secret_size> sk{};
        crypto_sign_keypair(pk.data(), sk.data());
        // OpenSSL holds the same key only to write PKCS#8; the seed is the
        // first half of libsodium's secret key.
        EvpPkeyPtr pkey(
            EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, sk.data(), ed25519_seed_size));
        sodium_memzero(sk.data(), sk.size());
        if (!pkey) {
            fail(ErrorCode::internal, "cannot create an Ed25519 key: " + take_openssl_error());
        }
        return KeyAccess::private_from_pkey(std::move(pkey), "generated key");
    }
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
        EVP_PKEY_CTX_set_group_name(ctx.get(), "P-256") != 1 ||
        EVP_PKEY_generate(ctx.get(), &raw) != 1) {
        fail(ErrorCode::internal, "cannot generate a P-256 key: " + take_openssl_error());
    }
    return KeyAccess::private_from_pkey(EvpPkeyPtr(raw), "generated key");
}

PrivateKey PrivateKey::from_pem(std::string_view pem, std::string_view origin) {
    const std::string where(origin);
    PemBlock block;
    read_single_pem(pem, where, "PRIVATE KEY", true, block);
    if (block.label == "ENCRYPTED PRIVATE KEY" || block.has_headers) {
        fail(ErrorCode::spec, where + ": private key is encrypted; airlock needs an unencrypted "
                                      "PKCS#8 key (keep it on protected storage instead)");
    }
    if (block.label == "PUBLIC KEY") {
        fail(ErrorCode::spec, where + ": is a public key; expected a PRIVATE KEY");
    }
    if (block.label != "PRIVATE KEY") {
        fail(ErrorCode::spec,
             where + ": holds a PEM '" + block.label.substr(0, 40) +
                 "' block; expected an unencrypted PKCS#8 PRIVATE KEY (convert with 'openssl "
                 "pkcs8 -topk8 -nocrypt')");
    }
    const unsigned char* p = block.der.data;
    Pkcs8Ptr info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, block.der.size));
    if (!info || p != block.der.data + block.der.size) {
        ERR_clear_error();
        fail(ErrorCode::spec, where + ": malformed PKCS#8 private key");
    }
    EvpPkeyPtr pkey(EVP_PKCS82PKEY(info.get()));
    if (!pkey) {
        fail(ErrorCode::spec,
             where + ": unsupported or malformed private key: " + take_openssl_error());
    }
    return KeyAccess::private_from_pkey(std::move(pkey), where);
}

KeyType PrivateKey::type() const {
    return impl_->type;
}
const std::string& PrivateKey::id() const {
    return impl_->public_key.id();
}
const PublicKey& PrivateKey::public_key() const {
    return impl_->public_key;
}

std::string PrivateKey::sign(std::string_view message) const {
    if (impl_->type == KeyType::ed25519) {
        ensure_sodium();
        std::string signature(ed25519_signature_size, '\0');
        crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data()), nullptr,
                             bytes_of(message), message.size(), impl_->ed25519.data());
        return signature;
    }
    const int max_size = EVP_PKEY_get_size(impl_->pkey.get());
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    std::string signature(max_size > 0 ? static_cast<std::size_t>(max_size) : 0, '\0');
    std::size_t len = signature.size();
    if (max_size <= 0 || !ctx ||
        EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, impl_->pkey.get()) != 1 ||
        EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &len,
                       bytes_of(message), message.size()) != 1) {
        fail(ErrorCode::internal, "ECDSA signing failed: " + take_openssl_error());
    }
    signature.resize(len);
    return signature;
}

std::string PrivateKey::pem() const {
    // Secure-heap buffer: OpenSSL wipes it when the BIO is freed.
    BioPtr bio(BIO_new(BIO_s_secmem()));
    if (!bio || PEM_write_bio_PKCS8PrivateKey(bio.get(), impl_->pkey.get(), nullptr, nullptr, 0,
                                              nullptr, nullptr) != 1) {
        fail(ErrorCode::internal, "cannot encode a private key as PEM: " + take_openssl_error());
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

} // namespace airlock::sign
