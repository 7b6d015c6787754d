#include "common/sign/trusted_root.hpp"

#include "common/core/base64.hpp"
#include "common/io/file.hpp"
#include "common/json/strict_json.hpp"
#include "common/sign/detail/upstream_bytes.hpp"

#include <nlohmann/json.hpp>

namespace airlock::sign {

namespace {

constexpr std::size_t trusted_root_depth = 12;
constexpr std::size_t max_root_entries = 64;
constexpr std::size_t max_chain_certificates = 8;
constexpr std::size_t max_root_url_bytes = 2048;
constexpr std::size_t max_raw_base64_bytes = 64 * 1024;

std::string root_bytes(const JsonFields& fields, std::string_view key) {
    const std::string text = fields.string(key, max_raw_base64_bytes);
    auto raw = base64_decode(text);
    if (!raw || raw->empty()) {
        fields.fail_at(key, "not base64");
    }
    return *raw;
}

ValidityPeriod root_validity(const JsonFields& fields, std::string_view key) {
    const JsonFields period = fields.object(key);
    ValidityPeriod out;
    const std::string start = period.string("start", 64);
    const auto parsed = try_parse_rfc3339(start);
    if (!parsed) {
        period.fail_at("start", "not an RFC 3339 time");
    }
    out.start = *parsed;
    if (const auto end = period.optional_string("end", 64)) {
        const auto end_time = try_parse_rfc3339(*end);
        if (!end_time) {
            period.fail_at("end", "not an RFC 3339 time");
        }
        if (*end_time < out.start) {
            period.fail_at("end", "before start");
        }
        out.end = *end_time;
    }
    return out;
}

// Wraps a PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo (rsaEncryption, NULL
// parameters), for the deprecated PKCS1_RSA_PKCS1V5 key details.
std::string spki_from_pkcs1(std::string_view pkcs1) {
    auto der_length = [](std::size_t n) {
        std::string out;
        if (n < 0x80) {
            out += static_cast<char>(n);
        } else {
            std::string digits;
            for (; n > 0; n >>= 8) {
                digits.insert(digits.begin(), static_cast<char>(n & 0xff));
            }
            out += static_cast<char>(0x80 | digits.size());
            out += digits;
        }
        return out;
    };
    static constexpr unsigned char algorithm[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86,
                                                  0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    std::string bit_string = "\x03" + der_length(pkcs1.size() + 1) + std::string(1, '\0');
    bit_string += pkcs1;
    const std::string body =
        std::string(reinterpret_cast<const char*>(algorithm), sizeof algorithm) + bit_string;
    return "\x30" + der_length(body.size()) + body;
}

struct KnownKeyDetails {
    std::string_view name;
    VerifyingKeyType type;
    HashAlgorithm hash;
    RsaPadding padding;
    bool pkcs1 = false;
};

// protobuf-specs PublicKeyDetails that name a key this code verifies with.
constexpr KnownKeyDetails known_key_details[] = {
    {"PKIX_ECDSA_P256_SHA_256", VerifyingKeyType::ecdsa_p256, HashAlgorithm::sha256,
     RsaPadding::pkcs1v15},
    {"PKIX_ECDSA_P384_SHA_384", VerifyingKeyType::ecdsa_p384, HashAlgorithm::sha384,
     RsaPadding::pkcs1v15},
    {"PKIX_ECDSA_P521_SHA_512", VerifyingKeyType::ecdsa_p521, HashAlgorithm::sha512,
     RsaPadding::pkcs1v15},
    {"PKIX_ED25519", VerifyingKeyType::ed25519, HashAlgorithm::sha256, RsaPadding::pkcs1v15},
    {"PKCS1_RSA_PKCS1V5", VerifyingKeyType::rsa, HashAlgorithm::sha256, RsaPadding::pkcs1v15, true},
    {"PKIX_RSA_PKCS1V5", VerifyingKeyType::rsa, HashAlgorithm::sha256, RsaPadding::pkcs1v15},
    {"PKIX_RSA_PKCS1V15_2048_SHA256", VerifyingKeyType::rsa, HashAlgorithm::sha256,
     RsaPadding::pkcs1v15},
    {"PKIX_RSA_PKCS1V15_3072_SHA256", VerifyingKeyType::rsa, HashAlgorithm::sha256,
     RsaPadding::pkcs1v15},
    {"PKIX_RSA_PKCS1V15_4096_SHA256", VerifyingKeyType::rsa, HashAlgorithm::sha256,
     RsaPadding::pkcs1v15},
    {"PKIX_RSA_PSS_2048_SHA256", VerifyingKeyType::rsa, HashAlgorithm::sha256, RsaPadding::pss},
    {"PKIX_RSA_PSS_3072_SHA256", VerifyingKeyType::rsa, HashAlgorithm::sha256, RsaPadding::pss},
    {"PKIX_RSA_PSS_4096_SHA256", VerifyingKeyType::rsa, HashAlgorithm::sha256, RsaPadding::pss},
};

TransparencyLog read_log(const JsonFields& fields, const std::string& document) {
    TransparencyLog log;
    log.base_url = fields.string("baseUrl", max_root_url_bytes);
    log.hash_algorithm = fields.string("hashAlgorithm", 64);
    if (log.hash_algorithm != "SHA2_256") {
        fields.fail_at("hashAlgorithm", "only SHA2_256 logs are supported");
    }
    const JsonFields key = fields.object("publicKey");
    log.key_details = key.string("keyDetails", 128);
    const std::string raw = root_bytes(key, "rawBytes");
    log.valid_for = root_validity(key, "validFor");
    const JsonFields log_id = fields.object("logId");
    log.log_id = root_bytes(log_id, "keyId");
    for (const KnownKeyDetails& known : known_key_details) {
        if (known.name != log.key_details) {
            continue;
        }
        const std::string where = document + ": " + key.path("rawBytes");
        VerifyingKey parsed =
            VerifyingKey::from_spki_der(known.pkcs1 ? spki_from_pkcs1(raw) : raw, where);
        if (parsed.type() != known.type) {
            key.fail_at("rawBytes", "a " + std::string(to_string(parsed.type())) +
                                        " key where keyDetails says " + log.key_details);
        }
        log.key = std::move(parsed);
        log.key_hash = known.hash;
        log.key_padding = known.padding;
    }
    return log;
}

CertificateAuthority read_authority(const JsonFields& fields) {
    CertificateAuthority ca;
    if (auto uri = fields.optional_string("uri", max_root_url_bytes)) {
        ca.uri = *uri;
    }
    const JsonFields chain = fields.object("certChain");
    const nlohmann::json& certificates = chain.array("certificates", max_chain_certificates);
    if (certificates.empty()) {
        chain.fail_at("certificates", "empty");
    }
    for (std::size_t i = 0; i < certificates.size(); ++i) {
        const JsonFields cert =
            chain.nested(certificates[i], chain.path("certificates[" + std::to_string(i) + "]"));
        std::string der = root_bytes(cert, "rawBytes");
        if (!sign_detail::parse_certificate(der)) {
            cert.fail_at("rawBytes", "not a DER X.509 certificate");
        }
        ca.chain_der.push_back(std::move(der));
    }
    ca.valid_for = root_validity(fields, "validFor");
    return ca;
}

} // namespace

const TransparencyLog* TrustedRoot::find_tlog(std::string_view log_id) const {
    for (const TransparencyLog& log : tlogs) {
        if (log.log_id == log_id) {
            return &log;
        }
    }
    return nullptr;
}

const TransparencyLog* TrustedRoot::find_ctlog(std::string_view log_id) const {
    for (const TransparencyLog& log : ctlogs) {
        if (log.log_id == log_id) {
            return &log;
        }
    }
    return nullptr;
}

TrustedRoot parse_trusted_root(std::string_view json, std::string_view origin) {
    const std::string document(origin);
    const nlohmann::json doc = parse_strict_json(json, max_trusted_root_bytes, trusted_root_depth,
                                                 ErrorCode::spec, document);
    const JsonFields root(doc, ErrorCode::spec, document);
    if (root.string("mediaType", 256) != trusted_root_media_type) {
        root.fail_at("mediaType", "not \"" + std::string(trusted_root_media_type) + "\"");
    }
    TrustedRoot out;
    auto each = [&](std::string_view key, auto&& read) {
        if (root.optional(key) == nullptr) {
            return;
        }
        const nlohmann::json& items = root.array(key, max_root_entries);
        for (std::size_t i = 0; i < items.size(); ++i) {
            read(root.nested(items[i], std::string(key) + "[" + std::to_string(i) + "]"));
        }
    };
    each("tlogs", [&](const JsonFields& f) { out.tlogs.push_back(read_log(f, document)); });
    each("ctlogs", [&](const JsonFields& f) { out.ctlogs.push_back(read_log(f, document)); });
    each("certificateAuthorities",
         [&](const JsonFields& f) { out.certificate_authorities.push_back(read_authority(f)); });
    each("timestampAuthorities",
         [&](const JsonFields& f) { out.timestamp_authorities.push_back(read_authority(f)); });
    return out;
}

TrustedRoot load_trusted_root(const std::filesystem::path& file) {
    const std::string text = read_named_file(file, "trusted root", max_trusted_root_bytes);
    return parse_trusted_root(text, "trusted root " + file.string());
}

} // namespace airlock::sign
