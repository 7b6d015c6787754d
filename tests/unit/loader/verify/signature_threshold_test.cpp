#include "loader/verify/signature_threshold.hpp"

#include "common/core/error.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "tests/unit/support/signed_statements.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace signature_threshold_test {

using airlock::Digest;
using airlock::ErrorCode;
using airlock::Timestamp;
using airlock::loader::check_signatures;
using airlock::loader::SignatureSubject;
using airlock::loader::VerifyReport;
using airlock::sign::KeyType;
using airlock::sign::PrivateKey;
using airlock::test::error_code_of;
using airlock::test::error_message_of;
using airlock::test::fixed_now;
using airlock::test::one_day;
using airlock::test::PolicyBuilder;
using airlock::test::StatementFor;
using nlohmann::json;

// The bundle every case signs: the statements below are about it unless a
// case bends one field.
struct Threshold {
    Digest bom = Digest::of(std::string(R"({"name":"app","version":"1.2.0"})"));
    SignatureSubject bundle{"app", "1.2.0", bom};
    StatementFor about{bom, "app", "1.2.0"};
    VerifyReport report;

    void check(const json& envelopes, const airlock::trust::TrustPolicy& policy,
               Timestamp now = fixed_now()) {
        check_signatures(bundle, envelopes, policy, now, report);
    }
};

PrivateKey new_key() {
    return PrivateKey::generate(KeyType::ed25519);
}

TEST_CASE("one valid vendor signature meets a threshold of one and is reported as counted",
          "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    t.check(json::array({t.about.signed_by(vendor)}),
            PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build());
    REQUIRE(t.report.signatures.size() == 1);
    CHECK(t.report.signatures[0].counted);
    CHECK(t.report.signatures[0].problem.empty());
    CHECK(t.report.signatures[0].key_id == vendor.id());
    CHECK(t.report.signatures[0].role == "vendor");
    CHECK(t.report.signatures[0].not_after == airlock::format_rfc3339(t.about.not_after));
    CHECK(t.report.requirements.at("vendor").keys == std::vector<std::string>{vendor.id()});
    CHECK(t.report.requirements.at("vendor").required == 1);
}

TEST_CASE("an empty signature slot is refused as unsigned", "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build();
    std::string message = error_message_of([&] { t.check(json::array(), policy); });
    CHECK(message == "bundle app 1.2.0 is unsigned: its signature slot is empty");
    CHECK(error_code_of([&] { t.check(json::array(), policy); }) == ErrorCode::signature);
}

TEST_CASE("a key that signs in two envelopes counts once toward the threshold", "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 2).build();
    json twice = json::array({t.about.signed_by(vendor), t.about.signed_by(vendor)});
    std::string message = error_message_of([&] { t.check(twice, policy); });
    CHECK(message.find("role 'vendor' needs 2 distinct key(s), has 1") != std::string::npos);
    // Both signatures are good; only the count of distinct keys falls short.
    REQUIRE(t.report.signatures.size() == 2);
    CHECK(t.report.signatures[0].counted);
    CHECK(t.report.signatures[1].counted);
    CHECK(t.report.requirements.at("vendor").keys.size() == 1);
}

TEST_CASE("a key that signs one envelope twice counts once toward the threshold", "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 2).build();
    airlock::dsse::Envelope env = t.about.envelope(vendor);
    airlock::dsse::add_signature(env, vendor);
    REQUIRE(env.signatures.size() == 2);
    CHECK(error_code_of([&] { t.check(json::array({airlock::dsse::to_json(env)}), policy); }) ==
          ErrorCode::signature);
    CHECK(t.report.requirements.at("vendor").keys.size() == 1);
}

TEST_CASE("two distinct keys of a role meet a threshold of two", "[verify]") {
    Threshold t;
    PrivateKey a = new_key();
    PrivateKey b = PrivateKey::generate(KeyType::ecdsa_p256);
    auto policy = PolicyBuilder().key(a, "vendor").key(b, "vendor").require("vendor", 2).build();
    // Co-signed in one envelope and signed alone in another: three
    // signatures, two keys.
    airlock::dsse::Envelope both = t.about.envelope(a);
    airlock::dsse::add_signature(both, b);
    t.check(json::array({airlock::dsse::to_json(both), t.about.signed_by(b)}), policy);
    CHECK(t.report.signatures.size() == 3);
    std::vector<std::string> expected{a.id(), b.id()};
    std::sort(expected.begin(), expected.end());
    CHECK(t.report.requirements.at("vendor").keys == expected);
}

TEST_CASE("thresholds are per role: vendor signatures do not satisfy the customer role",
          "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    PrivateKey customer = new_key();
    auto policy = PolicyBuilder()
                      .key(vendor, "vendor")
                      .key(customer, "customer")
                      .require("vendor", 1)
                      .require("customer", 1)
                      .build();
    json vendor_only = json::array({t.about.signed_by(vendor)});
    CHECK(error_message_of([&] { t.check(vendor_only, policy); }) ==
          "bundle app 1.2.0 is not trusted: role 'customer' needs 1 distinct key(s), has 0 "
          "(no signature by a customer key)");
    CHECK(error_code_of([&] { t.check(vendor_only, policy); }) == ErrorCode::signature);

    StatementFor as_customer = t.about;
    as_customer.role = "customer";
    Threshold both;
    both.check(json::array({t.about.signed_by(vendor), as_customer.signed_by(customer)}), policy);
    CHECK(both.report.requirements.at("customer").keys == std::vector<std::string>{customer.id()});
    CHECK(both.report.requirements.at("vendor").keys == std::vector<std::string>{vendor.id()});
}

TEST_CASE("a role the policy requires zero of passes without any signature of it", "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    auto policy =
        PolicyBuilder().key(vendor, "vendor").require("vendor", 1).require("customer", 0).build();
    t.check(json::array({t.about.signed_by(vendor)}), policy);
    CHECK(t.report.requirements.at("customer").required == 0);
    CHECK(t.report.requirements.at("customer").keys.empty());
}

TEST_CASE("a policy that requires nothing still needs one signature by a trusted key", "[verify]") {
    PrivateKey vendor = new_key();
    PrivateKey stranger = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 0).build();
    Threshold garbage;
    CHECK(error_code_of([&] {
              garbage.check(json::array({json{{"not", "an envelope"}}}), policy);
          }) == ErrorCode::signature);
    Threshold unknown;
    std::string message;
    CHECK(error_code_of(
              [&] { unknown.check(json::array({unknown.about.signed_by(stranger)}), policy); },
              &message) == ErrorCode::untrusted);
    CHECK(message.find("no signature verifies with a trusted key") != std::string::npos);
    Threshold signed_by_vendor;
    signed_by_vendor.check(json::array({signed_by_vendor.about.signed_by(vendor)}), policy);
    CHECK(signed_by_vendor.report.signatures.at(0).counted);
}

TEST_CASE("a signature before its notBefore does not count and the bundle is refused as expired",
          "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build();
    StatementFor future = t.about;
    future.not_before = fixed_now() + one_day;
    json envelopes = json::array({future.signed_by(vendor)});
    CHECK(error_code_of([&] { t.check(envelopes, policy); }) == ErrorCode::expired);
    REQUIRE(t.report.signatures.size() == 1);
    CHECK_FALSE(t.report.signatures[0].counted);
    CHECK(t.report.signatures[0].problem ==
          "not valid before " + airlock::format_rfc3339(future.not_before));
}

TEST_CASE("a signature after its notAfter does not count and the bundle is refused as expired",
          "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build();
    StatementFor past = t.about;
    past.not_before = fixed_now() - 10 * one_day;
    past.not_after = fixed_now() - one_day;
    std::string message =
        error_message_of([&] { t.check(json::array({past.signed_by(vendor)}), policy); });
    CHECK(message.find("expired at " + airlock::format_rfc3339(past.not_after)) !=
          std::string::npos);
    CHECK(error_code_of([&] { t.check(json::array({past.signed_by(vendor)}), policy); }) ==
          ErrorCode::expired);
}

TEST_CASE("the validity window includes both ends and allows no clock skew", "[verify]") {
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build();
    const StatementFor about = Threshold().about;
    const json envelopes = json::array({about.signed_by(vendor)});
    // A fresh report each time: check_signatures counts what its report holds.
    auto at = [&](Timestamp now) { Threshold().check(envelopes, policy, now); };
    const std::chrono::seconds second{1};
    CHECK_NOTHROW(at(about.not_before));
    CHECK_NOTHROW(at(about.not_after));
    CHECK(error_code_of([&] { at(about.not_before - second); }) == ErrorCode::expired);
    CHECK(error_code_of([&] { at(about.not_after + second); }) == ErrorCode::expired);
}

TEST_CASE("a key past the notAfter its policy entry gives no longer counts", "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    // After the statement's notBefore (a day before fixed_now), before fixed_now.
    const std::string key_end = "2026-11-23T00:00:00Z";
    auto policy = PolicyBuilder().key(vendor, "vendor", key_end).require("vendor", 1).build();
    json envelopes = json::array({t.about.signed_by(vendor)});
    CHECK(error_code_of([&] { t.check(envelopes, policy); }) == ErrorCode::expired);
    CHECK(t.report.signatures.back().problem == "key expired at " + key_end);
    // The same signature counted while the key was still valid.
    Threshold earlier;
    earlier.check(envelopes, policy, airlock::parse_rfc3339("2026-11-22T12:00:00Z"));
    CHECK(earlier.report.signatures[0].counted);
}

TEST_CASE("a revoked key's signature is ignored and a threshold it alone meets is untrusted",
          "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").revoke(vendor).require("vendor", 1).build();
    json envelopes = json::array({t.about.signed_by(vendor)});
    std::string message = error_message_of([&] { t.check(envelopes, policy); });
    CHECK(message.find("key is revoked") != std::string::npos);
    CHECK(message.find("key " + vendor.id().substr(0, 16)) != std::string::npos);
    CHECK(error_code_of([&] { t.check(envelopes, policy); }) == ErrorCode::untrusted);
    CHECK_FALSE(t.report.signatures.back().counted);
}

TEST_CASE("a revoked key beside a good one neither counts nor blocks the bundle", "[verify]") {
    Threshold t;
    PrivateKey revoked = new_key();
    PrivateKey good = new_key();
    auto policy = PolicyBuilder()
                      .key(revoked, "vendor")
                      .key(good, "vendor")
                      .revoke(revoked)
                      .require("vendor", 1)
                      .build();
    t.check(json::array({t.about.signed_by(revoked), t.about.signed_by(good)}), policy);
    CHECK(t.report.requirements.at("vendor").keys == std::vector<std::string>{good.id()});
    CHECK(t.report.signatures[0].problem == "key is revoked");
}

TEST_CASE("a signature by a key the policy does not know is untrusted", "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    PrivateKey stranger = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build();
    json envelopes = json::array({t.about.signed_by(stranger)});
    CHECK(error_code_of([&] { t.check(envelopes, policy); }) == ErrorCode::untrusted);
    CHECK(t.report.signatures.back().problem == "not a key of the trust policy");
    CHECK(t.report.signatures.back().role.empty());
}

TEST_CASE("a statement claiming a role its key lacks is untrusted and charged to that role",
          "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    PrivateKey customer = new_key();
    auto policy = PolicyBuilder()
                      .key(vendor, "vendor")
                      .key(customer, "customer")
                      .require("vendor", 1)
                      .build();
    // The customer key vouches "as vendor": it must not count for vendor, and
    // the vendor shortfall names it rather than "no signature by a vendor key".
    json envelopes = json::array({t.about.signed_by(customer)});
    std::string message = error_message_of([&] { t.check(envelopes, policy); });
    CHECK(message.find("role 'vendor' needs 1 distinct key(s), has 0 (key " +
                       customer.id().substr(0, 16) + ": statement claims role 'vendor'") !=
          std::string::npos);
    CHECK(error_code_of([&] { t.check(envelopes, policy); }) == ErrorCode::untrusted);
}

TEST_CASE("a signature over another BOM does not count", "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build();
    StatementFor other = t.about;
    other.bom = Digest::of(std::string("another bom"));
    json envelopes = json::array({other.signed_by(vendor)});
    CHECK(error_code_of([&] { t.check(envelopes, policy); }) == ErrorCode::signature);
    CHECK(t.report.signatures.back().problem.find("another BOM (" + other.bom.str() + ")") !=
          std::string::npos);
}

TEST_CASE("a statement about another bundle name or version does not count", "[verify]") {
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build();
    Threshold t;
    StatementFor other = t.about;
    SECTION("another name") {
        other.name = "other-app";
    }
    SECTION("another version") {
        other.version = "1.2.1";
    }
    json envelopes = json::array({other.signed_by(vendor)});
    CHECK(error_code_of([&] { t.check(envelopes, policy); }) == ErrorCode::signature);
    CHECK(t.report.signatures.back().problem ==
          "statement names bundle " + other.name + " " + other.version);
}

TEST_CASE("a signature whose bytes were altered does not count", "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build();
    airlock::dsse::Envelope env = t.about.envelope(vendor);
    env.signatures[0].sig[5] = static_cast<char>(env.signatures[0].sig[5] ^ 0x01);
    json envelopes = json::array({airlock::dsse::to_json(env)});
    CHECK(error_code_of([&] { t.check(envelopes, policy); }) == ErrorCode::signature);
    CHECK_FALSE(t.report.signatures.back().counted);
    CHECK(t.report.signatures.back().not_after.empty()); // nothing read from an unverified payload
}

TEST_CASE("an unreadable envelope is reported and does not stop a good one from counting",
          "[verify]") {
    Threshold t;
    PrivateKey vendor = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build();
    t.check(json::array({json{{"not", "an envelope"}}, t.about.signed_by(vendor)}), policy);
    REQUIRE(t.report.signatures.size() == 2);
    CHECK(t.report.signatures[0].problem.find("unreadable envelope") != std::string::npos);
    CHECK(t.report.signatures[1].counted);

    Threshold alone;
    CHECK(error_code_of([&] {
              alone.check(json::array({json{{"not", "an envelope"}}}), policy);
          }) == ErrorCode::signature);
}

TEST_CASE("when a role falls short, the most specific reason picks the error class", "[verify]") {
    PrivateKey vendor = new_key();
    PrivateKey stranger = new_key();
    auto policy = PolicyBuilder().key(vendor, "vendor").require("vendor", 1).build();
    Threshold t;
    StatementFor expired = t.about;
    expired.not_before = fixed_now() - 10 * one_day;
    expired.not_after = fixed_now() - one_day;
    StatementFor other_bom = t.about;
    other_bom.bom = Digest::of(std::string("x"));
    // Whatever the order: expired outranks untrusted, which outranks a bad signature.
    json mixed = json::array(
        {expired.signed_by(vendor), t.about.signed_by(stranger), other_bom.signed_by(vendor)});
    CHECK(error_code_of([&] { t.check(mixed, policy); }) == ErrorCode::expired);
    json no_expiry = json::array({other_bom.signed_by(vendor), t.about.signed_by(stranger)});
    CHECK(error_code_of([&] { t.check(no_expiry, policy); }) == ErrorCode::untrusted);
}

} // namespace signature_threshold_test
