#include "common/core/error.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "common/trust/trust_update.hpp"
#include "keys/embedded_policy.hpp"
#include "loader/state/state_store.hpp"
#include "loader/trust/apply_trust_updates.hpp"
#include "loader/trust/effective_policy.hpp"
#include "loader/trust/trust_store.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

using airlock::ErrorCode;
using airlock::loader::apply_trust_updates;
using airlock::loader::EffectivePolicy;
using airlock::loader::load_effective_policy;
using airlock::loader::StateStore;
using airlock::sign::KeyType;
using airlock::sign::PrivateKey;
using airlock::test::ScratchDir;
using nlohmann::json;
namespace dsse = airlock::dsse;
namespace sign = airlock::sign;
namespace trust = airlock::trust;

namespace {

const std::filesystem::path dev_dir = std::filesystem::path(AIRLOCK_SOURCE_DIR) / "keys" / "dev";
const airlock::Timestamp now = airlock::parse_rfc3339("2026-11-23T10:00:00Z", "test");

template <typename F> ErrorCode code_of(F&& f) {
    try {
        f();
    } catch (const airlock::Error& e) {
        UNSCOPED_INFO("message: " << e.what());
        return e.code();
    }
    FAIL("expected an airlock::Error");
    return ErrorCode::internal;
}

template <typename F> std::string message_of(F&& f) {
    try {
        f();
    } catch (const airlock::Error& e) {
        return e.what();
    }
    FAIL("expected an airlock::Error");
    return {};
}

// The embedded (development) policy, plus key `extra` as a vendor, at `version`.
struct Chain {
    PrivateKey vendor = PrivateKey::load(dev_dir / "vendor.key");
    PrivateKey extra = PrivateKey::generate(KeyType::ed25519);

    json policy(int version, bool with_extra = true, bool revoke_vendor = false) const {
        json j = json::parse(airlock::embedded_trust_policy());
        j["version"] = version;
        if (with_extra) {
            j["keys"].push_back(
                {{"id", extra.id()}, {"role", "vendor"}, {"publicKey", extra.public_key().pem()}});
        }
        if (revoke_vendor) {
            j["revoked"].push_back(vendor.id());
        }
        return j;
    }
    dsse::Envelope update(const json& p, const std::vector<const PrivateKey*>& signers) const {
        dsse::Envelope e{std::string(trust::trust_update_payload_type), p.dump(), {}};
        for (const PrivateKey* k : signers) {
            dsse::add_signature(e, *k);
        }
        return e;
    }
    dsse::Envelope v2() const { return update(policy(2), {&vendor, &extra}); }
    dsse::Envelope v3() const { return update(policy(3, true, true), {&extra}); }
};

EffectivePolicy load(const ScratchDir& dir) {
    StateStore state(dir / "state", StateStore::Access::read);
    return load_effective_policy(state, std::nullopt);
}

} // namespace

TEST_CASE("without stored updates the embedded policy is in force", "[trust]") {
    ScratchDir dir;
    EffectivePolicy p = load(dir);
    CHECK(p.policy.version == 1);
    CHECK(p.origin == "embedded v1");
    CHECK(p.chain_payload == airlock::embedded_trust_policy());
}

TEST_CASE("adopted updates are stored and replayed in a later run", "[trust]") {
    ScratchDir dir;
    Chain c;
    {
        StateStore state(dir / "state");
        EffectivePolicy p = load_effective_policy(state, std::nullopt);
        // Out of order on purpose: they are applied by version.
        CHECK(apply_trust_updates(p, {c.v3(), c.v2()}, now, &state) == std::vector<int>{2, 3});
        CHECK(p.policy.version == 3);
        CHECK(p.origin == "embedded v1 + update v3");
        CHECK(p.policy.is_revoked(c.vendor.id()));
    }
    CHECK(std::filesystem::exists(dir / "state/trust/policy-2.json"));
    CHECK(std::filesystem::exists(dir / "state/trust/policy-3.json"));
    EffectivePolicy again = load(dir);
    CHECK(again.policy.version == 3);
    CHECK(again.origin == "embedded v1 + update v3");
    CHECK(again.policy.is_revoked(c.vendor.id()));
    CHECK(again.policy.trusted_keys("vendor").size() == 1);

    // A run-time policy still strengthens the result, and is named last.
    dir.write("extra.json", R"({"version":1,"keys":[],"require":{"vendor":1,"customer":1}})");
    StateStore state(dir / "state", StateStore::Access::read);
    EffectivePolicy strengthened = load_effective_policy(state, dir / "extra.json");
    CHECK(strengthened.policy.version == 3);
    CHECK(strengthened.policy.require.at("customer") == 1);
    CHECK(strengthened.origin == "embedded v1 + update v3 + " + (dir / "extra.json").string());
    CHECK(strengthened.chain.require.count("customer") == 0);
}

TEST_CASE("apply_trust_updates ignores what is in force and refuses equivocation", "[trust]") {
    ScratchDir dir;
    Chain c;
    StateStore state(dir / "state");
    EffectivePolicy p = load_effective_policy(state, std::nullopt);
    REQUIRE(apply_trust_updates(p, {c.v2()}, now, nullptr) == std::vector<int>{2});
    CHECK_FALSE(std::filesystem::exists(dir / "state/trust")); // not persisted
    // The same update again, and an older one: nothing to do.
    CHECK(apply_trust_updates(p, {c.v2()}, now, nullptr).empty());
    CHECK(
        apply_trust_updates(p, {c.update(c.policy(1, false), {&c.vendor})}, now, nullptr).empty());
    CHECK(p.policy.version == 2);
    // Version 2 again with other content: two policies claim one version.
    json other = c.policy(2);
    other["require"]["vendor"] = 2;
    auto equivocation = c.update(other, {&c.vendor, &c.extra});
    CHECK(code_of([&] { apply_trust_updates(p, {equivocation}, now, nullptr); }) ==
          ErrorCode::rollback);
    CHECK(p.policy.version == 2);
}

TEST_CASE("a bad update in a batch changes nothing, in memory or stored", "[trust]") {
    ScratchDir dir;
    Chain c;
    StateStore state(dir / "state");
    EffectivePolicy p = load_effective_policy(state, std::nullopt);
    auto forged = c.v3();
    forged.signatures[0].sig[0] = static_cast<char>(forged.signatures[0].sig[0] ^ 0x01);
    CHECK(code_of([&] {
              apply_trust_updates(p, {c.v2(), forged}, now, &state);
          }) == ErrorCode::signature);
    CHECK(p.policy.version == 1);
    CHECK_FALSE(std::filesystem::exists(dir / "state/trust/policy-2.json"));
    CHECK(p.origin == "embedded v1");
    // Signed by the customer key only: untrusted.
    PrivateKey customer = PrivateKey::load(dev_dir / "customer.key");
    CHECK(code_of([&] {
              apply_trust_updates(p, {c.update(c.policy(2, false), {&customer})}, now, &state);
          }) == ErrorCode::untrusted);
    CHECK_FALSE(std::filesystem::exists(dir / "state/trust/policy-2.json"));
}

TEST_CASE("files placed in STATE/trust by hand cannot change the policy", "[trust]") {
    ScratchDir dir;
    Chain c;
    {
        StateStore state(dir / "state");
        airlock::loader::store_trust_update(state, 2, c.v2());
    }
    REQUIRE(load(dir).policy.version == 2);

    SECTION("a bare policy, unsigned") {
        dir.write("state/trust/policy-3.json", c.policy(3, true, true).dump());
        const std::string message = message_of([&] { load(dir); });
        CHECK(message.find("policy-3.json") != std::string::npos);
        CHECK(code_of([&] { load(dir); }) == ErrorCode::untrusted);
    }
    SECTION("an envelope signed by a key no policy trusts") {
        PrivateKey stranger = PrivateKey::generate(KeyType::ed25519);
        dir.write("state/trust/policy-3.json",
                  dsse::serialize(c.update(c.policy(3, true, true), {&stranger})));
        CHECK(code_of([&] { load(dir); }) == ErrorCode::untrusted);
    }
    SECTION("a valid update under another version's name") {
        dir.write("state/trust/policy-4.json", dsse::serialize(c.v3()));
        CHECK(message_of([&] { load(dir); }).find("not the version its name says") !=
              std::string::npos);
    }
    SECTION("a file with another name") {
        dir.write("state/trust/evil.json", c.policy(3).dump());
        CHECK(code_of([&] { load(dir); }) == ErrorCode::untrusted);
        CHECK(message_of([&] { load(dir); }).find("evil.json") != std::string::npos);
    }
    SECTION("a stored update whose signature was altered") {
        auto forged = c.v2();
        forged.signatures[0].sig[0] = static_cast<char>(forged.signatures[0].sig[0] ^ 0x01);
        forged.signatures.pop_back();
        dir.write("state/trust/policy-2.json", dsse::serialize(forged));
        CHECK(code_of([&] { load(dir); }) == ErrorCode::untrusted);
    }
    SECTION("updates at or below the embedded version are superseded, not read") {
        dir.write("state/trust/policy-1.json", "not even json");
        CHECK(load(dir).policy.version == 2);
    }
}
