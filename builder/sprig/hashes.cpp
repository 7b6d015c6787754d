// sprig's checksums: hex SHA-1, SHA-256 and SHA-512 of the string's bytes,
// and Adler-32 as a decimal number. SHA-256 and SHA-512 come from libsodium:
// charts use sha256sum for their checksum annotations all the time, and
// loading libsodium costs a tenth of loading and initialising libcrypto
// (about 0.4 ms against 4.5), which only SHA-1 still needs.
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/openssl_owners.hpp"

#include "common/core/error.hpp"
#include "common/runtime/sodium_ready.hpp"

#include <sodium.h>

namespace airlock::sprig::data_detail {

namespace {
namespace hashes {

using gotemplate::CallContext;
using gotemplate::Signature;
using gotemplate::Type;

std::string hex(const unsigned char* digest, std::size_t size) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

std::string sha1_hex(std::string_view input) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(input.data(), input.size(), digest, &size, EVP_sha1(), nullptr) != 1) {
        fail(ErrorCode::internal, "digest failed: " + take_openssl_error_text());
    }
    return hex(digest, size);
}

const unsigned char* bytes_of(std::string_view input) {
    return reinterpret_cast<const unsigned char*>(input.data());
}

std::string sha256_hex(std::string_view input) {
    runtime::ensure_sodium();
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, bytes_of(input), input.size());
    return hex(digest, sizeof digest);
}

std::string sha512_hex(std::string_view input) {
    runtime::ensure_sodium();
    unsigned char digest[crypto_hash_sha512_BYTES];
    crypto_hash_sha512(digest, bytes_of(input), input.size());
    return hex(digest, sizeof digest);
}

gotemplate::Callable digest_function(std::string (*digest)(std::string_view)) {
    return [digest](CallContext&, std::vector<Value>& args) {
        return Value::string(digest(args[0].as_string()));
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
    table.add("sha1sum", string_to_string, digest_function(sha1_hex));
    table.add("sha256sum", string_to_string, digest_function(sha256_hex));
    table.add("sha512sum", string_to_string, digest_function(sha512_hex));
    table.add("adler32sum", string_to_string, [](CallContext&, std::vector<Value>& args) {
        return Value::string(std::to_string(adler32(args[0].as_string())));
    });
}

} // namespace airlock::sprig::data_detail
