#include "common/sign/keyless.hpp"

#include "common/core/error.hpp"
#include "common/sign/certificate_sct.hpp"
#include "tests/unit/common/sign/sigstore_test_material.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using airlock::ErrorCode;
using airlock::Timestamp;
using airlock::sign::certificate_identity;
using airlock::sign::check_embedded_sct;
using airlock::sign::check_keyless_certificate;
using airlock::sign::IdentityPolicy;
using airlock::sign::parse_trusted_root;
using airlock::test::error_code_of;
using airlock::test::sigstore::fixture;
using airlock::test::sigstore::leaf_not_before;
using airlock::test::sigstore::Material;
using airlock::test::sigstore::pem_der;
using airlock::test::sigstore::signed_time;
using airlock::test::sigstore::test_issuer;
using airlock::test::sigstore::test_subject;

namespace {

Timestamp keyless_at(std::int64_t seconds) {
    return Timestamp{std::chrono::seconds(seconds)};
}

IdentityPolicy workflow_identity() {
    return IdentityPolicy::make(test_issuer, test_subject, "", "test policy");
}

} // namespace

TEST_CASE("a Fulcio-like certificate verifies at the entry's time", "[keyless]") {
    const Material m;
    const auto check = check_keyless_certificate(m.leaf_der, {}, keyless_at(signed_time), m.root,
                                                 workflow_identity());
    INFO(check.why);
    REQUIRE(check.ok);
    CHECK(check.why.empty());
    REQUIRE(check.key);
    CHECK(check.key->spki_der() == m.leaf_key.public_key().spki_der());
    CHECK(check.identity.issuer == test_issuer);
    CHECK(check.identity.sans == std::vector<std::string>{test_subject});
    // The intermediate carried with the signature changes nothing.
    CHECK(check_keyless_certificate(m.leaf_der, {m.intermediate_der}, keyless_at(signed_time),
                                    m.root, workflow_identity())
              .ok);
}

TEST_CASE("identities come from the SAN and the Fulcio issuer extensions", "[keyless]") {
    const Material m;
    const auto v2 = certificate_identity(m.leaf_der);
    REQUIRE(v2);
    CHECK(v2->issuer == test_issuer);
    const auto legacy = certificate_identity(pem_der(fixture("leaf-legacy-issuer.pem")));
    REQUIRE(legacy);
    CHECK(legacy->issuer == "https://accounts.example.com");
    CHECK(legacy->sans == std::vector<std::string>{"releaser@example.com"});
    CHECK_FALSE(certificate_identity("not a certificate"));

    const auto email =
        IdentityPolicy::make("https://accounts.example.com", "releaser@example.com", "", "policy");
    CHECK(check_keyless_certificate(pem_der(fixture("leaf-legacy-issuer.pem")), {},
                                    keyless_at(signed_time), m.root, email)
              .ok);
}

TEST_CASE("identity policies match the issuer exactly and the subject exactly or by a whole "
          "Go regexp",
          "[keyless]") {
    const Material m;
    auto verify_with = [&](const IdentityPolicy& policy) {
        return check_keyless_certificate(m.leaf_der, {}, keyless_at(signed_time), m.root, policy);
    };
    CHECK(verify_with(IdentityPolicy::make(test_issuer, "",
                                           R"(https://github\.com/example/app/\.github/workflows/)"
                                           R"(release\.yml@refs/heads/.*)",
                                           "p"))
              .ok);
    // Whole-string: a pattern that matches only part of the subject is refused.
    const auto partial = verify_with(IdentityPolicy::make(test_issuer, "", "example/app", "p"));
    CHECK_FALSE(partial.ok);
    CHECK_THAT(partial.why, Catch::Contains("does not match subject matching /example/app/"));
    const auto other_subject =
        verify_with(IdentityPolicy::make(test_issuer, "https://github.com/example/other", "", "p"));
    CHECK_FALSE(other_subject.ok);
    CHECK_THAT(other_subject.why, Catch::StartsWith("identity " + test_subject));
    const auto other_regexp =
        verify_with(IdentityPolicy::make(test_issuer, "", "https://github.com/evil/.*", "p"));
    CHECK_FALSE(other_regexp.ok);
    const auto other_issuer =
        verify_with(IdentityPolicy::make("https://accounts.google.com", test_subject, "", "p"));
    CHECK_FALSE(other_issuer.ok);
    CHECK_THAT(other_issuer.why, Catch::Contains("from " + test_issuer + " does not match"));
    // An issuer that only starts the same way is another issuer.
    CHECK_FALSE(verify_with(IdentityPolicy::make(test_issuer + "/", test_subject, "", "p")).ok);
}

TEST_CASE("identity policies refuse incomplete or ambiguous identities", "[keyless]") {
    std::string message;
    CHECK(error_code_of([] { (void)IdentityPolicy::make("", "s", "", "p"); }) == ErrorCode::spec);
    CHECK(error_code_of([] { (void)IdentityPolicy::make("i", "", "", "p"); }) == ErrorCode::spec);
    CHECK(error_code_of([] { (void)IdentityPolicy::make("i", "s", "r", "p"); }) == ErrorCode::spec);
    CHECK(error_code_of([] { (void)IdentityPolicy::make("i", "", "(a", "spec images[0]"); },
                        &message) == ErrorCode::spec);
    CHECK_THAT(message, Catch::Contains("spec images[0]: subjectRegExp: error parsing regexp"));
    CHECK_THAT(message, Catch::Contains("`(a`"));
}

TEST_CASE("certificates outside their validity at the entry's time are refused", "[keyless]") {
    const Material m;
    const auto late = check_keyless_certificate(m.leaf_der, {}, keyless_at(leaf_not_before + 601),
                                                m.root, workflow_identity());
    CHECK_FALSE(late.ok);
    CHECK(late.why == "certificate expired at the entry's time 2026-01-10T10:10:01Z (valid until "
                      "2026-01-10T10:10:00Z)");
    CHECK_FALSE(late.key);
    const auto early = check_keyless_certificate(m.leaf_der, {}, keyless_at(leaf_not_before - 1),
                                                 m.root, workflow_identity());
    CHECK_FALSE(early.ok);
    CHECK_THAT(early.why, Catch::StartsWith("certificate not yet valid at the entry's time"));
}

TEST_CASE("certificates from a CA the trusted root does not list are refused", "[keyless]") {
    const Material m;
    const auto untrusted =
        check_keyless_certificate(pem_der(fixture("leaf-untrusted-ca.pem")), {},
                                  keyless_at(signed_time), m.root, workflow_identity());
    CHECK_FALSE(untrusted.ok);
    CHECK_THAT(untrusted.why, Catch::StartsWith("certificate from an untrusted CA"));
    // Carrying the untrusted root along does not make it trusted (no partial chains).
    const auto carried = check_keyless_certificate(
        pem_der(fixture("leaf-untrusted-ca.pem")), {pem_der(fixture("untrusted-root.pem"))},
        keyless_at(signed_time), m.root, workflow_identity());
    CHECK_FALSE(carried.ok);
    CHECK_THAT(carried.why, Catch::StartsWith("certificate from an untrusted CA"));

    // A root that lists only the intermediate (not self-signed) anchors nothing.
    auto doc = nlohmann::json::parse(m.trusted_root_json);
    doc["certificateAuthorities"][0]["certChain"]["certificates"].erase(1);
    const auto partial_root = parse_trusted_root(doc.dump(), "root");
    CHECK_FALSE(check_keyless_certificate(m.leaf_der, {}, keyless_at(signed_time), partial_root,
                                          workflow_identity())
                    .ok);

    // The CA's validFor must cover the entry's time.
    doc = nlohmann::json::parse(m.trusted_root_json);
    doc["certificateAuthorities"][0]["validFor"] = {{"start", "2025-01-01T00:00:00Z"},
                                                    {"end", "2025-12-31T00:00:00Z"}};
    const auto retired =
        check_keyless_certificate(m.leaf_der, {}, keyless_at(signed_time),
                                  parse_trusted_root(doc.dump(), "root"), workflow_identity());
    CHECK_FALSE(retired.ok);
    CHECK_THAT(retired.why, Catch::Contains("not valid at 2026-01-10T10:01:00Z"));
}

TEST_CASE("certificates without the codeSigning usage are refused", "[keyless]") {
    const Material m;
    const auto check =
        check_keyless_certificate(pem_der(fixture("leaf-no-eku.pem")), {}, keyless_at(signed_time),
                                  m.root, workflow_identity());
    CHECK_FALSE(check.ok);
    CHECK_THAT(check.why, Catch::Contains("not for code signing"));
}

TEST_CASE("embedded SCTs verify with a CT log of the trusted root", "[keyless]") {
    const Material m;
    CHECK(check_embedded_sct(m.leaf_der, m.intermediate_der, m.root).empty());
    // The issuer key hash is part of what the log signed.
    CHECK(check_embedded_sct(m.leaf_der, pem_der(fixture("root.pem")), m.root) ==
          "SCT signature does not verify with CT log https://ctfe.test.example's key");
    CHECK(check_embedded_sct(pem_der(fixture("leaf-forged-sct.pem")), m.intermediate_der, m.root) ==
          "SCT signature does not verify with CT log https://ctfe.test.example's key");
    CHECK(check_embedded_sct(pem_der(fixture("leaf-no-sct.pem")), m.intermediate_der, m.root) ==
          "certificate has no embedded SCT");

    auto doc = nlohmann::json::parse(m.trusted_root_json);
    doc["ctlogs"] = nlohmann::json::array();
    CHECK_THAT(
        check_embedded_sct(m.leaf_der, m.intermediate_der, parse_trusted_root(doc.dump(), "root")),
        Catch::StartsWith("SCT from a CT log the trusted root does not list"));
    doc = nlohmann::json::parse(m.trusted_root_json);
    doc["ctlogs"][0]["publicKey"]["validFor"]["start"] = "2026-02-01T00:00:00Z";
    CHECK_THAT(
        check_embedded_sct(m.leaf_der, m.intermediate_der, parse_trusted_root(doc.dump(), "root")),
        Catch::Contains("outside the log's validity"));
}

TEST_CASE("keyless checks fail closed on a missing or forged SCT", "[keyless]") {
    const Material m;
    for (const char* leaf : {"leaf-no-sct.pem", "leaf-forged-sct.pem"}) {
        const auto check = check_keyless_certificate(
            pem_der(fixture(leaf)), {}, keyless_at(signed_time), m.root, workflow_identity());
        CHECK_FALSE(check.ok);
        CHECK_THAT(check.why, Catch::Contains("SCT"));
    }
    CHECK_FALSE(
        check_keyless_certificate("junk", {}, keyless_at(signed_time), m.root, workflow_identity())
            .ok);
    CHECK_FALSE(check_keyless_certificate(m.leaf_der, {"junk"}, keyless_at(signed_time), m.root,
                                          workflow_identity())
                    .ok);
}
