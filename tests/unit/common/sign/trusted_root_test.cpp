#include "common/sign/trusted_root.hpp"

#include "common/core/error.hpp"
#include "tests/unit/common/sign/sigstore_test_material.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using airlock::ErrorCode;
using airlock::parse_rfc3339;
using airlock::sign::parse_trusted_root;
using airlock::sign::VerifyingKeyType;
using airlock::test::error_code_of;
using airlock::test::sigstore::fixture;

namespace {

// The message of parsing `doc` after `edit`.
template <typename Edit> std::string root_error(Edit edit) {
    auto doc = nlohmann::json::parse(fixture("trusted_root.json"));
    edit(doc);
    std::string message;
    CHECK(error_code_of([&] { (void)parse_trusted_root(doc.dump(), "root.json"); }, &message) ==
          ErrorCode::spec);
    return message;
}

} // namespace

TEST_CASE("the public-good and staging trusted roots parse", "[trusted_root]") {
    const auto good = parse_trusted_root(fixture("public/public-good-trusted_root.json"), "prod");
    REQUIRE_FALSE(good.tlogs.empty());
    CHECK(good.tlogs[0].base_url == "https://rekor.sigstore.dev");
    REQUIRE(good.tlogs[0].key);
    CHECK(good.tlogs[0].key->type() == VerifyingKeyType::ecdsa_p256);
    // The log id is the sha256 of the log's key.
    CHECK(good.tlogs[0].log_id ==
          airlock::test::sigstore::sha256_raw(good.tlogs[0].key->spki_der()));
    CHECK(good.find_tlog(good.tlogs[0].log_id) == &good.tlogs[0]);
    CHECK(good.find_tlog("no such log") == nullptr);
    CHECK_FALSE(good.certificate_authorities.empty());
    CHECK_FALSE(good.ctlogs.empty());

    const auto staging = parse_trusted_root(fixture("public/staging-trusted_root.json"), "staging");
    // The staging root still lists a CT log by its PKCS#1 RSA key.
    bool rsa = false;
    for (const auto& log : staging.ctlogs) {
        if (log.key_details == "PKCS1_RSA_PKCS1V5") {
            REQUIRE(log.key);
            CHECK(log.key->type() == VerifyingKeyType::rsa);
            CHECK(log.log_id == airlock::test::sigstore::sha256_raw(log.key->spki_der()));
            rsa = true;
        }
        CHECK(log.valid_for.start >= parse_rfc3339("2021-01-01T00:00:00Z"));
    }
    CHECK(rsa);
    CHECK(staging.timestamp_authorities.size() == 1);
    // An Ed25519 Rekor log.
    bool ed25519 = false;
    for (const auto& log : staging.tlogs) {
        ed25519 = ed25519 || (log.key && log.key->type() == VerifyingKeyType::ed25519);
    }
    CHECK(ed25519);
}

TEST_CASE("trusted roots keep validity periods", "[trusted_root]") {
    const auto root = parse_trusted_root(fixture("public/staging-trusted_root.json"), "staging");
    const auto& first_ct = root.ctlogs[0].valid_for;
    REQUIRE(first_ct.end);
    CHECK(first_ct.covers(parse_rfc3339("2022-01-01T00:00:00Z")));
    CHECK_FALSE(first_ct.covers(parse_rfc3339("2022-08-01T00:00:00Z")));
    CHECK_FALSE(first_ct.covers(parse_rfc3339("2021-03-13T23:59:59Z")));
    CHECK(root.certificate_authorities[0].valid_for.covers(parse_rfc3339("2099-01-01T00:00:00Z")));
}

TEST_CASE("trusted roots are parsed strictly, errors naming the field", "[trusted_root]") {
    CHECK_THAT(root_error([](auto& d) { d["mediaType"] = "application/json"; }),
               Catch::Contains("root.json: mediaType: not"));
    CHECK_THAT(root_error([](auto& d) { d["tlogs"][0]["publicKey"]["rawBytes"] = "%%%"; }),
               Catch::Contains("tlogs[0].publicKey.rawBytes: not base64"));
    CHECK_THAT(root_error([](auto& d) { d["tlogs"][0]["publicKey"]["rawBytes"] = "AAAA"; }),
               Catch::Contains("tlogs[0].publicKey.rawBytes: malformed public key"));
    CHECK_THAT(root_error([](auto& d) {
                   d["tlogs"][0]["publicKey"]["keyDetails"] = "PKIX_ECDSA_P384_SHA_384";
               }),
               Catch::Contains("where keyDetails says PKIX_ECDSA_P384_SHA_384"));
    CHECK_THAT(root_error([](auto& d) { d["ctlogs"][0]["hashAlgorithm"] = "SHA2_384"; }),
               Catch::Contains("ctlogs[0].hashAlgorithm"));
    CHECK_THAT(root_error([](auto& d) { d["ctlogs"][0].erase("logId"); }),
               Catch::Contains("ctlogs[0].logId"));
    CHECK_THAT(root_error([](auto& d) {
                   d["certificateAuthorities"][0]["validFor"]["start"] = "yesterday";
               }),
               Catch::Contains("certificateAuthorities[0].validFor.start: not an RFC 3339 time"));
    CHECK_THAT(root_error([](auto& d) {
                   d["certificateAuthorities"][0]["validFor"]["end"] = "2020-01-01T00:00:00Z";
               }),
               Catch::Contains("validFor.end: before start"));
    CHECK_THAT(root_error([](auto& d) {
                   d["certificateAuthorities"][0]["certChain"]["certificates"][0]["rawBytes"] =
                       "AAAA";
               }),
               Catch::Contains("certChain.certificates[0].rawBytes: not a DER X.509 certificate"));
    CHECK_THAT(root_error([](auto& d) {
                   d["certificateAuthorities"][0]["certChain"]["certificates"] =
                       nlohmann::json::array();
               }),
               Catch::Contains("certChain.certificates: empty"));
    CHECK_THAT(root_error([](auto& d) { d["tlogs"] = "none"; }),
               Catch::Contains("tlogs: expected an array"));
    std::string message;
    CHECK(
        error_code_of([] { (void)parse_trusted_root("{\"mediaType\": 1, \"mediaType\": 2}", "r"); },
                      &message) == ErrorCode::spec);
    CHECK(error_code_of([] { (void)parse_trusted_root(std::string(2 << 20, ' '), "r"); }) ==
          ErrorCode::spec);
}

TEST_CASE("logs with an unknown key algorithm are kept without a key", "[trusted_root]") {
    auto doc = nlohmann::json::parse(fixture("trusted_root.json"));
    doc["tlogs"][0]["publicKey"]["keyDetails"] = "PKIX_SOMETHING_NEW";
    const auto root = parse_trusted_root(doc.dump(), "root");
    REQUIRE(root.tlogs.size() == 1);
    CHECK_FALSE(root.tlogs[0].key);
}

TEST_CASE("trusted roots load from files", "[trusted_root]") {
    const auto root = airlock::sign::load_trusted_root(
        std::string(AIRLOCK_SOURCE_DIR) + "/tests/fixtures/sigstore/trusted_root.json");
    CHECK(root.tlogs.size() == 1);
    CHECK(error_code_of([] { (void)airlock::sign::load_trusted_root("/nonexistent/root.json"); }) ==
          ErrorCode::io);
}
