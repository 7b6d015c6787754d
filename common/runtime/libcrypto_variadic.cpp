// The variadic function of libcrypto the programs call, forwarded by hand:
// a variadic call cannot be passed on as it is, so the one argument its key
// type takes is read as that type (EVP_PKEY_Q_keygen(3): "RSA" a size_t of
// bits, "EC" a curve name, every other type none).
#include "common/runtime/runtime_library.hpp"

#include <openssl/evp.h>

#include <cstdarg>
#include <cstring>

extern "C" {

EVP_PKEY*(EVP_PKEY_Q_keygen)(OSSL_LIB_CTX* context, const char* properties, const char* type, ...) {
    using Fn = EVP_PKEY* (*)(OSSL_LIB_CTX*, const char*, const char*, ...);
    static const Fn fn = reinterpret_cast<Fn>(
        ::airlock::runtime::symbol(::airlock::runtime::libcrypto, "EVP_PKEY_Q_keygen"));
    va_list args;
    va_start(args, type);
    EVP_PKEY* key = nullptr;
    if (std::strcmp(type, "RSA") == 0) {
        key = fn(context, properties, type, va_arg(args, std::size_t));
    } else if (std::strcmp(type, "EC") == 0) {
        key = fn(context, properties, type, va_arg(args, const char*));
    } else {
        key = fn(context, properties, type);
    }
    va_end(args);
    return key;
}

} // extern "C"
