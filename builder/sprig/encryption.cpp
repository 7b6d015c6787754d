// sprig's encryptAES and decryptAES: AES-256-CBC with the password as the
// key (zero-padded or cut to 32 bytes), PKCS#7 padding, a random IV before
// the ciphertext, all in standard base64. Text encrypted here decrypts with
// Helm and the other way round. decryptAES trusts its input as sprig does,
// so malformed input ends in the same Go panics (slice bounds, index out of
// range), reported as errors.
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/openssl_owners.hpp"
#include "builder/sprig/detail/random_bytes.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"

namespace airlock::sprig::data_detail {

namespace {
namespace encryption {

using gotemplate::CallContext;
using gotemplate::Signature;
using gotemplate::Type;

constexpr std::size_t block_size = 16;

std::string aes_key(const std::string& password) {
    std::string key(32, '\0');
    password.copy(key.data(), std::min<std::size_t>(password.size(), key.size()));
    return key;
}

// AES-256-CBC over whole blocks, no padding of its own.
std::string aes_cbc(bool encrypt, const std::string& key, std::string_view iv,
                    std::string_view input) {
    CipherCtxPtr context(EVP_CIPHER_CTX_new());
    std::string out(input.size() + block_size, '\0');
    int written = 0;
    int final_written = 0;
    if (!context ||
        EVP_CipherInit_ex(context.get(), EVP_aes_256_cbc(), nullptr,
                          reinterpret_cast<const unsigned char*>(key.data()),
                          reinterpret_cast<const unsigned char*>(iv.data()),
                          encrypt ? 1 : 0) != 1 ||
        EVP_CIPHER_CTX_set_padding(context.get(), 0) != 1 ||
        EVP_CipherUpdate(context.get(), reinterpret_cast<unsigned char*>(out.data()), &written,
                         reinterpret_cast<const unsigned char*>(input.data()),
                         static_cast<int>(input.size())) != 1 ||
        EVP_CipherFinal_ex(context.get(), reinterpret_cast<unsigned char*>(out.data()) + written,
                           &final_written) != 1) {
        fail(ErrorCode::internal, "AES failed: " + take_openssl_error_text());
    }
    out.resize(static_cast<std::size_t>(written + final_written));
    return out;
}

Value encrypt_aes(CallContext&, std::vector<Value>& args) {
    const std::string& plaintext = args[1].as_string();
    if (plaintext.empty()) {
        return Value::string("");
    }
    const std::size_t padding = block_size - plaintext.size() % block_size;
    std::string content = plaintext;
    content.append(padding, static_cast<char>(padding));
    const std::string iv = random_bytes(block_size);
    return Value::string(
        base64_encode(iv + aes_cbc(true, aes_key(args[0].as_string()), iv, content)));
}

Value decrypt_aes(CallContext&, std::vector<Value>& args) {
    const std::string& text = args[1].as_string();
    if (text.empty()) {
        return Value::string("");
    }
    std::string error;
    const std::optional<std::string> data = go_base64_std_decode(text, error);
    if (!data) {
        go_error(error);
    }
    if (data->size() < block_size) {
        // The decoded slice's capacity is what base64 reserved for the text.
        go_error("runtime error: slice bounds out of range [:16] with capacity " +
                 std::to_string(text.size() / 4 * 3));
    }
    const std::string_view iv = std::string_view(*data).substr(0, block_size);
    const std::string_view ciphertext = std::string_view(*data).substr(block_size);
    if (ciphertext.size() % block_size != 0) {
        go_error("crypto/cipher: input not full blocks");
    }
    if (ciphertext.empty()) {
        go_error("runtime error: index out of range [-1]");
    }
    const std::string decrypted = aes_cbc(false, aes_key(args[0].as_string()), iv, ciphertext);
    const auto padding = static_cast<unsigned char>(decrypted.back());
    if (padding > decrypted.size()) {
        go_error("runtime error: slice bounds out of range [:" +
                 std::to_string(static_cast<long long>(decrypted.size()) - padding) + "]");
    }
    return Value::string(decrypted.substr(0, decrypted.size() - padding));
}

} // namespace encryption
} // namespace

void register_encryption_functions(gotemplate::FunctionTable& table) {
    using namespace encryption;
    const Signature signature{{Type::string, Type::string}, false, Type::string};
    table.add("encryptAES", signature, encrypt_aes);
    table.add("decryptAES", signature, decrypt_aes);
}

} // namespace airlock::sprig::data_detail
