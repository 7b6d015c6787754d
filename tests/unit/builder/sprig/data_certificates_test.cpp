// Keys and certificates: what we make is parsed back with OpenSSL and its
// fields checked against what helm v4.1.4 (sprig v3.3.0, Go 1.25's x509)
// makes: see `openssl x509 -text` of helm's genCA / genSignedCert output.
#include "common/core/base64.hpp"
#include "data_test_support.hpp"

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <regex>

using namespace airlock::sprig_data_test;

namespace {

struct DataCertFree {
    void operator()(X509* p) const { X509_free(p); }
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
    void operator()(BIO* p) const { BIO_free(p); }
};
using DataCertX509 = std::unique_ptr<X509, DataCertFree>;
using DataCertKey = std::unique_ptr<EVP_PKEY, DataCertFree>;

DataCertX509 data_cert_parse(const std::string& pem) {
    std::unique_ptr<BIO, DataCertFree> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    DataCertX509 cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    REQUIRE(cert);
    return cert;
}

DataCertKey data_cert_key(const std::string& pem) {
    std::unique_ptr<BIO, DataCertFree> bio(
        BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    DataCertKey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    REQUIRE(key);
    return key;
}

std::string data_cert_field(const Value& certificate, const char* name) {
    return certificate.as_object().field(name).value().as_string();
}

std::string data_cert_der(const ASN1_STRING* s) {
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                       static_cast<std::size_t>(ASN1_STRING_length(s)));
}

// The extension's NID, criticality and DER value, in certificate order.
struct DataCertExtension {
    int nid;
    bool critical;
    std::string value;
};
std::vector<DataCertExtension> data_cert_extensions(X509* cert) {
    std::vector<DataCertExtension> out;
    for (int i = 0; i < X509_get_ext_count(cert); ++i) {
        X509_EXTENSION* ext = X509_get_ext(cert, i);
        out.push_back({OBJ_obj2nid(X509_EXTENSION_get_object(ext)),
                       X509_EXTENSION_get_critical(ext) == 1,
                       data_cert_der(X509_EXTENSION_get_data(ext))});
    }
    return out;
}

std::string data_cert_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        out += digits[static_cast<unsigned char>(c) >> 4];
        out += digits[static_cast<unsigned char>(c) & 0xF];
    }
    return out;
}

std::int64_t data_cert_validity_seconds(X509* cert) {
    int days = 0;
    int seconds = 0;
    REQUIRE(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert), X509_get0_notAfter(cert)) ==
            1);
    return std::int64_t{days} * 86400 + seconds;
}

std::string data_cert_subject(X509_NAME* name) {
    std::unique_ptr<BIO, DataCertFree> bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(size));
}

int data_cert_cn_type(X509* cert) {
    X509_NAME* name = X509_get_subject_name(cert);
    REQUIRE(X509_NAME_entry_count(name) == 1);
    return ASN1_STRING_type(X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, 0)));
}

// A DSA key made once: parameter generation takes seconds.
const std::string& data_cert_dsa_key() {
    static const std::string key = DataFunctions().print("genPrivateKey", {s("dsa")});
    return key;
}

const std::string data_cert_ku_ca = std::string("\x03\x02\x02\xa4", 4);   // DS, KE, cert sign
const std::string data_cert_ku_leaf = std::string("\x03\x02\x05\xa0", 4); // DS, KE
const std::string data_cert_eku = std::string("\x30\x14\x06\x08\x2b\x06\x01\x05\x05\x07\x03\x01"
                                              "\x06\x08\x2b\x06\x01\x05\x05\x07\x03\x02",
                                              22);

} // namespace

TEST_CASE("sprig genPrivateKey writes Go's PEM forms", "[sprig-data]") {
    DataFunctions fns;
    const std::string rsa = fns.print("genPrivateKey", {s("rsa")});
    CHECK(
        std::regex_match(rsa, std::regex("-----BEGIN RSA PRIVATE KEY-----\n([A-Za-z0-9+/]{64}\n)+"
                                         "[A-Za-z0-9+/=]{1,64}\n-----END RSA PRIVATE KEY-----\n")));
    CHECK(EVP_PKEY_get_bits(data_cert_key(rsa).get()) == 4096);
    CHECK(fns.print("genPrivateKey", {s("")}).rfind("-----BEGIN RSA PRIVATE KEY-----\n", 0) == 0);

    const std::string ec = fns.print("genPrivateKey", {s("ecdsa")});
    REQUIRE(ec.rfind("-----BEGIN EC PRIVATE KEY-----\n", 0) == 0);
    const DataCertKey ec_key = data_cert_key(ec);
    char group[64] = {};
    REQUIRE(EVP_PKEY_get_group_name(ec_key.get(), group, sizeof group, nullptr) == 1);
    CHECK(std::string(group) == "prime256v1");
    // SEC 1 with version 1, the curve's OID and the public key, 121 bytes.
    CHECK(ec.size() == 227);

    const std::string ed = fns.print("genPrivateKey", {s("ed25519")});
    CHECK(std::regex_match(
        ed, std::regex("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI[A-Za-z0-9+/]{43}\n"
                       "-----END PRIVATE KEY-----\n")));
    CHECK(EVP_PKEY_get_base_id(data_cert_key(ed).get()) == EVP_PKEY_ED25519);

    const std::string& dsa = data_cert_dsa_key();
    REQUIRE(dsa.rfind("-----BEGIN DSA PRIVATE KEY-----\n", 0) == 0);
    const DataCertKey dsa_key = data_cert_key(dsa);
    CHECK(EVP_PKEY_get_bits(dsa_key.get()) == 2048);
    CHECK(EVP_PKEY_get_security_bits(dsa_key.get()) == 112); // N = 256 with L = 2048

    CHECK(fns.print("genPrivateKey", {s("foo")}) == "Unknown type foo");
}

TEST_CASE("sprig genCA makes a self-signed RSA 2048 CA like Go's", "[sprig-data]") {
    DataFunctions fns;
    const Value ca = fns.call("genCA", {s("my-ca"), i(365)});
    CHECK(ca.type_name() == "sprig.certificate");
    const DataCertX509 cert = data_cert_parse(data_cert_field(ca, "Cert"));
    CHECK(X509_get_version(cert.get()) == 2);
    const std::unique_ptr<BIGNUM, decltype(&BN_free)> serial(
        ASN1_INTEGER_to_BN(X509_get0_serialNumber(cert.get()), nullptr), &BN_free);
    CHECK(BN_num_bits(serial.get()) <= 128);
    CHECK(X509_get_signature_nid(cert.get()) == NID_sha256WithRSAEncryption);
    CHECK(data_cert_subject(X509_get_subject_name(cert.get())) == "CN=my-ca");
    CHECK(data_cert_subject(X509_get_issuer_name(cert.get())) == "CN=my-ca");
    CHECK(data_cert_cn_type(cert.get()) == V_ASN1_PRINTABLESTRING);
    CHECK(data_cert_validity_seconds(cert.get()) == 365 * 86400);
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    int day = 0;
    int sec = 0;
    REQUIRE(ASN1_TIME_diff(&day, &sec, nullptr, X509_get0_notBefore(cert.get())) == 1);
    CHECK(std::abs(day * 86400 + sec) < 300);
    (void)now;
    EVP_PKEY* public_key = X509_get0_pubkey(cert.get());
    CHECK(EVP_PKEY_get_base_id(public_key) == EVP_PKEY_RSA);
    CHECK(EVP_PKEY_get_bits(public_key) == 2048);
    CHECK(X509_verify(cert.get(), public_key) == 1);

    const std::vector<DataCertExtension> ext = data_cert_extensions(cert.get());
    REQUIRE(ext.size() == 4);
    CHECK((ext[0].nid == NID_key_usage && ext[0].critical && ext[0].value == data_cert_ku_ca));
    CHECK((ext[1].nid == NID_ext_key_usage && !ext[1].critical && ext[1].value == data_cert_eku));
    CHECK((ext[2].nid == NID_basic_constraints && ext[2].critical &&
           ext[2].value == std::string("\x30\x03\x01\x01\xff", 5)));
    CHECK((ext[3].nid == NID_subject_key_identifier && !ext[3].critical));
    // Go 1.25: the first 160 bits of SHA-256 over the public key bits.
    const ASN1_BIT_STRING* bits = X509_get0_pubkey_bitstr(cert.get());
    unsigned char digest[32];
    EVP_Digest(ASN1_STRING_get0_data(bits), static_cast<std::size_t>(ASN1_STRING_length(bits)),
               digest, nullptr, EVP_sha256(), nullptr);
    CHECK(data_cert_hex(data_cert_der(X509_get0_subject_key_id(cert.get()))) ==
          data_cert_hex(std::string(reinterpret_cast<const char*>(digest), 20)));

    const std::string key_pem = data_cert_field(ca, "Key");
    CHECK(key_pem.rfind("-----BEGIN RSA PRIVATE KEY-----\n", 0) == 0);
    CHECK(EVP_PKEY_eq(data_cert_key(key_pem).get(), public_key) == 1);
    // %v of the struct and its JSON form.
    CHECK(airlock::gotemplate::sprint_value(ca) ==
          "{" + data_cert_field(ca, "Cert") + " " + key_pem + "}");
    CHECK(ca.as_object().plain().as_map().size() == 2);
}

TEST_CASE("sprig certificate validity: days*24h wraps around as Go's Duration does",
          "[sprig-data]") {
    DataFunctions fns;
    const DataCertX509 expired =
        data_cert_parse(data_cert_field(fns.call("genCA", {s("x"), i(-1)}), "Cert"));
    CHECK(data_cert_validity_seconds(expired.get()) == -86400);
    // 1000000 days overflow int64 nanoseconds: helm v4.1.4 writes a
    // notAfter about 185 years before notBefore (January 1842 in 2026).
    const DataCertX509 wrapped =
        data_cert_parse(data_cert_field(fns.call("genCA", {s("y"), i(1000000)}), "Cert"));
    const std::int64_t validity = data_cert_validity_seconds(wrapped.get());
    CHECK((validity == -5833720368 || validity == -5833720369));
}

TEST_CASE("sprig genSignedCert: issuer, AKI, SANs and the CA's signature", "[sprig-data]") {
    DataFunctions fns;
    const Value ca = fns.call("genCA", {s("my-ca"), i(365)});
    const Value leaf = fns.call(
        "genSignedCert", {s("leaf.example"), list({s("10.0.0.1"), s("::1"), s("::ffff:1.2.3.4")}),
                          list({s("a.example"), s("b.example")}), i(30), ca});
    const DataCertX509 ca_cert = data_cert_parse(data_cert_field(ca, "Cert"));
    const DataCertX509 cert = data_cert_parse(data_cert_field(leaf, "Cert"));
    CHECK(data_cert_subject(X509_get_subject_name(cert.get())) == "CN=leaf.example");
    CHECK(data_cert_subject(X509_get_issuer_name(cert.get())) == "CN=my-ca");
    CHECK(data_cert_validity_seconds(cert.get()) == 30 * 86400);
    CHECK(X509_verify(cert.get(), X509_get0_pubkey(ca_cert.get())) == 1);
    CHECK(EVP_PKEY_get_bits(X509_get0_pubkey(cert.get())) == 2048);

    const std::vector<DataCertExtension> ext = data_cert_extensions(cert.get());
    REQUIRE(ext.size() == 5);
    CHECK((ext[0].nid == NID_key_usage && ext[0].critical && ext[0].value == data_cert_ku_leaf));
    CHECK((ext[1].nid == NID_ext_key_usage && ext[1].value == data_cert_eku));
    CHECK((ext[2].nid == NID_basic_constraints && ext[2].critical &&
           ext[2].value == std::string("\x30\x00", 2)));
    CHECK(ext[3].nid == NID_authority_key_identifier);
    CHECK(ext[3].value == std::string("\x30\x16\x80\x14", 4) +
                              data_cert_der(X509_get0_subject_key_id(ca_cert.get())));
    CHECK((ext[4].nid == NID_subject_alt_name && !ext[4].critical));
    // DNS names, then IPs (4 bytes for IPv4 and IPv4-mapped addresses).
    const std::string expected_san = std::string("3034") + "8209" + data_cert_hex("a.example") +
                                     "8209" + data_cert_hex("b.example") + "8704" + "0a000001" +
                                     "8710" + std::string(30, '0') + "01" + "8704" + "01020304";
    CHECK(data_cert_hex(ext[4].value) == expected_san);
    CHECK(X509_get0_subject_key_id(cert.get()) == nullptr);
}

TEST_CASE("sprig genSelfSignedCert: empty subject, critical SAN; CN string types", "[sprig-data]") {
    DataFunctions fns;
    const Value cert_value =
        fns.call("genSelfSignedCert", {s(""), nil(), list({s("x.example")}), i(10)});
    const DataCertX509 cert = data_cert_parse(data_cert_field(cert_value, "Cert"));
    CHECK(X509_NAME_entry_count(X509_get_subject_name(cert.get())) == 0);
    CHECK(X509_NAME_entry_count(X509_get_issuer_name(cert.get())) == 0);
    const std::vector<DataCertExtension> ext = data_cert_extensions(cert.get());
    REQUIRE(ext.size() == 4);
    CHECK((ext[3].nid == NID_subject_alt_name && ext[3].critical));
    CHECK(X509_verify(cert.get(), X509_get0_pubkey(cert.get())) == 1);

    for (const char* cn : {"*.example.com", "a&b", "\xC3\xA9"}) {
        const Value c = fns.call("genSelfSignedCert", {s(cn), nil(), nil(), i(1)});
        CHECK(data_cert_cn_type(data_cert_parse(data_cert_field(c, "Cert")).get()) ==
              V_ASN1_UTF8STRING);
    }
}

TEST_CASE("sprig *WithKey functions sign with the given key's algorithm", "[sprig-data]") {
    DataFunctions fns;
    const std::string ec = fns.print("genPrivateKey", {s("ecdsa")});
    const std::string ed = fns.print("genPrivateKey", {s("ed25519")});
    const Value ec_ca = fns.call("genCAWithKey", {s("ec-ca"), i(1), s(ec)});
    CHECK(data_cert_field(ec_ca, "Key") == ec);
    const DataCertX509 ec_cert = data_cert_parse(data_cert_field(ec_ca, "Cert"));
    CHECK(X509_get_signature_nid(ec_cert.get()) == NID_ecdsa_with_SHA256);

    const Value leaf = fns.call("genSignedCertWithKey", {s("l"), nil(), nil(), i(1), ec_ca, s(ed)});
    CHECK(data_cert_field(leaf, "Key") == ed);
    const DataCertX509 leaf_cert = data_cert_parse(data_cert_field(leaf, "Cert"));
    CHECK(X509_get_signature_nid(leaf_cert.get()) == NID_ecdsa_with_SHA256);
    CHECK(EVP_PKEY_get_base_id(X509_get0_pubkey(leaf_cert.get())) == EVP_PKEY_ED25519);
    CHECK(X509_verify(leaf_cert.get(), X509_get0_pubkey(ec_cert.get())) == 1);

    const Value ed_ca = fns.call("genCAWithKey", {s("ed-ca"), i(1), s(ed)});
    CHECK(X509_get_signature_nid(data_cert_parse(data_cert_field(ed_ca, "Cert")).get()) ==
          NID_ED25519);

    // P-384 keys sign with SHA-384, as Go picks the hash by curve.
    DataCertKey p384(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
    std::unique_ptr<BIO, DataCertFree> bio(BIO_new(BIO_s_mem()));
    REQUIRE(PEM_write_bio_PrivateKey_traditional(bio.get(), p384.get(), nullptr, nullptr, 0,
                                                 nullptr, nullptr) == 1);
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    const Value p384_cert = fns.call(
        "genSelfSignedCertWithKey",
        {s("p"), nil(), nil(), i(1), s(std::string(data, static_cast<std::size_t>(size)))});
    CHECK(X509_get_signature_nid(data_cert_parse(data_cert_field(p384_cert, "Cert")).get()) ==
          NID_ecdsa_with_SHA384);
}

TEST_CASE("sprig certificate functions fail with sprig's and Go's messages", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.error("genCAWithKey", {s("x"), i(1), s(data_cert_dsa_key())}) ==
          "error creating certificate: x509: certificate private key does not implement "
          "crypto.Signer");
    CHECK(fns.error("genCAWithKey", {s("x"), i(1), s("junk")}) ==
          "parsing private key: no PEM data in input");
    CHECK(fns.error("genCAWithKey",
                    {s("x"), i(1), s("-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n")}) ==
          "parsing private key: no private key data in PEM block of type FOO");
    CHECK(fns.error("genCAWithKey", {s("x"), i(1),
                                     s("-----BEGIN X25519 PRIVATE KEY-----\nAAAA\n-----END "
                                       "X25519 PRIVATE KEY-----\n")}) ==
          "parsing private key: invalid private key type X25519 PRIVATE KEY");
    // Go knows no curves beyond NIST's (these are secp256k1 keys).
    CHECK(fns.error(
              "genCAWithKey",
              {s("x"), i(1),
               s("-----BEGIN EC PRIVATE KEY-----\nMHQCAQEEIOpsv9M/BEvJX8keV7q01HAKrBK6UsxxTw1RvQ8/"
                 "h/DToAcGBSuBBAAK\noUQDQgAEocdlRPRMk8XHEfSZx9gmkltSKe1VwoE3gjC/"
                 "NejsldgMlDQS3FQgJI1O\nCcTcvtb1ABTKUE+512WKcPw7FCgPlQ==\n-----END EC PRIVATE "
                 "KEY-----")}) ==
          "parsing private key: parsing EC private key from PEM: x509: unknown elliptic curve");
    CHECK(
        fns.error(
            "genCAWithKey",
            {s("x"), i(1),
             s("-----BEGIN PRIVATE KEY-----\nMIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQgRUBbP+"
               "dFk6svJw7E/pch\nX9JhyGd7KMq0iQRcvCK+WNyhRANCAAThNcjjglbfhMWHtzjbgjPCAO8XPGOe8rXc\n"
               "rqrjRWLejh1N+Sm0kJKM0R2LUC2AbmRY0eO2lq45teRQ1o6OT7Vw\n-----END PRIVATE "
               "KEY-----")}) ==
        "parsing private key: decoding PEM as PKCS#8: x509: failed to parse EC private key "
        "embedded in PKCS#8: x509: unknown elliptic curve");
    // X25519 in PKCS#8 parses, but cannot sign.
    CHECK(
        fns.error("genCAWithKey",
                  {s("x"), i(1),
                   s("-----BEGIN PRIVATE "
                     "KEY-----\nMC4CAQAwBQYDK2VuBCIEIHBgJSkzrG56SpsOsmMsWgQKhyV624aaPszD0WtyTyZH\n"
                     "-----END PRIVATE KEY-----\n")}) ==
        "error creating certificate: x509: certificate private key does not implement "
        "crypto.Signer");
    CHECK(fns.error("genSignedCert",
                    {s("x"), nil(), nil(), i(1), dict({{"Cert", s("a")}, {"Key", s("b")}})}) ==
          "wrong type for value; expected sprig.certificate; got map[string]interface {}");
    CHECK(fns.error("genSelfSignedCert", {s("x"), list({s("1.2.3")}), nil(), i(1)}) ==
          "error parsing ip: 1.2.3");
    CHECK(fns.error("genSelfSignedCert", {s("x"), list({i(5)}), nil(), i(1)}) ==
          "error parsing ip: 5 is not a string");
    CHECK(fns.error("genSelfSignedCert", {s("x"), nil(), list({i(5)}), i(1)}) ==
          "error processing alternate dns name: 5 is not a string");
    CHECK(fns.error("genSelfSignedCert", {s("x"), nil(), list({s("\xC3\xA9")}), i(1)}) ==
          "error creating certificate: x509: \"\xC3\xA9\" cannot be encoded as an IA5String");
    const Value ca = fns.call("genCA", {s("x"), i(1)});
    const Value other = fns.call("genCA", {s("y"), i(1)});
    CHECK(fns.error("genSignedCertWithKey",
                    {s("z"), nil(), nil(), i(1), ca, s(data_cert_dsa_key())}) ==
          "error creating certificate: x509: unsupported public key type: *dsa.PublicKey");

    // buildCustomCert checks and keeps the PEM text it is given.
    const std::string ca_cert = data_cert_field(ca, "Cert");
    const std::string ca_key = data_cert_field(ca, "Key");
    const std::string other_key = data_cert_field(other, "Key");
    const Value custom = fns.call(
        "buildCustomCert", {s(airlock::base64_encode(ca_cert)), s(airlock::base64_encode(ca_key))});
    CHECK(custom.type_name() == "sprig.certificate");
    CHECK(data_cert_field(custom, "Cert") == ca_cert);
    CHECK(data_cert_field(custom, "Key") == ca_key);
    const Value mismatched = fns.call("buildCustomCert", {s(airlock::base64_encode(ca_cert)),
                                                          s(airlock::base64_encode(other_key))});
    CHECK(fns.error("genSignedCert", {s("z"), nil(), nil(), i(1), mismatched}) ==
          "error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey");
    CHECK(fns.error("buildCustomCert", {s("a"), s("b")}) == "unable to decode base64 certificate");
    CHECK(fns.error("buildCustomCert", {s("YQ=="), s("a")}) ==
          "unable to decode base64 private key");
    CHECK(fns.error("buildCustomCert", {s("YQ=="), s("YQ==")}) == "unable to decode certificate");
    CHECK(fns.error("buildCustomCert", {s(airlock::base64_encode(ca_cert)), s("YQ==")}) ==
          "error parsing private key: no PEM data in input");
}
