#include "common/sign/verifying_key.hpp"

#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "common/sign/detail/upstream_bytes.hpp"
#include "common/sign/openssl_handles.hpp"

#include <array>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace airlock::sign {

using namespace sign_detail;

namespace {

constexpr int min_rsa_bits = 2048;
// RSA keys past 8192 bits cost seconds to verify with and are not in use.
constexpr int max_rsa_bits = 8192;

const EVP_MD* evp_md_of(HashAlgorithm hash) {
    switch (hash) {
    case HashAlgorithm::sha256:
        return EVP_sha256();
    case HashAlgorithm::sha384:
        return EVP_sha384();
    case HashAlgorithm::sha512:
        return EVP_sha512();
    }
    return EVP_sha256();
}

VerifyingKeyType verifying_type_of(EVP_PKEY* pkey, const std::string& origin) {
    const int id = EVP_PKEY_get_base_id(pkey);
    if (id == EVP_PKEY_ED25519) {
        return VerifyingKeyType::ed25519;
    }
    if (id == EVP_PKEY_RSA) {
        const int bits = EVP_PKEY_get_bits(pkey);
        if (bits < min_rsa_bits || bits > max_rsa_bits) {
            fail(ErrorCode::spec, origin + ": RSA key of " + std::to_string(bits) +
                                      " bits; 2048 to 8192 bits are accepted");
        }
        return VerifyingKeyType::rsa;
    }
    if (id == EVP_PKEY_EC) {
        std::array<char, 64> group{};
        std::size_t len = 0;
        if (EVP_PKEY_get_group_name(pkey, group.data(), group.size(), &len) == 1) {
            const std::string_view name(group.data(), len);
            if (name == "prime256v1" || name == "P-256") {
                return VerifyingKeyType::ecdsa_p256;
            }
            if (name == "secp384r1" || name == "P-384") {
                return VerifyingKeyType::ecdsa_p384;
            }
            if (name == "secp521r1" || name == "P-521") {
                return VerifyingKeyType::ecdsa_p521;
            }
        }
        ERR_clear_error();
        fail(ErrorCode::spec, origin + ": ECDSA key is not on P-256, P-384 or P-521");
    }
    const char* name = EVP_PKEY_get0_type_name(pkey);
    fail(ErrorCode::spec, origin + ": unsupported key algorithm " +
                              std::string(name != nullptr ? name : "(unknown)") +
                              "; expected ECDSA, Ed25519 or RSA");
}

} // namespace

std::string_view to_string(HashAlgorithm hash) {
    switch (hash) {
    case HashAlgorithm::sha256:
        return "sha256";
    case HashAlgorithm::sha384:
        return "sha384";
    case HashAlgorithm::sha512:
        return "sha512";
    }
    return "sha256";
}

std::size_t digest_size(HashAlgorithm hash) {
    switch (hash) {
    case HashAlgorithm::sha256:
        return 32;
    case HashAlgorithm::sha384:
        return 48;
    case HashAlgorithm::sha512:
        return 64;
    }
    return 32;
}

std::string hash_bytes(HashAlgorithm hash, std::string_view bytes) {
    std::string out(digest_size(hash), '\0');
    unsigned int len = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), reinterpret_cast<unsigned char*>(out.data()), &len,
                   evp_md_of(hash), nullptr) != 1 ||
        len != out.size()) {
        fail(ErrorCode::internal, "cannot hash: " + take_openssl_error());
    }
    return out;
}

std::string_view to_string(VerifyingKeyType type) {
    switch (type) {
    case VerifyingKeyType::ecdsa_p256:
        return "ecdsa-p256";
    case VerifyingKeyType::ecdsa_p384:
        return "ecdsa-p384";
    case VerifyingKeyType::ecdsa_p521:
        return "ecdsa-p521";
    case VerifyingKeyType::ed25519:
        return "ed25519";
    case VerifyingKeyType::rsa:
        return "rsa";
    }
    return "unknown";
}

struct VerifyingKey::Impl {
    VerifyingKeyType type = VerifyingKeyType::ed25519;
    int bits = 0;
    EvpPkeyPtr pkey;
    std::string der;
    std::string id;
};

VerifyingKey VerifyingKey::from_spki_der(std::string_view der, std::string_view origin) {
    const std::string where(origin);
    if (der.empty() || der.size() > 16 * 1024) {
        fail(ErrorCode::spec, where + ": not a public key (empty or larger than 16 KiB)");
    }
    const unsigned char* p = uchar_data(der);
    EvpPkeyPtr pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    if (!pkey) {
        fail(ErrorCode::spec, where + ": malformed public key: " + take_openssl_error());
    }
    if (p != uchar_data(der) + der.size()) {
        fail(ErrorCode::spec, where + ": trailing bytes after the public key");
    }
    auto impl = std::make_shared<Impl>();
    impl->type = verifying_type_of(pkey.get(), where);
    impl->bits = EVP_PKEY_get_bits(pkey.get());
    OpensslBuffer encoded;
    const int len = i2d_PUBKEY(pkey.get(), &encoded.data);
    if (len <= 0) {
        fail(ErrorCode::internal, "cannot encode a public key: " + take_openssl_error());
    }
    impl->der.assign(reinterpret_cast<const char*>(encoded.data), static_cast<std::size_t>(len));
    impl->id = Digest::of(impl->der).hex();
    impl->pkey = std::move(pkey);
    return VerifyingKey(std::move(impl));
}

VerifyingKey VerifyingKey::from_pem(std::string_view pem, std::string_view origin) {
    const std::vector<std::string> blocks =
        pem_blocks(pem, "PUBLIC KEY", 1, ErrorCode::spec, origin);
    return from_spki_der(blocks.front(), origin);
}

VerifyingKey VerifyingKey::from_certificate_der(std::string_view der, std::string_view origin) {
    const X509Ptr cert = parse_certificate(der);
    if (!cert) {
        fail(ErrorCode::spec, std::string(origin) + ": not a DER X.509 certificate");
    }
    return from_spki_der(certificate_spki(cert.get()), origin);
}

VerifyingKeyType VerifyingKey::type() const {
    return impl_->type;
}
int VerifyingKey::bits() const {
    return impl_->bits;
}
const std::string& VerifyingKey::id() const {
    return impl_->id;
}
const std::string& VerifyingKey::spki_der() const {
    return impl_->der;
}

std::string VerifyingKey::pem() const {
    return public_key_pem(impl_->pkey.get());
}

HashAlgorithm VerifyingKey::implied_hash() const {
    switch (impl_->type) {
    case VerifyingKeyType::ecdsa_p384:
        return HashAlgorithm::sha384;
    case VerifyingKeyType::ecdsa_p521:
        return HashAlgorithm::sha512;
    default:
        return HashAlgorithm::sha256;
    }
}

bool VerifyingKey::verify(std::string_view message, std::string_view signature, HashAlgorithm hash,
                          RsaPadding padding) const {
    // No key type here makes a signature longer than EVP_PKEY_get_size.
    const int max_size = EVP_PKEY_get_size(impl_->pkey.get());
    if (signature.empty() || max_size <= 0 ||
        signature.size() > static_cast<std::size_t>(max_size)) {
        return false;
    }
    EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_PKEY_CTX* pctx = nullptr;
    const bool ed25519 = impl_->type == VerifyingKeyType::ed25519;
    bool ok = ctx && EVP_DigestVerifyInit(ctx.get(), &pctx, ed25519 ? nullptr : evp_md_of(hash),
                                          nullptr, impl_->pkey.get()) == 1;
    if (ok && impl_->type == VerifyingKeyType::rsa && padding == RsaPadding::pss) {
        ok = EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) == 1 &&
             EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, evp_md_of(hash)) == 1;
    }
    ok = ok && EVP_DigestVerify(ctx.get(), uchar_data(signature), signature.size(),
                                uchar_data(message), message.size()) == 1;
    ERR_clear_error();
    return ok;
}

bool VerifyingKey::verify_digest(std::string_view digest, std::string_view signature,
                                 HashAlgorithm hash, RsaPadding padding) const {
    const int max_size = EVP_PKEY_get_size(impl_->pkey.get());
    if (impl_->type == VerifyingKeyType::ed25519 || digest.size() != digest_size(hash) ||
        signature.empty() || max_size <= 0 ||
        signature.size() > static_cast<std::size_t>(max_size)) {
        return false;
    }
    EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, impl_->pkey.get(), nullptr));
    bool ok = ctx && EVP_PKEY_verify_init(ctx.get()) == 1 &&
              EVP_PKEY_CTX_set_signature_md(ctx.get(), evp_md_of(hash)) == 1;
    if (ok && impl_->type == VerifyingKeyType::rsa) {
        if (padding == RsaPadding::pss) {
            ok = EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) == 1 &&
                 EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_AUTO) == 1 &&
                 EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), evp_md_of(hash)) == 1;
        } else {
            ok = EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1;
        }
    }
    ok = ok && EVP_PKEY_verify(ctx.get(), uchar_data(signature), signature.size(),
                               uchar_data(digest), digest.size()) == 1;
    ERR_clear_error();
    return ok;
}

} // namespace airlock::sign
