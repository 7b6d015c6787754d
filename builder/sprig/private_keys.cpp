#include "builder/sprig/detail/private_keys.hpp"

#include "builder/sprig/detail/data_support.hpp"

#include "common/core/error.hpp"

#include <openssl/core_names.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace airlock::sprig::data_detail {

namespace {
namespace keys {

[[noreturn]] void openssl_failure(const std::string& what) {
    fail(ErrorCode::internal, what + ": " + take_openssl_error_text());
}

PkeyPtr generate_dsa_key() {
    PkeyCtxPtr parameter_context(EVP_PKEY_CTX_new_from_name(nullptr, "DSA", nullptr));
    EVP_PKEY* raw_parameters = nullptr;
    if (!parameter_context || EVP_PKEY_paramgen_init(parameter_context.get()) != 1 ||
        EVP_PKEY_CTX_set_dsa_paramgen_bits(parameter_context.get(), 2048) != 1 ||
        EVP_PKEY_CTX_set_dsa_paramgen_q_bits(parameter_context.get(), 256) != 1 ||
        EVP_PKEY_paramgen(parameter_context.get(), &raw_parameters) != 1) {
        openssl_failure("DSA parameter generation failed");
    }
    const PkeyPtr parameters(raw_parameters);
    PkeyCtxPtr key_context(EVP_PKEY_CTX_new_from_pkey(nullptr, parameters.get(), nullptr));
    EVP_PKEY* raw_key = nullptr;
    if (!key_context || EVP_PKEY_keygen_init(key_context.get()) != 1 ||
        EVP_PKEY_keygen(key_context.get(), &raw_key) != 1) {
        openssl_failure("DSA key generation failed");
    }
    return PkeyPtr(raw_key);
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

// getLine: up to '\n', trailing spaces, tabs and '\r' trimmed.
std::pair<std::string_view, std::string_view> get_line(std::string_view data) {
    const std::size_t newline = data.find('\n');
    std::string_view line = data.substr(0, newline);
    const std::string_view rest =
        newline == std::string_view::npos ? std::string_view{} : data.substr(newline + 1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) {
        line.remove_suffix(1);
    }
    return {line, rest};
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

[[noreturn]] void parse_failure(const std::string& message) {
    ERR_clear_error();
    go_error(message);
}

// Go knows the NIST curves P-224, P-256, P-384 and P-521 only.
bool is_go_curve(EVP_PKEY* key) {
    char group[64] = {};
    if (EVP_PKEY_get_group_name(key, group, sizeof group, nullptr) != 1) {
        return false;
    }
    const std::string_view name = group;
    return name == "secp224r1" || name == "prime256v1" || name == "secp384r1" ||
           name == "secp521r1";
}

PkeyPtr parse_pkcs8(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<PKCS8_PRIV_KEY_INFO,
                    OpensslDeleter<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>>
        info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size())));
    if (!info) {
        parse_failure("decoding PEM as PKCS#8: x509: malformed PKCS#8 private key");
    }
    // Go reads RSA, ECDSA, Ed25519 and X25519 keys from PKCS#8, no others.
    const ASN1_OBJECT* algorithm = nullptr;
    PKCS8_pkey_get0(&algorithm, nullptr, nullptr, nullptr, info.get());
    const int nid = OBJ_obj2nid(algorithm);
    if (nid != NID_rsaEncryption && nid != NID_X9_62_id_ecPublicKey && nid != NID_ED25519 &&
        nid != NID_X25519) {
        char oid[128] = {};
        OBJ_obj2txt(oid, sizeof oid, algorithm, 1);
        parse_failure(std::string("decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private "
                                  "key with unknown algorithm: ") +
                      oid);
    }
    PkeyPtr key(EVP_PKCS82PKEY(info.get()));
    if (!key) {
        parse_failure("decoding PEM as PKCS#8: x509: failed to parse private key");
    }
    if (nid == NID_X9_62_id_ecPublicKey && !is_go_curve(key.get())) {
        parse_failure("decoding PEM as PKCS#8: x509: failed to parse EC private key embedded in "
                      "PKCS#8: x509: unknown elliptic curve");
    }
    return key;
}

PkeyPtr parse_traditional(int type, const std::string& der, const std::string& kind) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    PkeyPtr key(d2i_PrivateKey(type, nullptr, &p, static_cast<long>(der.size())));
    if (!key) {
        parse_failure("parsing " + kind + " private key from PEM: x509: failed to parse " + kind +
                      " private key");
    }
    if (type == EVP_PKEY_EC && !is_go_curve(key.get())) {
        parse_failure("parsing EC private key from PEM: x509: unknown elliptic curve");
    }
    return key;
}

} // namespace keys
} // namespace

PkeyPtr generate_rsa_key(int bits) {
    PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(bits)));
    if (!key) {
        keys::openssl_failure("RSA key generation failed");
    }
    return key;
}

PkeyPtr generate_private_key(std::string_view type) {
    if (type.empty() || type == "rsa") {
        return generate_rsa_key(4096);
    }
    if (type == "dsa") {
        return keys::generate_dsa_key();
    }
    if (type == "ecdsa") {
        PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
        if (!key) {
            keys::openssl_failure("ECDSA key generation failed");
        }
        return key;
    }
    if (type == "ed25519") {
        PkeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
        if (!key) {
            keys::openssl_failure("Ed25519 key generation failed");
        }
        return key;
    }
    return nullptr;
}

std::string private_key_pem(EVP_PKEY* key) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio) {
        keys::openssl_failure("PEM encoding failed");
    }
    const int id = EVP_PKEY_get_base_id(key);
    const bool traditional = id == EVP_PKEY_RSA || id == EVP_PKEY_EC || id == EVP_PKEY_DSA;
    const int ok = traditional ? PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr,
                                                                      nullptr, 0, nullptr, nullptr)
                               : PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0,
                                                               nullptr, nullptr);
    if (ok != 1) {
        keys::openssl_failure("PEM encoding failed");
    }
    return keys::bio_text(bio.get());
}

std::optional<PemBlock> go_pem_decode(std::string_view data) {
    using keys::ends_with;
    using keys::get_line;
    constexpr std::string_view pem_start = "\n-----BEGIN ";
    constexpr std::string_view pem_end = "\n-----END ";
    constexpr std::string_view pem_end_of_line = "-----";
    std::string_view rest = data;
    while (true) {
        if (rest.substr(0, pem_start.size() - 1) == pem_start.substr(1)) {
            rest.remove_prefix(pem_start.size() - 1);
        } else if (const std::size_t at = rest.find(pem_start); at != std::string_view::npos) {
            rest.remove_prefix(at + pem_start.size());
        } else {
            return std::nullopt;
        }
        auto [type_line, after_type] = get_line(rest);
        rest = after_type;
        if (!ends_with(type_line, pem_end_of_line)) {
            continue;
        }
        type_line.remove_suffix(pem_end_of_line.size());
        // Headers ("Key: value" lines) come before the body.
        bool headers = false;
        bool truncated = false;
        while (true) {
            if (rest.empty()) {
                truncated = true;
                break;
            }
            auto [line, next] = get_line(rest);
            if (line.find(':') == std::string_view::npos) {
                break;
            }
            headers = true;
            rest = next;
        }
        if (truncated) {
            return std::nullopt;
        }
        std::size_t end_index = 0;
        std::size_t end_trailer_index = 0;
        if (!headers && rest.substr(0, pem_end.size() - 1) == pem_end.substr(1)) {
            end_trailer_index = pem_end.size() - 1;
        } else {
            end_index = rest.find(pem_end);
            if (end_index == std::string_view::npos) {
                continue;
            }
            end_trailer_index = end_index + pem_end.size();
        }
        std::string_view end_trailer = rest.substr(end_trailer_index);
        const std::size_t trailer_length = type_line.size() + pem_end_of_line.size();
        if (end_trailer.size() < trailer_length) {
            continue;
        }
        const std::string_view rest_of_end_line = end_trailer.substr(trailer_length);
        end_trailer = end_trailer.substr(0, trailer_length);
        if (end_trailer.substr(0, type_line.size()) != type_line ||
            !ends_with(end_trailer, pem_end_of_line)) {
            continue;
        }
        if (!get_line(rest_of_end_line).first.empty()) {
            continue;
        }
        std::string base64_text;
        for (const char c : rest.substr(0, end_index)) {
            if (c != ' ' && c != '\t') {
                base64_text += c;
            }
        }
        std::string error;
        std::optional<std::string> bytes = go_base64_std_decode(base64_text, error);
        if (!bytes) {
            continue;
        }
        return PemBlock{std::string(type_line), std::move(*bytes)};
    }
}

PkeyPtr parse_private_key_pem(std::string_view pem) {
    const std::optional<PemBlock> block = go_pem_decode(pem);
    if (!block) {
        go_error("no PEM data in input");
    }
    if (block->type == "PRIVATE KEY") {
        return keys::parse_pkcs8(block->bytes);
    }
    constexpr std::string_view suffix = " PRIVATE KEY";
    if (!keys::ends_with(block->type, suffix)) {
        go_error("no private key data in PEM block of type " + block->type);
    }
    const std::string kind = block->type.substr(0, block->type.size() - suffix.size());
    if (kind == "RSA") {
        return keys::parse_traditional(EVP_PKEY_RSA, block->bytes, "RSA");
    }
    if (kind == "EC") {
        return keys::parse_traditional(EVP_PKEY_EC, block->bytes, "EC");
    }
    if (kind == "DSA") {
        return keys::parse_traditional(EVP_PKEY_DSA, block->bytes, "DSA");
    }
    go_error("invalid private key type " + block->type);
}

bool is_go_signer(EVP_PKEY* key) {
    const int id = EVP_PKEY_get_base_id(key);
    return id == EVP_PKEY_RSA || id == EVP_PKEY_EC || id == EVP_PKEY_ED25519;
}

std::string go_public_key_type(EVP_PKEY* key) {
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
        return "*rsa.PublicKey";
    case EVP_PKEY_EC:
        return "*ecdsa.PublicKey";
    case EVP_PKEY_ED25519:
        return "ed25519.PublicKey";
    case EVP_PKEY_X25519:
        return "*ecdh.PublicKey";
    case EVP_PKEY_DSA:
        return "*dsa.PublicKey";
    default:
        return "<nil>";
    }
}

} // namespace airlock::sprig::data_detail
