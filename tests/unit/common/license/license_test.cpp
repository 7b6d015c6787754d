#include "common/digest/digest.hpp"
#include "common/license/license.hpp"
#include "common/sign/keys.hpp"
#include "tests/unit/support/mini_schema.hpp"
#include "tests/unit/support/sign_test_support.hpp"

using airlock::ErrorCode;
using airlock::parse_rfc3339;
using airlock::license::License;
using airlock::sign::KeyType;
using airlock::sign::PrivateKey;
using airlock::test::error_code_of;
using airlock::test::error_message_of;
using airlock::test::MiniSchema;
using nlohmann::json;
namespace dsse = airlock::dsse;
namespace sign = airlock::sign;
namespace license = airlock::license;

namespace {

License sample() {
    License l;
    l.id = "lic-acme-1";
    l.customer = "ACME Corp";
    l.product = "edge-stack";
    l.entitlements = {{"nodes", "10"}, {"support", "gold"}};
    l.issued_at = parse_rfc3339("2026-11-23T10:00:00Z");
    l.not_before = l.issued_at;
    l.not_after = parse_rfc3339("2027-11-23T10:00:00Z");
    return l;
}

ErrorCode rejection_of(const json& j) {
    return error_code_of([&] { license::parse_license(j.dump()); });
}

template <typename F> json changed(F&& change) {
    json j = license::to_json(sample());
    change(j);
    return j;
}

const MiniSchema& schema() {
    static const MiniSchema s(airlock::test::load_schema_file("license.schema.json"));
    return s;
}

} // namespace

TEST_CASE("licenses have the in-toto v1 shape", "[license][sign]") {
    const json expected = json::parse(R"({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": "product:edge-stack", "digest": {"sha256": ")" +
                                      airlock::Digest::of("edge-stack").hex() + R"("}}],
        "predicateType": "https://airlock.dev/license/v1",
        "predicate": {
            "licenseId": "lic-acme-1",
            "customer": "ACME Corp",
            "product": "edge-stack",
            "entitlements": {"nodes": "10", "support": "gold"},
            "issuedAt": "2026-11-23T10:00:00Z",
            "notBefore": "2026-11-23T10:00:00Z",
            "notAfter": "2027-11-23T10:00:00Z"}})");
    CHECK(license::to_json(sample()) == expected);
    CHECK(json::parse(license::serialize(sample())) == expected);
}

TEST_CASE("licenses round-trip", "[license][sign]") {
    CHECK(license::parse_license(license::serialize(sample())) == sample());
    License empty = sample();
    empty.entitlements.clear();
    CHECK(license::parse_license(license::serialize(empty)) == empty);
    // Offsets, fractions and in-toto extensions outside the predicate are fine.
    json j = license::to_json(sample());
    j["predicate"]["notBefore"] = "2026-11-23T11:00:00.5+01:00";
    j["futureField"] = 1;
    j["subject"][0]["annotations"] = {{"x", 1}};
    CHECK(license::parse_license(j.dump()) == sample());
}

TEST_CASE("a produced license matches schemas/license.schema.json", "[license][sign][schema]") {
    CHECK(schema().accepts(license::to_json(sample())));
    // The schema refuses what the parser refuses.
    const std::vector<json> bad = {
        changed([](json& j) { j["predicate"]["extra"] = true; }),
        changed([](json& j) { j["predicate"]["entitlements"]["nodes"] = 10; }),
        changed([](json& j) { j["predicate"]["entitlements"] = json::array(); }),
        changed([](json& j) { j["predicate"]["licenseId"] = "../etc/passwd"; }),
        changed([](json& j) { j["predicate"].erase("customer"); }),
        changed([](json& j) { j["predicate"]["product"] = ""; }),
        changed([](json& j) { j["predicateType"] = "https://airlock.dev/validity/v1"; }),
        changed([](json& j) { j["subject"].push_back(j["subject"][0]); }),
        changed([](json& j) { j["subject"][0]["name"] = "edge-stack"; }),
    };
    for (const json& j : bad) {
        INFO(j.dump());
        CHECK_FALSE(schema().accepts(j));
        CHECK(rejection_of(j) == ErrorCode::signature);
    }
}

TEST_CASE("strict parsing rejects malformed licenses", "[license][sign]") {
    CHECK(error_code_of([] { license::parse_license("{"); }) == ErrorCode::signature);
    CHECK(error_code_of([] { license::parse_license(R"({"a":1,"a":2})"); }) ==
          ErrorCode::signature);
    // Unknown predicate fields: a license means exactly what it says.
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["seats"] = "100"; })) ==
          ErrorCode::signature);
    // Wrong types.
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["entitlements"]["nodes"] = 10; })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["entitlements"]["a"] = nullptr; })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["entitlements"] = "nodes=10"; })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["customer"] = 7; })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["licenseId"] = json::array(); })) ==
          ErrorCode::signature);
    // Missing fields.
    for (const char* field : {"licenseId", "customer", "product", "entitlements", "issuedAt",
                              "notBefore", "notAfter"}) {
        INFO(field);
        CHECK(rejection_of(changed([&](json& j) { j["predicate"].erase(field); })) ==
              ErrorCode::signature);
    }
    // Out of range.
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["licenseId"] = "a/b"; })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["licenseId"] = ".hidden"; })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["customer"] = "a\nb"; })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["entitlements"]["bad key"] = "x"; })) ==
          ErrorCode::signature);
    // Bad times.
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["notAfter"] = "2027-11-23"; })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) {
              j["predicate"]["notAfter"] = "2027-02-30T00:00:00Z";
          })) == ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) { j["predicate"]["issuedAt"] = 1795000000; })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) {
              j["predicate"]["notBefore"] = j["predicate"]["notAfter"];
          })) == ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) {
              j["predicate"]["issuedAt"] = "2030-01-01T00:00:00Z";
          })) == ErrorCode::signature);
    // The subject must be the product's, exactly one.
    CHECK(rejection_of(changed([](json& j) { j["subject"][0]["name"] = "product:other"; })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) {
              j["subject"][0]["digest"]["sha256"] = airlock::Digest::of("other").hex();
          })) == ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) { j["subject"] = json::array(); })) ==
          ErrorCode::signature);
    CHECK(rejection_of(changed([](json& j) {
              j["predicateType"] = "https://airlock.dev/validity/v1";
          })) == ErrorCode::signature);
    const std::string message = error_message_of([] {
        license::parse_license(
            changed([](json& j) { j["predicate"]["entitlements"]["nodes"] = 10; }).dump());
    });
    CHECK(message.find("predicate.entitlements.nodes") != std::string::npos);
}

TEST_CASE("license ids derived from content are stable", "[license][sign]") {
    License a = sample();
    License b = sample();
    b.id = "something-else";
    CHECK(license::derive_license_id(a) == license::derive_license_id(b));
    CHECK(license::derive_license_id(a).starts_with("lic-"));
    CHECK(license::derive_license_id(a).size() == 4 + 24);
    CHECK(license::is_valid_license_id(license::derive_license_id(a)));
    b.entitlements["nodes"] = "11";
    CHECK(license::derive_license_id(a) != license::derive_license_id(b));
}

TEST_CASE("signed licenses verify only under their key and unedited", "[license][sign]") {
    const KeyType type = GENERATE(KeyType::ed25519, KeyType::ecdsa_p256);
    const PrivateKey key = PrivateKey::generate(type);
    const PrivateKey other = PrivateKey::generate(type);
    const dsse::Envelope envelope = license::sign_license(sample(), key);
    CHECK(envelope.payload_type == "application/vnd.in-toto+json");
    CHECK(license::verify_license(dsse::parse_envelope(dsse::serialize(envelope)),
                                  key.public_key()) == sample());
    CHECK(error_code_of([&] { license::verify_license(envelope, other.public_key()); }) ==
          ErrorCode::signature);

    dsse::Envelope forged = envelope;
    forged.signatures[0].sig[5] = static_cast<char>(forged.signatures[0].sig[5] ^ 0x01);
    CHECK(error_code_of([&] { license::verify_license(forged, key.public_key()); }) ==
          ErrorCode::signature);

    // Re-serialised with one entitlement raised: still well-formed, no longer signed.
    dsse::Envelope edited = envelope;
    json payload = json::parse(edited.payload);
    payload["predicate"]["entitlements"]["nodes"] = "1000";
    edited.payload = payload.dump();
    CHECK(license::parse_license(edited.payload).entitlements.at("nodes") == "1000");
    CHECK(error_code_of([&] { license::verify_license(edited, key.public_key()); }) ==
          ErrorCode::signature);

    dsse::Envelope retyped = envelope;
    retyped.payload_type = "application/json";
    CHECK(error_code_of([&] { license::verify_license(retyped, key.public_key()); }) ==
          ErrorCode::signature);
}
