// sprig's bcrypt, htpasswd and derivePassword. bcrypt hashes are real $2a$
// hashes at Go's default cost (10) with a random salt, so they verify with
// Apache's htpasswd and any bcrypt library; derivePassword is the Master
// Password algorithm (scrypt, then HMAC-SHA-256 choosing template letters),
// deterministic and identical to sprig's output.
#include "builder/sprig/detail/blowfish.hpp"
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/openssl_owners.hpp"
#include "builder/sprig/detail/random_bytes.hpp"

#include "common/core/error.hpp"

#include <map>
#include <openssl/hmac.h>
#include <vector>

namespace airlock::sprig::data_detail {

namespace {
namespace passwords {

using gotemplate::CallContext;
using gotemplate::Signature;
using gotemplate::Type;

constexpr int bcrypt_default_cost = 10;

std::string bcrypt_or_message(std::string_view password) {
    if (password.size() > 72) {
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes";
    }
    return bcrypt_hash(password, bcrypt_default_cost, random_bytes(16));
}

const std::map<std::string, std::vector<std::string>, std::less<>>& password_templates() {
    static const std::map<std::string, std::vector<std::string>, std::less<>> templates = {
        {"maximum", {"anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"}},
        {"long",
         {"CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv",
          "CvccCvcvCvcvno", "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc",
          "CvcvCvcvnoCvcc", "CvcvCvcvCvccno", "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno",
          "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno", "CvccnoCvcvCvcc", "CvccCvcvnoCvcc",
          "CvccCvcvCvccno"}},
        {"medium", {"CvcnoCvc", "CvcCvcno"}},
        {"short", {"Cvcn"}},
        {"basic", {"aaanaaan", "aannaaan", "aaannaaa"}},
        {"pin", {"nnnn"}},
    };
    return templates;
}

std::string_view template_characters(char c) {
    switch (c) {
    case 'V':
        return "AEIOU";
    case 'C':
        return "BCDFGHJKLMNPQRSTVWXYZ";
    case 'v':
        return "aeiou";
    case 'c':
        return "bcdfghjklmnpqrstvwxyz";
    case 'A':
        return "AEIOUBCDFGHJKLMNPQRSTVWXYZ";
    case 'a':
        return "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";
    case 'n':
        return "0123456789";
    case 'o':
        return "@&%?,=[]_:-+*$#!'^~;()/.";
    case 'x':
        return "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()";
    default:
        return "";
    }
}

void append_big_endian32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out += static_cast<char>((v >> shift) & 0xFF);
    }
}

std::string derive_password(std::uint32_t counter, std::string_view type, std::string_view password,
                            std::string_view user, std::string_view site) {
    const auto found = password_templates().find(type);
    if (found == password_templates().end()) {
        return "cannot find password template " + std::string(type);
    }
    const std::string seed = "com.lyndir.masterpassword";
    std::string salt = seed;
    append_big_endian32(salt, static_cast<std::uint32_t>(user.size()));
    salt += user;
    unsigned char key[64];
    // scrypt with N=32768, r=8, p=2 needs about 33 MB; allow that much.
    if (EVP_PBE_scrypt(password.data(), password.size(),
                       reinterpret_cast<const unsigned char*>(salt.data()), salt.size(), 32768, 8,
                       2, std::uint64_t{64} << 20, key, sizeof key) != 1) {
        return "failed to derive password: " + take_openssl_error_text();
    }
    std::string message = seed;
    append_big_endian32(message, static_cast<std::uint32_t>(site.size()));
    message += site;
    append_big_endian32(message, counter);
    unsigned char mac[EVP_MAX_MD_SIZE];
    unsigned int mac_size = 0;
    if (HMAC(EVP_sha256(), key, sizeof key, reinterpret_cast<const unsigned char*>(message.data()),
             message.size(), mac, &mac_size) == nullptr) {
        OPENSSL_cleanse(key, sizeof key);
        fail(ErrorCode::internal, "HMAC failed: " + take_openssl_error_text());
    }
    OPENSSL_cleanse(key, sizeof key);
    const std::vector<std::string>& templates = found->second;
    const std::string& chosen = templates[mac[0] % templates.size()];
    std::string out;
    for (std::size_t i = 0; i < chosen.size(); ++i) {
        const std::string_view characters = template_characters(chosen[i]);
        out += characters[mac[i + 1] % characters.size()];
    }
    return out;
}

} // namespace passwords
} // namespace

void register_password_functions(gotemplate::FunctionTable& table) {
    using namespace passwords;
    table.add("bcrypt", Signature{{Type::string}, false, Type::string},
              [](CallContext&, std::vector<Value>& args) {
                  return Value::string(bcrypt_or_message(args[0].as_string()));
              });
    table.add("htpasswd", Signature{{Type::string, Type::string}, false, Type::string},
              [](CallContext&, std::vector<Value>& args) {
                  const std::string& user = args[0].as_string();
                  if (user.find(':') != std::string::npos) {
                      return Value::string("invalid username: " + user);
                  }
                  return Value::string(user + ":" + bcrypt_or_message(args[1].as_string()));
              });
    // The counter is a uint32 in Go; there is no such parameter type here,
    // so it is taken as an int and checked.
    table.add("derivePassword",
              Signature{{Type::int_, Type::string, Type::string, Type::string, Type::string},
                        false,
                        Type::string},
              [](CallContext&, std::vector<Value>& args) {
                  const std::int64_t counter = args[0].as_int();
                  if (counter < 0 || counter > UINT32_MAX) {
                      go_error("expected unsigned integer; found " + std::to_string(counter));
                  }
                  return Value::string(derive_password(static_cast<std::uint32_t>(counter),
                                                       args[1].as_string(), args[2].as_string(),
                                                       args[3].as_string(), args[4].as_string()));
              });
}

} // namespace airlock::sprig::data_detail
