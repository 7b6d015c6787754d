#pragma once
// PRIVATE to common/sign: include only from .cpp files. RAII owners for the
// OpenSSL handles the signing code uses, so public headers stay free of
// OpenSSL types and no error path leaks a handle.
#include "common/core/error.hpp"

#include <memory>
#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <string>
#include <string_view>

namespace airlock::sign_detail {

template <typename T, void (*Free)(T*)> struct OpensslFree {
    void operator()(T* p) const noexcept { Free(p); }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, OpensslFree<EVP_PKEY, EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, OpensslFree<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpensslFree<EVP_MD_CTX, EVP_MD_CTX_free>>;
using BioPtr = std::unique_ptr<BIO, OpensslFree<BIO, BIO_free_all>>;
using Pkcs8Ptr = std::unique_ptr<PKCS8_PRIV_KEY_INFO,
                                 OpensslFree<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>>;
using X509Ptr = std::unique_ptr<X509, OpensslFree<X509, X509_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, OpensslFree<X509_STORE, X509_STORE_free>>;
using X509StoreCtxPtr =
    std::unique_ptr<X509_STORE_CTX, OpensslFree<X509_STORE_CTX, X509_STORE_CTX_free>>;

// A STACK_OF(X509) that does not own its certificates (they stay with their
// X509Ptr): only the stack itself is freed.
struct X509StackFree {
    void operator()(STACK_OF(X509) * stack) const noexcept { sk_X509_free(stack); }
};
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackFree>;

// Buffers OpenSSL allocates for us (PEM names, headers, DER). Secret ones are
// wiped before they are released.
struct OpensslBuffer {
    unsigned char* data = nullptr;
    long size = 0;
    bool secret = false;
    OpensslBuffer() = default;
    OpensslBuffer(const OpensslBuffer&) = delete;
    OpensslBuffer& operator=(const OpensslBuffer&) = delete;
    ~OpensslBuffer() {
        if (data != nullptr) {
            if (secret && size > 0) {
                OPENSSL_clear_free(data, static_cast<std::size_t>(size));
            } else {
                OPENSSL_free(data);
            }
        }
    }
};

struct OpensslString {
    char* data = nullptr;
    OpensslString() = default;
    OpensslString(const OpensslString&) = delete;
    OpensslString& operator=(const OpensslString&) = delete;
    ~OpensslString() { OPENSSL_free(data); }
};

inline const unsigned char* uchar_data(std::string_view bytes) {
    return reinterpret_cast<const unsigned char*>(bytes.data());
}

// The oldest queued OpenSSL error as text, or "unknown error"; empties the
// queue so a later, unrelated failure does not report this one.
inline std::string take_openssl_error() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) {
        return "unknown error";
    }
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

// `key`'s public half as PEM SubjectPublicKeyInfo ("PUBLIC KEY").
inline std::string public_key_pem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
        fail(ErrorCode::internal, "cannot write a public key as PEM: " + take_openssl_error());
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

} // namespace airlock::sign_detail
