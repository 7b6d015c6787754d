#include "common/sign/signature_check.hpp"

#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "tests/unit/support/signed_statements.hpp"

#include <catch2/catch.hpp>

#include <string>

using airlock::Digest;
using airlock::ErrorCode;
using airlock::sign::examine_signatures;
using airlock::sign::ExaminedSignature;
using airlock::sign::KeyType;
using airlock::sign::PrivateKey;
using airlock::sign::Shortfall;
using airlock::sign::SignatureProblem;
using airlock::test::PolicyBuilder;
using airlock::test::StatementFor;
using nlohmann::json;

namespace {

// The bundle each examination is about.
struct Examined {
    Digest subject = Digest::of(std::string("examined bom"));
    StatementFor about{subject, "shop", "3.0.0"};
    PrivateKey vendor = PrivateKey::generate(KeyType::ed25519);
    PrivateKey customer = PrivateKey::generate(KeyType::ed25519);

    airlock::trust::TrustPolicy policy() const {
        return PolicyBuilder().key(vendor, "vendor").key(customer, "customer").build();
    }
    std::vector<ExaminedSignature> examine(const json& envelopes) const {
        return examine_signatures(envelopes, policy(), subject, "shop", "3.0.0");
    }
    ExaminedSignature only(const json& envelope) const {
        auto all = examine(json::array({envelope}));
        REQUIRE(all.size() == 1);
        return all[0];
    }
};

} // namespace

TEST_CASE("examine: a good signature has no problem and carries its verified statement",
          "[sign][examine]") {
    Examined x;
    ExaminedSignature e = x.only(x.about.signed_by(x.vendor));
    CHECK(e.problem == SignatureProblem::none);
    CHECK(e.why.empty());
    CHECK(e.key_id == x.vendor.id());
    CHECK(e.role == "vendor");
    REQUIRE(e.statement.has_value());
    CHECK(*e.statement == x.about.statement());
}

TEST_CASE("examine: each way a signature can fail is named, with its failure class",
          "[sign][examine]") {
    Examined x;
    PrivateKey stranger = PrivateKey::generate(KeyType::ed25519);
    StatementFor changed = x.about;
    SignatureProblem expected = SignatureProblem::none;
    ErrorCode expected_class = ErrorCode::signature;
    const PrivateKey* signer = &x.vendor;
    std::string why_contains;
    SECTION("a key the policy does not know") {
        signer = &stranger;
        expected = SignatureProblem::unknown_key;
        expected_class = ErrorCode::untrusted;
        why_contains = "not a key of the trust policy";
    }
    SECTION("a statement about another BOM") {
        changed.bom = Digest::of(std::string("other"));
        expected = SignatureProblem::other_bom;
        why_contains = changed.bom.str();
    }
    SECTION("a statement about another bundle") {
        changed.version = "3.0.1";
        expected = SignatureProblem::other_bundle;
        why_contains = "statement names bundle shop 3.0.1";
    }
    SECTION("a statement claiming a role the key does not have") {
        changed.role = "customer";
        expected = SignatureProblem::wrong_role;
        expected_class = ErrorCode::untrusted;
        why_contains = "statement claims role 'customer' but the key's role is 'vendor'";
    }
    ExaminedSignature e = x.only(changed.signed_by(*signer));
    CHECK(e.problem == expected);
    CHECK(e.why.find(why_contains) != std::string::npos);
    CHECK(airlock::sign::error_class(e.problem) == expected_class);
}

TEST_CASE("examine: revocation is decided from the policy before the signature is checked",
          "[sign][examine]") {
    Examined x;
    auto policy = PolicyBuilder().key(x.vendor, "vendor").revoke(x.vendor).build();
    airlock::dsse::Envelope env = x.about.envelope(x.vendor);
    env.signatures[0].sig = std::string(64, '\0'); // would fail verification
    auto all = examine_signatures(json::array({airlock::dsse::to_json(env)}), policy, x.subject,
                                  "shop", "3.0.0");
    REQUIRE(all.size() == 1);
    CHECK(all[0].problem == SignatureProblem::revoked);
    CHECK(all[0].role == "vendor"); // a revoked key still has its role
    CHECK_FALSE(all[0].statement.has_value());
    CHECK(airlock::sign::error_class(all[0].problem) == ErrorCode::untrusted);
}

TEST_CASE("examine: a signature that does not verify yields no statement", "[sign][examine]") {
    Examined x;
    // The customer key signs but the envelope claims the vendor's key id.
    airlock::dsse::Envelope env = x.about.envelope(x.customer);
    env.signatures[0].keyid = x.vendor.id();
    ExaminedSignature e = x.only(airlock::dsse::to_json(env));
    CHECK(e.problem == SignatureProblem::bad_signature);
    CHECK(e.key_id == x.vendor.id());
    CHECK_FALSE(e.statement.has_value());
    CHECK(airlock::sign::error_class(e.problem) == ErrorCode::signature);
}

TEST_CASE("examine: one entry per signature, each with the index of its envelope",
          "[sign][examine]") {
    Examined x;
    StatementFor as_customer = x.about;
    as_customer.role = "customer";
    airlock::dsse::Envelope cosigned = x.about.envelope(x.vendor);
    airlock::dsse::add_signature(cosigned, x.customer); // customer key, vendor statement
    auto all = x.examine(json::array(
        {json("garbage"), airlock::dsse::to_json(cosigned), as_customer.signed_by(x.customer)}));
    REQUIRE(all.size() == 4);
    CHECK(all[0].envelope == 0);
    CHECK(all[0].problem == SignatureProblem::unreadable);
    CHECK(all[0].key_id.empty());
    CHECK(all[0].why.rfind("unreadable envelope: ", 0) == 0);
    CHECK(all[1].envelope == 1);
    CHECK(all[1].key_id == x.vendor.id());
    CHECK(all[1].problem == SignatureProblem::none);
    CHECK(all[2].envelope == 1);
    CHECK(all[2].key_id == x.customer.id());
    CHECK(all[2].problem == SignatureProblem::wrong_role);
    CHECK(all[3].envelope == 2);
    CHECK(all[3].problem == SignatureProblem::none);
    CHECK(x.examine(json::array()).empty());
}

TEST_CASE("shortfalls rank signature < untrusted < expired and map to their exit classes",
          "[sign][examine]") {
    CHECK(Shortfall::signature < Shortfall::untrusted);
    CHECK(Shortfall::untrusted < Shortfall::expired);
    for (Shortfall s : {Shortfall::signature, Shortfall::untrusted, Shortfall::expired}) {
        CHECK(airlock::sign::shortfall_of(airlock::sign::error_code(s)) == s);
    }
    CHECK(airlock::sign::error_code(Shortfall::expired) == ErrorCode::expired);
    CHECK(airlock::sign::error_code(Shortfall::none) == ErrorCode::signature);
    CHECK(airlock::sign::shortfall_of(ErrorCode::malformed) == Shortfall::signature);
}
