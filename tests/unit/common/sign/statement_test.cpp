#include "common/sign/keys.hpp"
#include "common/sign/statement.hpp"
#include "tests/unit/support/sign_test_support.hpp"

using airlock::Digest;
using airlock::ErrorCode;
using airlock::parse_rfc3339;
using airlock::sign::KeyType;
using airlock::sign::PrivateKey;
using airlock::sign::ValidityStatement;
using airlock::test::error_code_of;
using airlock::test::error_message_of;
using nlohmann::json;
namespace dsse = airlock::dsse;
namespace sign = airlock::sign;

namespace {

const Digest bom = Digest::of("{\"bom\": true}");

ValidityStatement sample_statement() {
    return sign::make_validity_statement(bom, "vendor", "edge-stack", "1.4.0",
                                         parse_rfc3339("2026-11-23T10:00:00Z"),
                                         std::chrono::hours(24 * 180));
}

ErrorCode statement_rejection(const json& j) {
    return error_code_of([&] { sign::parse_statement(j.dump()); });
}

template <typename F> json changed_statement(F&& change) {
    json j = sign::to_json(sample_statement());
    change(j);
    return j;
}

} // namespace

TEST_CASE("validity statements have the in-toto v1 shape", "[sign][statement]") {
    const ValidityStatement s = sample_statement();
    CHECK(s.not_before == s.issued_at);
    CHECK(airlock::format_rfc3339(s.not_after) == "2027-05-22T10:00:00Z");
    const json expected = json::parse(R"({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{"name": "bom.json", "digest": {"sha256": ")" +
                                      bom.hex() + R"("}}],
        "predicateType": "https://airlock.dev/validity/v1",
        "predicate": {
            "role": "vendor",
            "bundle": {"name": "edge-stack", "version": "1.4.0"},
            "issuedAt": "2026-11-23T10:00:00Z",
            "notBefore": "2026-11-23T10:00:00Z",
            "notAfter": "2027-05-22T10:00:00Z"}})");
    CHECK(sign::to_json(s) == expected);
    CHECK(json::parse(sign::serialize(s)) == expected);
}

TEST_CASE("validity statements round-trip", "[sign][statement]") {
    const ValidityStatement s = sample_statement();
    CHECK(sign::parse_statement(sign::serialize(s)) == s);
    // Producers may use offsets and fractions; the meaning is what counts.
    json j = sign::to_json(s);
    j["predicate"]["issuedAt"] = "2026-11-23T11:00:00.250+01:00";
    j["futureField"] = "ignored, as in-toto requires";
    j["subject"][0]["annotations"] = {{"x", 1}};
    j["subject"][0]["digest"]["sha512"] = "ignored";
    CHECK(sign::parse_statement(j.dump()) == s);
}

TEST_CASE("malformed validity statements are rejected", "[sign][statement]") {
    CHECK(error_code_of([] { sign::parse_statement("{"); }) == ErrorCode::signature);
    CHECK(error_code_of([] { sign::parse_statement("[]"); }) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) {
              j["_type"] = "https://in-toto.io/Statement/v0.1";
          })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) { j.erase("_type"); })) ==
          ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) {
              j["predicateType"] = "https://slsa.dev/provenance/v1";
          })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) { j["subject"] = json::array(); })) ==
          ErrorCode::signature);
    CHECK(statement_rejection(changed_statement(
              [](json& j) { j["subject"].push_back(j["subject"][0]); })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement(
              [](json& j) { j["subject"][0]["name"] = "other.json"; })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement(
              [](json& j) { j["subject"][0]["digest"].erase("sha256"); })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) {
              j["subject"][0]["digest"]["sha256"] = std::string(64, 'A');
          })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) {
              j["subject"][0]["digest"]["sha256"] = std::string(63, 'a');
          })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) { j.erase("predicate"); })) ==
          ErrorCode::signature);
    CHECK(statement_rejection(changed_statement(
              [](json& j) { j["predicate"]["role"] = "Vendor"; })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) { j["predicate"]["role"] = ""; })) ==
          ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) { j["predicate"]["role"] = 1; })) ==
          ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) { j["predicate"]["extra"] = true; })) ==
          ErrorCode::signature);
    CHECK(statement_rejection(changed_statement(
              [](json& j) { j["predicate"]["bundle"].erase("version"); })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement(
              [](json& j) { j["predicate"]["bundle"]["name"] = "a\nb"; })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement(
              [](json& j) { j["predicate"]["issuedAt"] = 1795000000; })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement(
              [](json& j) { j["predicate"]["notAfter"] = "2027-05-22"; })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) {
              j["predicate"]["notAfter"] = "2027-02-30T00:00:00Z";
          })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) {
              j["predicate"]["notBefore"] = j["predicate"]["notAfter"];
          })) == ErrorCode::signature);
    CHECK(statement_rejection(changed_statement([](json& j) {
              j["predicate"]["issuedAt"] = "2030-01-01T00:00:00Z";
          })) == ErrorCode::signature);
    const std::string message = error_message_of([] {
        sign::parse_statement(
            changed_statement([](json& j) { j["predicate"]["role"] = "Vendor"; }).dump());
    });
    CHECK(message.find("predicate.role") != std::string::npos);
}

TEST_CASE("building an invalid statement fails", "[sign][statement]") {
    const auto t = parse_rfc3339("2026-11-23T10:00:00Z");
    CHECK(error_code_of([&] {
              sign::make_validity_statement(bom, "bad role", "n", "1", t, std::chrono::hours(1));
          }) == ErrorCode::signature);
    CHECK(error_code_of([&] {
              sign::make_validity_statement(bom, "vendor", "", "1", t, std::chrono::hours(1));
          }) == ErrorCode::signature);
    CHECK(error_code_of([&] {
              sign::make_validity_statement(Digest(), "vendor", "n", "1", t, std::chrono::hours(1));
          }) == ErrorCode::signature);
}

TEST_CASE("signed statements verify only under their key", "[sign][statement]") {
    const KeyType type = GENERATE(KeyType::ed25519, KeyType::ecdsa_p256);
    INFO("key type " << sign::to_string(type));
    const PrivateKey key = PrivateKey::generate(type);
    const PrivateKey other = PrivateKey::generate(type);
    const dsse::Envelope envelope = sign::sign_statement(sample_statement(), key);
    CHECK(envelope.payload_type == "application/vnd.in-toto+json");
    REQUIRE(envelope.signatures.size() == 1);
    CHECK(envelope.signatures[0].keyid == key.id());

    CHECK(sign::verify_validity(envelope, key.public_key()) == sample_statement());
    // Through the JSON form, as a bundle stores it.
    CHECK(sign::verify_validity(dsse::parse_envelope(dsse::serialize(envelope)),
                                key.public_key()) == sample_statement());

    CHECK(error_code_of([&] { sign::verify_validity(envelope, other.public_key()); }) ==
          ErrorCode::signature);
    dsse::Envelope tampered = envelope;
    tampered.payload.replace(tampered.payload.find("1.4.0"), 5, "9.9.9");
    CHECK(error_code_of([&] { sign::verify_validity(tampered, key.public_key()); }) ==
          ErrorCode::signature);
    dsse::Envelope retyped = envelope;
    retyped.payload_type = "application/json";
    CHECK(error_code_of([&] { sign::verify_validity(retyped, key.public_key()); }) ==
          ErrorCode::signature);
    dsse::Envelope unsigned_envelope = envelope;
    unsigned_envelope.signatures.clear();
    CHECK(error_code_of([&] { sign::verify_validity(unsigned_envelope, key.public_key()); }) ==
          ErrorCode::signature);
}

TEST_CASE("a validly signed but malformed statement is still rejected", "[sign][statement]") {
    const PrivateKey key = PrivateKey::generate(KeyType::ed25519);
    json j = sign::to_json(sample_statement());
    j["predicate"]["notAfter"] = "someday";
    const dsse::Envelope envelope =
        dsse::sign(std::string(sign::in_toto_payload_type), j.dump(), key);
    CHECK(dsse::is_signed_by(envelope, key.public_key()));
    CHECK(error_code_of([&] { sign::verify_validity(envelope, key.public_key()); }) ==
          ErrorCode::signature);
}
