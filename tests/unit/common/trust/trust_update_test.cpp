#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "common/trust/trust_policy.hpp"
#include "common/trust/trust_update.hpp"
#include "tests/unit/support/sign_test_support.hpp"
#include "tests/unit/support/trust_keys.hpp"

#include <vector>

using airlock::ErrorCode;
using airlock::parse_rfc3339;
using airlock::sign::KeyType;
using airlock::sign::PrivateKey;
using airlock::test::error_code_of;
using airlock::test::error_message_of;
using airlock::test::key_entry;
using airlock::trust::TrustPolicy;
using nlohmann::json;
namespace sign = airlock::sign;
namespace trust = airlock::trust;
namespace dsse = airlock::dsse;

namespace {

const airlock::Timestamp now = parse_rfc3339("2026-11-23T10:00:00Z", "test");

// Vectors, not json: `json{one_key}` is a copy of that key under clang and a
// one-element array under g++ (nlohmann/json's brace-initialisation caveat).
json policy_json(int version, const std::vector<json>& keys, unsigned vendors = 1,
                 const std::vector<std::string>& revoked = {}) {
    return {{"version", version},
            {"keys", json(keys)},
            {"require", {{"vendor", vendors}}},
            {"revoked", json(revoked)}};
}

TrustPolicy parse_policy(const json& j) {
    return trust::parse_trust_policy(j.dump(), "test");
}

// An update carrying `next`, signed by each of `signers` in turn (repeats allowed).
dsse::Envelope update_of(const json& next, const std::vector<const PrivateKey*>& signers) {
    dsse::Envelope e{std::string(trust::trust_update_payload_type), next.dump(), {}};
    for (const PrivateKey* k : signers) {
        dsse::add_signature(e, *k);
    }
    return e;
}

struct Keys {
    PrivateKey a = PrivateKey::generate(KeyType::ed25519);
    PrivateKey b = PrivateKey::generate(KeyType::ecdsa_p256);
    PrivateKey c = PrivateKey::generate(KeyType::ed25519);
    PrivateKey customer = PrivateKey::generate(KeyType::ed25519);
    PrivateKey stranger = PrivateKey::generate(KeyType::ed25519);
};

} // namespace

TEST_CASE("a trust update signed by the current and new vendor keys is adopted",
          "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v1 =
        parse_policy(policy_json(1, {key_entry(k.a, "vendor"), key_entry(k.customer, "customer")}));
    // Rotation step 1: add b, signed by a (current) and a (also in the new policy).
    const json v2 = policy_json(
        2, {key_entry(k.a, "vendor"), key_entry(k.b, "vendor"), key_entry(k.customer, "customer")});
    const TrustPolicy p2 = trust::adopt_update(v1, update_of(v2, {&k.a}), now);
    CHECK(p2.version == 2);
    CHECK(p2.trusted_keys("vendor").size() == 2);
    // Rotation step 2: revoke a; b signs alone, and b is a vendor key of v2.
    const json v3 = policy_json(3, {key_entry(k.b, "vendor"), key_entry(k.customer, "customer")}, 1,
                                {k.a.id()});
    const TrustPolicy p3 = trust::adopt_update(p2, update_of(v3, {&k.b}), now);
    CHECK(p3.version == 3);
    CHECK(p3.is_revoked(k.a.id()));
    // Versions may skip: 3 -> 10 is newer.
    json v10 = v3;
    v10["version"] = 10;
    CHECK(trust::adopt_update(p3, update_of(v10, {&k.b}), now).version == 10);
}

TEST_CASE("a trust update that is not newer is a rollback naming both versions",
          "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v3 = parse_policy(policy_json(3, {key_entry(k.a, "vendor")}));
    for (int version : {1, 2, 3}) {
        INFO("version " << version);
        const auto update = update_of(policy_json(version, {key_entry(k.a, "vendor")}), {&k.a});
        CHECK(error_code_of([&] { trust::adopt_update(v3, update, now); }) == ErrorCode::rollback);
        const std::string message = error_message_of([&] { trust::adopt_update(v3, update, now); });
        CHECK(message.find("version " + std::to_string(version)) != std::string::npos);
        CHECK(message.find("version 3") != std::string::npos);
    }
}

TEST_CASE("a forged or unsigned trust update is a signature failure", "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v1 = parse_policy(policy_json(1, {key_entry(k.a, "vendor")}));
    const json v2 = policy_json(2, {key_entry(k.a, "vendor")});

    auto flipped = update_of(v2, {&k.a});
    flipped.signatures[0].sig[5] = static_cast<char>(flipped.signatures[0].sig[5] ^ 0x01);
    CHECK(error_code_of([&] { trust::adopt_update(v1, flipped, now); }) == ErrorCode::signature);
    CHECK(error_message_of([&] {
              trust::adopt_update(v1, flipped, now);
          }).find("does not verify") != std::string::npos);

    // The payload changed after signing: same class.
    auto tampered = update_of(v2, {&k.a});
    tampered.payload =
        policy_json(2, {key_entry(k.a, "vendor"), key_entry(k.stranger, "vendor")}).dump();
    CHECK(error_code_of([&] { trust::adopt_update(v1, tampered, now); }) == ErrorCode::signature);

    CHECK(error_code_of([&] { trust::adopt_update(v1, update_of(v2, {}), now); }) ==
          ErrorCode::signature);

    // A bundle's statement type cannot pass for a policy.
    auto other_type = update_of(v2, {});
    other_type.payload_type = "application/vnd.in-toto+json";
    dsse::add_signature(other_type, k.a);
    CHECK(error_code_of([&] { trust::adopt_update(v1, other_type, now); }) == ErrorCode::signature);
}

TEST_CASE("a trust update signed by non-vendor or unknown keys is untrusted",
          "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v1 =
        parse_policy(policy_json(1, {key_entry(k.a, "vendor"), key_entry(k.customer, "customer")}));
    const json v2 = policy_json(2, {key_entry(k.a, "vendor"), key_entry(k.customer, "customer")});
    CHECK(error_code_of([&] { trust::adopt_update(v1, update_of(v2, {&k.customer}), now); }) ==
          ErrorCode::untrusted);
    CHECK(error_message_of([&] {
              trust::adopt_update(v1, update_of(v2, {&k.customer}), now);
          }).find("role 'customer'") != std::string::npos);
    CHECK(error_code_of([&] { trust::adopt_update(v1, update_of(v2, {&k.stranger}), now); }) ==
          ErrorCode::untrusted);
    // The stranger lists itself as a vendor in the new policy: the current
    // policy's threshold still is not met.
    const json grab = policy_json(2, {key_entry(k.stranger, "vendor")});
    CHECK(error_code_of([&] { trust::adopt_update(v1, update_of(grab, {&k.stranger}), now); }) ==
          ErrorCode::untrusted);
}

TEST_CASE("a trust update must also be signed by the new policy's own vendor threshold",
          "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v1 = parse_policy(policy_json(1, {key_entry(k.a, "vendor")}));
    // a hands everything to b, which did not sign: b may be a typo.
    const json to_b = policy_json(2, {key_entry(k.b, "vendor")});
    CHECK(error_code_of([&] { trust::adopt_update(v1, update_of(to_b, {&k.a}), now); }) ==
          ErrorCode::untrusted);
    CHECK(error_message_of([&] {
              trust::adopt_update(v1, update_of(to_b, {&k.a}), now);
          }).find("the policy it installs (version 2)") != std::string::npos);
    // With b's signature as well, it goes through.
    CHECK(trust::adopt_update(v1, update_of(to_b, {&k.a, &k.b}), now).version == 2);
    // The new policy raises its own threshold to 2: both of its keys must sign.
    const json two = policy_json(2, {key_entry(k.a, "vendor"), key_entry(k.b, "vendor")}, 2);
    CHECK(error_code_of([&] { trust::adopt_update(v1, update_of(two, {&k.a}), now); }) ==
          ErrorCode::untrusted);
    CHECK(trust::adopt_update(v1, update_of(two, {&k.a, &k.b}), now).version == 2);
}

TEST_CASE("a trust update signed only by keys it revokes is refused", "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v2 =
        parse_policy(policy_json(2, {key_entry(k.a, "vendor"), key_entry(k.b, "vendor")}));
    const json v3 =
        policy_json(3, {key_entry(k.a, "vendor"), key_entry(k.b, "vendor")}, 1, {k.a.id()});
    CHECK(error_code_of([&] { trust::adopt_update(v2, update_of(v3, {&k.a}), now); }) ==
          ErrorCode::untrusted);
    CHECK(error_message_of([&] {
              trust::adopt_update(v2, update_of(v3, {&k.a}), now);
          }).find("revoked by this update") != std::string::npos);
    CHECK(trust::adopt_update(v2, update_of(v3, {&k.b}), now).version == 3);
}

TEST_CASE("revoked key ids count for nothing and stay revoked", "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v3 = parse_policy(
        policy_json(3, {key_entry(k.a, "vendor"), key_entry(k.b, "vendor")}, 1, {k.a.id()}));
    // a is revoked by the current policy: its signature counts for nothing,
    // even on an update that would un-revoke it.
    const json unrevoke = policy_json(4, {key_entry(k.a, "vendor"), key_entry(k.b, "vendor")});
    CHECK(error_code_of([&] { trust::adopt_update(v3, update_of(unrevoke, {&k.a}), now); }) ==
          ErrorCode::untrusted);
    // Signed properly by b, un-revoking a is still refused: once revoked, always.
    CHECK(error_code_of([&] { trust::adopt_update(v3, update_of(unrevoke, {&k.b}), now); }) ==
          ErrorCode::untrusted);
    CHECK(error_message_of([&] {
              trust::adopt_update(v3, update_of(unrevoke, {&k.b}), now);
          }).find("stays revoked") != std::string::npos);
    // Dropping a from the key list while keeping it revoked is fine.
    const json keep = policy_json(4, {key_entry(k.b, "vendor")}, 1, {k.a.id()});
    CHECK(trust::adopt_update(v3, update_of(keep, {&k.b}), now).is_revoked(k.a.id()));
}

TEST_CASE("two signatures by the same key count once", "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v1 =
        parse_policy(policy_json(1, {key_entry(k.a, "vendor"), key_entry(k.b, "vendor")}, 2));
    const json v2 = policy_json(2, {key_entry(k.a, "vendor"), key_entry(k.b, "vendor")}, 2);
    CHECK(error_code_of([&] {
              trust::adopt_update(v1, update_of(v2, {&k.a, &k.a}), now);
          }) == ErrorCode::untrusted);
    CHECK(error_message_of([&] {
              trust::adopt_update(v1, update_of(v2, {&k.a, &k.a}), now);
          }).find("has 1") != std::string::npos);
    CHECK(trust::adopt_update(v1, update_of(v2, {&k.a, &k.b}), now).version == 2);
    // A third signature by an unknown key does not hurt a met threshold.
    CHECK(trust::adopt_update(v1, update_of(v2, {&k.a, &k.stranger, &k.b}), now).version == 2);
}

TEST_CASE("a threshold of 2 may be lowered by an update both keys sign", "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v1 = parse_policy(policy_json(
        1, {key_entry(k.a, "vendor"), key_entry(k.b, "vendor"), key_entry(k.c, "vendor")}, 2));
    const json v2 = policy_json(2, {key_entry(k.c, "vendor")}, 1, {k.a.id(), k.b.id()});
    // a and b are revoked by v2, so their signatures do not count; c alone is 1 of 2.
    CHECK(error_code_of([&] {
              trust::adopt_update(v1, update_of(v2, {&k.a, &k.b, &k.c}), now);
          }) == ErrorCode::untrusted);
    // Keep b unrevoked for this step: b and c meet v1's 2, and c meets v2's own 1.
    const json lower =
        policy_json(2, {key_entry(k.b, "vendor"), key_entry(k.c, "vendor")}, 1, {k.a.id()});
    const TrustPolicy p2 = trust::adopt_update(v1, update_of(lower, {&k.b, &k.c}), now);
    CHECK(p2.require.at("vendor") == 1);
}

TEST_CASE("an expired vendor key counts only when replaying", "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v1 = parse_policy(policy_json(
        1, {key_entry(k.a, "vendor", "2026-01-01T00:00:00Z"), key_entry(k.b, "vendor")}));
    const json v2 = policy_json(2, {key_entry(k.a, "vendor"), key_entry(k.b, "vendor")});
    const auto update = update_of(v2, {&k.a});
    CHECK(error_code_of([&] { trust::adopt_update(v1, update, now); }) == ErrorCode::expired);
    CHECK(trust::adopt_update(v1, update, std::nullopt).version == 2);
    CHECK(trust::adopt_update(v1, update_of(v2, {&k.b}), now).version == 2);
}

TEST_CASE("a malformed policy inside an update is a spec error", "[sign][trust-update]") {
    Keys k;
    const TrustPolicy v1 = parse_policy(policy_json(1, {key_entry(k.a, "vendor")}));
    json bad = policy_json(2, {key_entry(k.a, "vendor")});
    bad["extra"] = true;
    CHECK(error_code_of([&] { trust::adopt_update(v1, update_of(bad, {&k.a}), now); }) ==
          ErrorCode::spec);
}

TEST_CASE("sign_trust_update signs once per key and validates the policy", "[sign][trust-update]") {
    Keys k;
    std::vector<PrivateKey> keys;
    keys.push_back(PrivateKey::generate(KeyType::ed25519));
    keys.push_back(PrivateKey::generate(KeyType::ecdsa_p256));
    const json v2 = policy_json(2, {key_entry(keys[0], "vendor"), key_entry(keys[1], "vendor")}, 2);
    const dsse::Envelope e = trust::sign_trust_update(v2.dump(), keys, "p.json");
    CHECK(e.payload_type == trust::trust_update_payload_type);
    CHECK(e.payload == v2.dump());
    REQUIRE(e.signatures.size() == 2);
    CHECK(dsse::is_signed_by(e, keys[0].public_key()));
    CHECK(dsse::is_signed_by(e, keys[1].public_key()));
    CHECK(dsse::parse_envelope(dsse::serialize(e)) == e);

    CHECK(error_code_of([&] { trust::sign_trust_update("{}", keys, "p.json"); }) ==
          ErrorCode::spec);
    CHECK(error_code_of([&] { trust::sign_trust_update(v2.dump(), {}, "p.json"); }) ==
          ErrorCode::usage);
    std::vector<PrivateKey> twice;
    twice.push_back(std::move(keys[0]));
    twice.push_back(PrivateKey::from_pem(twice[0].pem(), "copy"));
    CHECK(error_code_of([&] { trust::sign_trust_update(v2.dump(), twice, "p.json"); }) ==
          ErrorCode::usage);
}
