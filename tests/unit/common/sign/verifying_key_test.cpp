#include "common/sign/verifying_key.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/sign/keys.hpp"
#include "tests/unit/common/sign/sigstore_test_material.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using airlock::ErrorCode;
using airlock::sign::HashAlgorithm;
using airlock::sign::RsaPadding;
using airlock::sign::VerifyingKey;
using airlock::sign::VerifyingKeyType;
using airlock::test::error_code_of;
using airlock::test::sigstore::fixture;
using airlock::test::sigstore::pem_der;

namespace {

struct KeysFixture {
    nlohmann::json doc = nlohmann::json::parse(fixture("keys.json"));
    std::string message = *airlock::base64_decode(doc["message"].get<std::string>());

    const nlohmann::json& key(const std::string& name) const {
        for (const auto& k : doc["keys"]) {
            if (k["name"] == name) {
                return k;
            }
        }
        FAIL("no key " << name);
        return doc;
    }
    VerifyingKey load(const std::string& name) const {
        return VerifyingKey::from_pem(key(name)["pem"].get<std::string>(), name);
    }
    std::string signature(const std::string& name, const std::string& kind) const {
        return *airlock::base64_decode(key(name)[kind].get<std::string>());
    }
};

} // namespace

TEST_CASE("verifying keys of every supported type check signatures with an explicit hash",
          "[verifying_key]") {
    const KeysFixture f;
    const VerifyingKey p256 = f.load("p256");
    CHECK(p256.type() == VerifyingKeyType::ecdsa_p256);
    CHECK(p256.implied_hash() == HashAlgorithm::sha256);
    CHECK(p256.verify(f.message, f.signature("p256", "sha256"), HashAlgorithm::sha256));
    CHECK_FALSE(p256.verify(f.message + "x", f.signature("p256", "sha256"), HashAlgorithm::sha256));

    const VerifyingKey p384 = f.load("p384");
    CHECK(p384.type() == VerifyingKeyType::ecdsa_p384);
    CHECK(p384.bits() == 384);
    CHECK(p384.implied_hash() == HashAlgorithm::sha384);
    // cosign --key: SHA-256 whatever the curve; bundles: the key's own hash.
    CHECK(p384.verify(f.message, f.signature("p384", "sha256"), HashAlgorithm::sha256));
    CHECK(p384.verify(f.message, f.signature("p384", "sha384"), HashAlgorithm::sha384));
    CHECK_FALSE(p384.verify(f.message, f.signature("p384", "sha384"), HashAlgorithm::sha256));

    const VerifyingKey p521 = f.load("p521");
    CHECK(p521.type() == VerifyingKeyType::ecdsa_p521);
    CHECK(p521.implied_hash() == HashAlgorithm::sha512);
    CHECK(p521.verify(f.message, f.signature("p521", "sha512"), HashAlgorithm::sha512));

    const VerifyingKey rsa = f.load("rsa2048");
    CHECK(rsa.type() == VerifyingKeyType::rsa);
    CHECK(rsa.bits() == 2048);
    CHECK(rsa.verify(f.message, f.signature("rsa2048", "sha256"), HashAlgorithm::sha256));
    CHECK_FALSE(rsa.verify(f.message, f.signature("rsa2048", "sha256"), HashAlgorithm::sha256,
                           RsaPadding::pss));
    CHECK(rsa.verify(f.message, f.signature("rsa2048", "pss-sha256"), HashAlgorithm::sha256,
                     RsaPadding::pss));
    CHECK_FALSE(rsa.verify(f.message, f.signature("rsa2048", "pss-sha256"), HashAlgorithm::sha256));

    const VerifyingKey ed = f.load("ed25519");
    CHECK(ed.type() == VerifyingKeyType::ed25519);
    // Pure Ed25519: the hash does not apply.
    CHECK(ed.verify(f.message, f.signature("ed25519", "pure"), HashAlgorithm::sha256));
    CHECK(ed.verify(f.message, f.signature("ed25519", "pure"), HashAlgorithm::sha512));
    CHECK_FALSE(ed.verify(f.message + "x", f.signature("ed25519", "pure"), HashAlgorithm::sha256));
}

TEST_CASE("verifying keys check prehashed digests, except Ed25519", "[verifying_key]") {
    const KeysFixture f;
    const std::string digest256 = airlock::sign::hash_bytes(HashAlgorithm::sha256, f.message);
    CHECK(f.load("p256").verify_digest(digest256, f.signature("p256", "sha256"),
                                       HashAlgorithm::sha256));
    CHECK_FALSE(f.load("p256").verify_digest(digest256.substr(1), f.signature("p256", "sha256"),
                                             HashAlgorithm::sha256));
    CHECK(f.load("rsa2048").verify_digest(digest256, f.signature("rsa2048", "sha256"),
                                          HashAlgorithm::sha256));
    CHECK(f.load("rsa2048").verify_digest(digest256, f.signature("rsa2048", "pss-sha256"),
                                          HashAlgorithm::sha256, RsaPadding::pss));
    const std::string digest384 = airlock::sign::hash_bytes(HashAlgorithm::sha384, f.message);
    CHECK(f.load("p384").verify_digest(digest384, f.signature("p384", "sha384"),
                                       HashAlgorithm::sha384));
    CHECK_FALSE(f.load("ed25519").verify_digest(digest256, f.signature("ed25519", "pure"),
                                                HashAlgorithm::sha256));
}

TEST_CASE("verifying keys refuse garbage signatures without throwing", "[verifying_key]") {
    const KeysFixture f;
    for (const char* name : {"p256", "p384", "p521", "rsa2048", "ed25519"}) {
        const VerifyingKey key = f.load(name);
        CHECK_FALSE(key.verify(f.message, "", HashAlgorithm::sha256));
        CHECK_FALSE(key.verify(f.message, std::string(70, 'x'), HashAlgorithm::sha256));
        CHECK_FALSE(key.verify(f.message, std::string(100000, 'x'), HashAlgorithm::sha256));
    }
}

TEST_CASE("verifying key ids are the sha256 of the DER SPKI, as for bundle keys",
          "[verifying_key]") {
    const KeysFixture f;
    const VerifyingKey p256 = f.load("p256");
    const auto bundle_key =
        airlock::sign::PublicKey::from_pem(f.key("p256")["pem"].get<std::string>(), "bundle key");
    CHECK(p256.id() == bundle_key.id());
    CHECK(p256.spki_der() == bundle_key.spki_der());
    CHECK(VerifyingKey::from_spki_der(p256.spki_der(), "der") == p256);
    CHECK(VerifyingKey::from_pem(p256.pem(), "round trip") == p256);
    // The leaf certificate's key is the same key.
    const VerifyingKey from_cert =
        VerifyingKey::from_certificate_der(pem_der(fixture("leaf.pem")), "leaf");
    CHECK(from_cert == p256);
}

TEST_CASE("verifying keys refuse what they cannot verify with", "[verifying_key]") {
    const KeysFixture f;
    std::string message;
    CHECK(error_code_of([&] { (void)f.load("rsa1024"); }, &message) == ErrorCode::spec);
    CHECK_THAT(message, Catch::Contains("1024 bits"));
    CHECK(error_code_of([] { (void)VerifyingKey::from_pem("not pem", "x"); }) == ErrorCode::spec);
    const std::string two =
        f.key("p256")["pem"].get<std::string>() + f.key("p384")["pem"].get<std::string>();
    CHECK(error_code_of([&] { (void)VerifyingKey::from_pem(two, "two"); }) == ErrorCode::spec);
    const VerifyingKey p256 = f.load("p256");
    CHECK(error_code_of([&] { (void)VerifyingKey::from_spki_der(p256.spki_der() + "x", "t"); },
                        &message) == ErrorCode::spec);
    CHECK_THAT(message, Catch::Contains("trailing"));
    CHECK(error_code_of([] { (void)VerifyingKey::from_certificate_der("junk", "cert"); }) ==
          ErrorCode::spec);
    CHECK(error_code_of([&] { (void)VerifyingKey::from_pem(fixture("leaf.pem"), "cert"); }) ==
          ErrorCode::spec);
}
