// sprig's key and certificate functions: genPrivateKey, genCA(WithKey),
// genSelfSignedCert(WithKey), genSignedCert(WithKey) and buildCustomCert.
// Certificates are made with OpenSSL to the shape Go's x509.CreateCertificate
// gives sprig's template: version 3, a random 128-bit serial, subject
// "CN=<cn>" only (PrintableString when it can be, else UTF8String; no
// attribute for an empty name), validity from now for days*24h, and these
// extensions in Go's order: key usage (critical; digital signature and key
// encipherment, plus certificate signing for a CA), extended key usage
// (server and client auth), basic constraints (critical), for a CA a
// subject key id (the first 20 bytes of SHA-256 of the public key, as Go
// 1.25 computes it), an authority key id (the issuer's subject key id) when
// issuer and subject differ, and the subject alternative names (DNS names,
// then IPs; critical when the subject is empty). The signature is
// SHA-256 with RSA, ECDSA with the curve's hash, or Ed25519.
#include "builder/sprig/detail/data_functions.hpp"
#include "builder/sprig/detail/data_support.hpp"
#include "builder/sprig/detail/openssl_owners.hpp"
#include "builder/sprig/detail/private_keys.hpp"

#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <openssl/pem.h>
#include <openssl/rand.h>

namespace airlock::sprig::data_detail {

namespace {
namespace certificates {

using gotemplate::CallContext;
using gotemplate::Map;
using gotemplate::Object;
using gotemplate::Signature;
using gotemplate::Type;

// sprig's certificate struct {Cert, Key string}.
class CertificateObject : public Object {
  public:
    CertificateObject(std::string cert, std::string key)
        : cert_(std::move(cert)), key_(std::move(key)) {}
    std::string type_name() const override { return "sprig.certificate"; }
    std::optional<Value> field(std::string_view name) const override {
        if (name == "Cert") {
            return Value::string(cert_);
        }
        if (name == "Key") {
            return Value::string(key_);
        }
        return std::nullopt;
    }
    std::string format() const override { return "{" + cert_ + " " + key_ + "}"; }
    Value plain() const override {
        return Value::map(Map{{"Cert", Value::string(cert_)}, {"Key", Value::string(key_)}});
    }
    const std::string& cert() const { return cert_; }
    const std::string& key() const { return key_; }

  private:
    std::string cert_;
    std::string key_;
};

[[noreturn]] void openssl_failure(const std::string& what) {
    fail(ErrorCode::internal, what + ": " + take_openssl_error_text());
}

const CertificateObject& require_certificate(const Value& v) {
    if (v.kind() == Kind::object) {
        if (const auto* c = dynamic_cast<const CertificateObject*>(&v.as_object())) {
            return *c;
        }
    }
    go_error("wrong type for value; expected sprig.certificate; got " + v.type_name());
}

// Go's asn1 PrintableString alphabet (no '*' or '&' when marshalling).
bool is_printable_string(std::string_view s) {
    for (const char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || (c >= '\'' && c <= ')') ||
                        (c >= '+' && c <= '/') || c == ' ' || c == ':' || c == '=' || c == '?';
        if (!ok) {
            return false;
        }
    }
    return true;
}

// net.ParseIP, and To4() for IPv4 and IPv4-mapped addresses.
std::optional<std::string> parse_ip(const std::string& text) {
    unsigned char v4[4];
    if (inet_pton(AF_INET, text.c_str(), v4) == 1) {
        return std::string(reinterpret_cast<const char*>(v4), 4);
    }
    unsigned char v6[16];
    if (inet_pton(AF_INET6, text.c_str(), v6) == 1) {
        static constexpr unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
        if (std::equal(mapped, mapped + 12, v6)) {
            return std::string(reinterpret_cast<const char*>(v6 + 12), 4);
        }
        return std::string(reinterpret_cast<const char*>(v6), 16);
    }
    return std::nullopt;
}

struct Template {
    std::string common_name;
    std::vector<std::string> ip_addresses; // raw 4 or 16 bytes
    std::vector<std::string> dns_names;
    std::int64_t days_valid = 0;
    bool is_ca = false;
};

// getBaseCertTemplate's checks of the IP and DNS lists.
Template base_template(const std::string& cn, const Value& ips, const Value& dns,
                       std::int64_t days) {
    Template t;
    t.common_name = cn;
    t.days_valid = days;
    if (ips.kind() == Kind::list) {
        for (const Value& ip : ips.as_list()) {
            if (ip.kind() != Kind::string) {
                go_error("error parsing ip: " + gotemplate::sprint_value(ip) + " is not a string");
            }
            std::optional<std::string> raw = parse_ip(ip.as_string());
            if (!raw) {
                go_error("error parsing ip: " + ip.as_string());
            }
            t.ip_addresses.push_back(std::move(*raw));
        }
    }
    if (dns.kind() == Kind::list) {
        for (const Value& name : dns.as_list()) {
            if (name.kind() != Kind::string) {
                go_error("error processing alternate dns name: " + gotemplate::sprint_value(name) +
                         " is not a string");
            }
            t.dns_names.push_back(name.as_string());
        }
    }
    return t;
}

X509NamePtr subject_name(const std::string& cn) {
    X509NamePtr name(X509_NAME_new());
    if (!name) {
        openssl_failure("certificate name");
    }
    if (!cn.empty()) {
        const int type = is_printable_string(cn) ? V_ASN1_PRINTABLESTRING : V_ASN1_UTF8STRING;
        if (X509_NAME_add_entry_by_NID(name.get(), NID_commonName, type,
                                       reinterpret_cast<const unsigned char*>(cn.data()),
                                       static_cast<int>(cn.size()), -1, 0) != 1) {
            openssl_failure("certificate name");
        }
    }
    return name;
}

template <typename T> void add_extension(X509* cert, int nid, T* value, bool critical) {
    if (X509_add1_ext_i2d(cert, nid, value, critical ? 1 : 0, X509V3_ADD_APPEND) != 1) {
        openssl_failure("certificate extension");
    }
}

Asn1OctetStringPtr octet_string(std::string_view bytes) {
    Asn1OctetStringPtr s(ASN1_OCTET_STRING_new());
    if (!s || ASN1_OCTET_STRING_set(s.get(), reinterpret_cast<const unsigned char*>(bytes.data()),
                                    static_cast<int>(bytes.size())) != 1) {
        openssl_failure("certificate extension");
    }
    return s;
}

// The subject key id Go 1.25 derives: SHA-256 of the public key bits, cut
// to 160 bits.
std::string subject_key_id(X509* cert) {
    const ASN1_BIT_STRING* bits = X509_get0_pubkey_bitstr(cert);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (bits == nullptr ||
        EVP_Digest(ASN1_STRING_get0_data(bits), static_cast<std::size_t>(ASN1_STRING_length(bits)),
                   digest, &size, EVP_sha256(), nullptr) != 1) {
        openssl_failure("subject key id");
    }
    return std::string(reinterpret_cast<const char*>(digest), 20);
}

const EVP_MD* signature_digest(EVP_PKEY* signer) {
    switch (EVP_PKEY_get_base_id(signer)) {
    case EVP_PKEY_ED25519:
        return nullptr;
    case EVP_PKEY_EC: {
        const int bits = EVP_PKEY_get_bits(signer);
        return bits > 384 ? EVP_sha512() : (bits > 256 ? EVP_sha384() : EVP_sha256());
    }
    default:
        return EVP_sha256();
    }
}

std::string pem_of_certificate(X509* cert) {
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) {
        openssl_failure("certificate PEM");
    }
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

// Go compares issuer and subject as DER bytes, not as canonical names.
std::string name_der(X509_NAME* name) {
    unsigned char* der = nullptr;
    const int size = i2d_X509_NAME(name, &der);
    if (size < 0) {
        openssl_failure("certificate name");
    }
    std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size));
    OPENSSL_free(der);
    return out;
}

bool set_time(ASN1_TIME* field, std::int64_t unix_seconds) {
    // Go writes GeneralizedTime for years up to 9999 and fails past them.
    constexpr std::int64_t year_10000 = 253402300800;
    constexpr std::int64_t year_0 = -62167219200;
    if (unix_seconds >= year_10000 || unix_seconds < year_0) {
        return false;
    }
    return ASN1_TIME_set(field, static_cast<time_t>(unix_seconds)) != nullptr;
}

// getCertAndKey: the certificate for `signee`, signed by `signer` as
// `parent` (nullptr: self-signed), and both as PEM.
Value make_certificate(const Template& t, EVP_PKEY* signee, X509* parent, EVP_PKEY* signer) {
    const std::string prefix = "error creating certificate: ";
    if (!is_go_signer(signer)) {
        go_error(prefix + "x509: certificate private key does not implement crypto.Signer");
    }
    if (EVP_PKEY_get_base_id(signee) == EVP_PKEY_DSA) {
        go_error(prefix + "x509: unsupported public key type: " + go_public_key_type(signee));
    }
    X509Ptr cert(X509_new());
    if (!cert || X509_set_version(cert.get(), X509_VERSION_3) != 1) {
        openssl_failure("certificate");
    }
    // A serial below 2^128, as rand.Int(rand.Reader, 2^128) gives.
    BignumPtr bound(BN_new());
    BignumPtr serial(BN_new());
    if (!bound || !serial || BN_lshift(bound.get(), BN_value_one(), 128) != 1 ||
        BN_rand_range(serial.get(), bound.get()) != 1) {
        openssl_failure("certificate serial number");
    }
    Asn1IntegerPtr serial_integer(BN_to_ASN1_INTEGER(serial.get(), nullptr));
    if (!serial_integer || X509_set_serialNumber(cert.get(), serial_integer.get()) != 1) {
        openssl_failure("certificate serial number");
    }
    const X509NamePtr subject = subject_name(t.common_name);
    X509_NAME* issuer = parent != nullptr ? X509_get_subject_name(parent) : subject.get();
    if (X509_set_subject_name(cert.get(), subject.get()) != 1 ||
        X509_set_issuer_name(cert.get(), issuer) != 1) {
        openssl_failure("certificate name");
    }
    const std::int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    // time.Now().Add(time.Hour * 24 * days): the product wraps around in
    // int64 as in Go, and the times are written in whole seconds (floored).
    __extension__ typedef __int128 Int128;
    const Int128 not_after =
        Int128{now} + static_cast<std::int64_t>(static_cast<std::uint64_t>(t.days_valid) *
                                                std::uint64_t{86'400'000'000'000});
    auto seconds = [](Int128 ns) {
        return static_cast<std::int64_t>(ns / 1'000'000'000 - (ns % 1'000'000'000 < 0 ? 1 : 0));
    };
    if (!set_time(X509_getm_notBefore(cert.get()), seconds(now)) ||
        !set_time(X509_getm_notAfter(cert.get()), seconds(not_after))) {
        go_error(prefix + "asn1: structure error: cannot represent time as GeneralizedTime");
    }
    if (X509_set_pubkey(cert.get(), signee) != 1) {
        openssl_failure("certificate public key");
    }
    if (parent != nullptr && EVP_PKEY_eq(X509_get0_pubkey(parent), signer) != 1) {
        ERR_clear_error();
        go_error(prefix + "x509: provided PrivateKey doesn't match parent's PublicKey");
    }

    Asn1BitStringPtr usage(ASN1_BIT_STRING_new());
    if (!usage || ASN1_BIT_STRING_set_bit(usage.get(), 0, 1) != 1 ||
        ASN1_BIT_STRING_set_bit(usage.get(), 2, 1) != 1 ||
        (t.is_ca && ASN1_BIT_STRING_set_bit(usage.get(), 5, 1) != 1)) {
        openssl_failure("certificate key usage");
    }
    add_extension(cert.get(), NID_key_usage, usage.get(), true);

    std::unique_ptr<EXTENDED_KEY_USAGE, OpensslDeleter<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free>>
        extended(EXTENDED_KEY_USAGE_new());
    if (!extended || sk_ASN1_OBJECT_push(extended.get(), OBJ_nid2obj(NID_server_auth)) == 0 ||
        sk_ASN1_OBJECT_push(extended.get(), OBJ_nid2obj(NID_client_auth)) == 0) {
        openssl_failure("certificate extended key usage");
    }
    add_extension(cert.get(), NID_ext_key_usage, extended.get(), false);

    BasicConstraintsPtr constraints(BASIC_CONSTRAINTS_new());
    if (!constraints) {
        openssl_failure("certificate basic constraints");
    }
    constraints->ca = t.is_ca ? 0xFF : 0;
    add_extension(cert.get(), NID_basic_constraints, constraints.get(), true);

    if (t.is_ca) {
        const Asn1OctetStringPtr key_id = octet_string(subject_key_id(cert.get()));
        add_extension(cert.get(), NID_subject_key_identifier, key_id.get(), false);
    }
    if (parent != nullptr && name_der(issuer) != name_der(subject.get())) {
        const ASN1_OCTET_STRING* parent_key_id = X509_get0_subject_key_id(parent);
        if (parent_key_id != nullptr && ASN1_STRING_length(parent_key_id) > 0) {
            AuthorityKeyIdPtr authority(AUTHORITY_KEYID_new());
            if (!authority) {
                openssl_failure("certificate authority key id");
            }
            authority->keyid = ASN1_OCTET_STRING_dup(parent_key_id);
            add_extension(cert.get(), NID_authority_key_identifier, authority.get(), false);
        }
    }
    if (!t.dns_names.empty() || !t.ip_addresses.empty()) {
        GeneralNamesPtr names(GENERAL_NAMES_new());
        if (!names) {
            openssl_failure("certificate alternative names");
        }
        for (const std::string& dns : t.dns_names) {
            for (const char c : dns) {
                if (static_cast<unsigned char>(c) > 0x7F) {
                    go_error(prefix + "x509: " + gotemplate::go_quote(dns) +
                             " cannot be encoded as an IA5String");
                }
            }
            GENERAL_NAME* name = GENERAL_NAME_new();
            ASN1_IA5STRING* text = ASN1_IA5STRING_new();
            if (name == nullptr || text == nullptr ||
                ASN1_STRING_set(text, dns.data(), static_cast<int>(dns.size())) != 1) {
                GENERAL_NAME_free(name);
                ASN1_IA5STRING_free(text);
                openssl_failure("certificate alternative names");
            }
            GENERAL_NAME_set0_value(name, GEN_DNS, text);
            if (sk_GENERAL_NAME_push(names.get(), name) == 0) {
                GENERAL_NAME_free(name);
                openssl_failure("certificate alternative names");
            }
        }
        for (const std::string& ip : t.ip_addresses) {
            GENERAL_NAME* name = GENERAL_NAME_new();
            Asn1OctetStringPtr raw = octet_string(ip);
            if (name == nullptr) {
                openssl_failure("certificate alternative names");
            }
            GENERAL_NAME_set0_value(name, GEN_IPADD, raw.release());
            if (sk_GENERAL_NAME_push(names.get(), name) == 0) {
                GENERAL_NAME_free(name);
                openssl_failure("certificate alternative names");
            }
        }
        const bool empty_subject = X509_NAME_entry_count(subject.get()) == 0;
        add_extension(cert.get(), NID_subject_alt_name, names.get(), empty_subject);
    }

    if (X509_sign(cert.get(), signer, signature_digest(signer)) <= 0) {
        openssl_failure("certificate signature");
    }
    return Value::object(std::make_shared<CertificateObject>(pem_of_certificate(cert.get()),
                                                             private_key_pem(signee)));
}

X509Ptr parse_certificate_der(const std::string& der) {
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (cert && p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
        cert.reset(); // Go refuses trailing data
    }
    ERR_clear_error();
    return cert;
}

// The signer of genSignedCert*: the CA's certificate and key, parsed with
// sprig's messages.
std::pair<X509Ptr, PkeyPtr> signer_of(const CertificateObject& ca) {
    const std::optional<PemBlock> block = go_pem_decode(ca.cert());
    if (!block) {
        go_error("unable to decode certificate");
    }
    X509Ptr cert = parse_certificate_der(block->bytes);
    if (!cert) {
        go_error("error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate");
    }
    PkeyPtr key;
    try {
        key = parse_private_key_pem(ca.key());
    } catch (const Error& e) {
        go_error(std::string("error parsing private key: ") + e.what());
    }
    return {std::move(cert), std::move(key)};
}

PkeyPtr key_from_argument(const Value& pem) {
    try {
        return parse_private_key_pem(pem.as_string());
    } catch (const Error& e) {
        go_error(std::string("parsing private key: ") + e.what());
    }
}

Value gen_private_key(CallContext&, std::vector<Value>& args) {
    const std::string& type = args[0].as_string();
    const PkeyPtr key = generate_private_key(type);
    if (!key) {
        return Value::string("Unknown type " + type);
    }
    return Value::string(private_key_pem(key.get()));
}

Value ca_with(const std::vector<Value>& args, EVP_PKEY* key) {
    Template t = base_template(args[0].as_string(), Value::nil(), Value::nil(), args[1].as_int());
    t.is_ca = true;
    return make_certificate(t, key, nullptr, key);
}

Value gen_ca(CallContext&, std::vector<Value>& args) {
    const PkeyPtr key = generate_rsa_key(2048);
    return ca_with(args, key.get());
}

Value gen_ca_with_key(CallContext&, std::vector<Value>& args) {
    const PkeyPtr key = key_from_argument(args[2]);
    return ca_with(args, key.get());
}

Value self_signed_with(const std::vector<Value>& args, EVP_PKEY* key) {
    const Template t = base_template(args[0].as_string(), args[1], args[2], args[3].as_int());
    return make_certificate(t, key, nullptr, key);
}

Value gen_self_signed(CallContext&, std::vector<Value>& args) {
    const PkeyPtr key = generate_rsa_key(2048);
    return self_signed_with(args, key.get());
}

Value gen_self_signed_with_key(CallContext&, std::vector<Value>& args) {
    const PkeyPtr key = key_from_argument(args[4]);
    return self_signed_with(args, key.get());
}

Value signed_with(const std::vector<Value>& args, EVP_PKEY* key) {
    const CertificateObject& ca = require_certificate(args[4]);
    const auto [parent, signer] = signer_of(ca);
    const Template t = base_template(args[0].as_string(), args[1], args[2], args[3].as_int());
    return make_certificate(t, key, parent.get(), signer.get());
}

Value gen_signed(CallContext&, std::vector<Value>& args) {
    require_certificate(args[4]);
    const PkeyPtr key = generate_rsa_key(2048);
    return signed_with(args, key.get());
}

Value gen_signed_with_key(CallContext&, std::vector<Value>& args) {
    require_certificate(args[4]);
    const PkeyPtr key = key_from_argument(args[5]);
    return signed_with(args, key.get());
}

// buildCustomCert: base64 PEM certificate and key, checked and kept as given.
Value build_custom_cert(CallContext&, std::vector<Value>& args) {
    std::string error;
    const std::optional<std::string> cert = go_base64_std_decode(args[0].as_string(), error);
    if (!cert) {
        go_error("unable to decode base64 certificate");
    }
    const std::optional<std::string> key = go_base64_std_decode(args[1].as_string(), error);
    if (!key) {
        go_error("unable to decode base64 private key");
    }
    const std::optional<PemBlock> block = go_pem_decode(*cert);
    if (!block) {
        go_error("unable to decode certificate");
    }
    if (!parse_certificate_der(block->bytes)) {
        go_error("error parsing certificate: decodedCert.Bytes: x509: malformed certificate");
    }
    try {
        parse_private_key_pem(*key);
    } catch (const Error& e) {
        go_error(std::string("error parsing private key: ") + e.what());
    }
    return Value::object(std::make_shared<CertificateObject>(*cert, *key));
}

} // namespace certificates
} // namespace

void register_certificate_functions(gotemplate::FunctionTable& table) {
    using namespace certificates;
    // The certificate struct has no parameter Type: it is declared
    // interface{} and checked in the call (require_certificate).
    table.add("genPrivateKey", Signature{{Type::string}, false, Type::string}, gen_private_key);
    table.add("genCA", Signature{{Type::string, Type::int_}, false, Type::any}, gen_ca);
    table.add("genCAWithKey", Signature{{Type::string, Type::int_, Type::string}, false, Type::any},
              gen_ca_with_key);
    table.add("genSelfSignedCert",
              Signature{{Type::string, Type::list, Type::list, Type::int_}, false, Type::any},
              gen_self_signed);
    table.add("genSelfSignedCertWithKey",
              Signature{{Type::string, Type::list, Type::list, Type::int_, Type::string},
                        false,
                        Type::any},
              gen_self_signed_with_key);
    table.add(
        "genSignedCert",
        Signature{{Type::string, Type::list, Type::list, Type::int_, Type::any}, false, Type::any},
        gen_signed);
    table.add("genSignedCertWithKey",
              Signature{{Type::string, Type::list, Type::list, Type::int_, Type::any, Type::string},
                        false,
                        Type::any},
              gen_signed_with_key);
    table.add("buildCustomCert", Signature{{Type::string, Type::string}, false, Type::any},
              build_custom_cert);
}

} // namespace airlock::sprig::data_detail
