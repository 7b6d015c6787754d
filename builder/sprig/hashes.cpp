// sprig's checksums: hex SHA-1, SHA-256 and SHA-512 of the string's bytes
// (OpenSSL EVP), and Adler-32 as a decimal number.
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/openssl_owners.hpp"

#include "common/core/error.hpp"

namespace airlock::sprig::data_detail {

namespace {
namespace hashes {

using gotemplate::CallContext;
using gotemplate::Signature;
using gotemplate::Type;

std::string hex_digest(const EVP_MD* md, std::string_view input) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(input.data(), input.size(), digest, &size, md, nullptr) != 1) {
        fail(ErrorCode::internal, "digest failed: " + take_openssl_error_text());
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (unsigned int i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

gotemplate::Callable digest_function(const EVP_MD* (*md)()) {
    return [md](CallContext&, std::vector<Value>& args) {
        return Value::string(hex_digest(md(), args[0].as_string()));
    };
}

std::uint32_t adler32(std::string_view input) {
    constexpr std::uint32_t modulus = 65521;
    std::uint32_t a = 1;
    std::uint32_t b = 0;
    for (const char c : input) {
        a = (a + static_cast<unsigned char>(c)) % modulus;
        b = (b + a) % modulus;
    }
    return (b << 16) | a;
}

} // namespace hashes
} // namespace

void register_hash_functions(gotemplate::FunctionTable& table) {
    using namespace hashes;
    const Signature string_to_string{{Type::string}, false, Type::string};
    table.add("sha1sum", string_to_string, digest_function(EVP_sha1));
    table.add("sha256sum", string_to_string, digest_function(EVP_sha256));
    table.add("sha512sum", string_to_string, digest_function(EVP_sha512));
    table.add("adler32sum", string_to_string, [](CallContext&, std::vector<Value>& args) {
        return Value::string(std::to_string(adler32(args[0].as_string())));
    });
}

} // namespace airlock::sprig::data_detail
