#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "common/trust/trust_policy.hpp"
#include "tests/unit/support/sign_test_support.hpp"
#include "tests/unit/support/trust_keys.hpp"

#include <cctype>

using airlock::ErrorCode;
using airlock::parse_rfc3339;
using airlock::sign::KeyType;
using airlock::sign::PrivateKey;
using airlock::sign::PublicKey;
using airlock::test::error_code_of;
using airlock::test::error_message_of;
using airlock::test::key_entry;
using airlock::trust::TrustPolicy;
using nlohmann::json;
namespace sign = airlock::sign;
namespace trust = airlock::trust;

namespace {

const std::filesystem::path dev_dir = std::filesystem::path(AIRLOCK_SOURCE_DIR) / "keys" / "dev";

struct Fixture {
    PrivateKey vendor = PrivateKey::generate(KeyType::ed25519);
    PrivateKey customer = PrivateKey::generate(KeyType::ecdsa_p256);
    json policy = {{"version", 1},
                   {"keys", {key_entry(vendor, "vendor"), key_entry(customer, "customer")}},
                   {"require", {{"vendor", 1}, {"customer", 0}}},
                   {"revoked", json::array()}};

    TrustPolicy parse() const { return trust::parse_trust_policy(policy.dump(), "test.json"); }
    ErrorCode rejection() const {
        return error_code_of([&] { parse(); });
    }
};

} // namespace

TEST_CASE("the development trust policy lists the development keys", "[sign][trust]") {
    const TrustPolicy policy = trust::load_trust_policy(dev_dir / "trust-policy.json");
    CHECK(policy.version == 1);
    CHECK(policy.keys.size() == 2);
    CHECK(policy.require == decltype(policy.require){{"vendor", 1}});
    CHECK(policy.revoked.empty());
    for (const std::string role : {"vendor", "customer"}) {
        INFO("role " << role);
        const PrivateKey key = PrivateKey::load(dev_dir / (role + ".key"));
        const PublicKey pub = PublicKey::load(dev_dir / (role + ".pub"));
        CHECK(key.type() == KeyType::ed25519);
        CHECK(pub.id() == key.id());
        const auto trusted = policy.trusted_keys(role);
        REQUIRE(trusted.size() == 1);
        CHECK(trusted[0].id == key.id());
        CHECK(trusted[0].key.id() == key.id());
        const auto envelope = airlock::dsse::sign("t", "payload", key);
        CHECK(airlock::dsse::is_signed_by(envelope, trusted[0].key));
    }
}

TEST_CASE("trust policies parse and list trusted keys by role", "[sign][trust]") {
    Fixture f;
    const TrustPolicy p = f.parse();
    REQUIRE(p.keys.size() == 2);
    CHECK(p.keys[0].id == f.vendor.id());
    CHECK(p.keys[0].role == "vendor");
    CHECK(p.keys[1].key.type() == KeyType::ecdsa_p256);
    CHECK(p.require.at("customer") == 0);
    CHECK(p.find(f.customer.id()) == &p.keys[1]);
    CHECK(p.find(std::string(64, 'a')) == nullptr);
    CHECK(p.trusted_keys("vendor").size() == 1);
    CHECK(p.trusted_keys("auditor").empty());

    SECTION("revoked keys are never trusted") {
        f.policy["revoked"] = {f.vendor.id()};
        const TrustPolicy revoked = f.parse();
        CHECK(revoked.is_revoked(f.vendor.id()));
        CHECK(revoked.trusted_keys("vendor").empty());
        CHECK(revoked.trusted_keys("customer").size() == 1);
        CHECK(revoked.find(f.vendor.id()) != nullptr);
    }
    SECTION("a key past its notAfter is not trusted at that time") {
        f.policy["keys"][0]["notAfter"] = "2027-01-01T00:00:00Z";
        const TrustPolicy dated = f.parse();
        REQUIRE(dated.keys[0].not_after.has_value());
        CHECK(dated.trusted_keys("vendor", parse_rfc3339("2026-12-31T23:59:59Z")).size() == 1);
        CHECK(dated.trusted_keys("vendor", parse_rfc3339("2027-01-01T00:00:00Z")).size() == 1);
        CHECK(dated.trusted_keys("vendor", parse_rfc3339("2027-01-01T00:00:01Z")).empty());
        CHECK(dated.trusted_keys("vendor").size() == 1);
    }
    SECTION("revoked may be omitted") {
        f.policy.erase("revoked");
        CHECK(f.parse().revoked.empty());
    }
}

TEST_CASE("a key id that does not match its public key is refused", "[sign][trust]") {
    Fixture f;
    f.policy["keys"][0]["id"] = f.customer.id();
    const std::string message = error_message_of([&] { f.parse(); });
    CHECK(message.find("test.json") != std::string::npos);
    CHECK(message.find("keys[0].id") != std::string::npos);
    CHECK(message.find("does not match") != std::string::npos);
    CHECK(f.rejection() == ErrorCode::spec);
}

TEST_CASE("a trust policy's version is its number, 1 or more", "[sign][trust]") {
    Fixture f;
    CHECK(f.parse().version == 1);
    f.policy["version"] = 7;
    CHECK(f.parse().version == 7);
    f.policy["version"] = 1'000'000'000;
    CHECK(f.parse().version == 1'000'000'000);
}

TEST_CASE("malformed trust policies are refused", "[sign][trust]") {
    using J = json;
    auto rejected = [](auto&& change) {
        Fixture f;
        change(f);
        return f.rejection();
    };
    CHECK(rejected([](Fixture& f) { f.policy["version"] = 0; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["version"] = -1; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["version"] = 1.5; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["version"] = 1'000'000'001; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["version"] = "1"; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy.erase("version"); }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy.erase("keys"); }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy.erase("require"); }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["requires"] = J::object(); }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["keys"][0]["roles"] = "x"; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["keys"].push_back(f.policy["keys"][0]); }) ==
          ErrorCode::spec);
    CHECK(rejected([](Fixture& f) {
              std::string id = f.vendor.id();
              for (char& c : id) {
                  c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
              }
              f.policy["keys"][0]["id"] = id;
          }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["keys"][0]["role"] = "Vendor"; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["keys"][0]["role"] = ""; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["keys"][0]["publicKey"] = "not a key"; }) ==
          ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["keys"][0]["publicKey"] = f.vendor.pem(); }) ==
          ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["keys"][0]["notAfter"] = "soon"; }) ==
          ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["require"]["vendor"] = -1; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["require"]["vendor"] = 1.5; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["require"]["vendor"] = "1"; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["require"]["vendor"] = 100000; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["require"]["Bad Role"] = 1; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["revoked"] = {"abc"}; }) == ErrorCode::spec);
    CHECK(rejected([](Fixture& f) { f.policy["revoked"] = "none"; }) == ErrorCode::spec);
    CHECK(error_code_of([] { trust::parse_trust_policy("{", "x"); }) == ErrorCode::spec);
    CHECK(error_code_of([] {
              trust::parse_trust_policy(R"({"version":1,"version":1,"keys":[],"require":{}})", "x");
          }) == ErrorCode::spec);
    CHECK(error_code_of([] { trust::load_trust_policy("/nonexistent/policy.json"); }) ==
          ErrorCode::io);
}
