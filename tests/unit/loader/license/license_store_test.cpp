#include "common/core/error.hpp"
#include "common/license/license.hpp"
#include "common/sign/keys.hpp"
#include "loader/output/license_report.hpp"
#include "loader/license/license_store.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using airlock::ErrorCode;
using airlock::Timestamp;
using airlock::license::License;
using airlock::loader::LicenseState;
using airlock::loader::StateStore;
using airlock::sign::KeyType;
using airlock::sign::PrivateKey;
using airlock::test::ScratchDir;
using airlock::trust::TrustPolicy;
namespace loader = airlock::loader;
namespace sign = airlock::sign;
namespace trust = airlock::trust;
namespace license = airlock::license;
namespace dsse = airlock::dsse;
using namespace std::chrono_literals;

namespace {

struct World {
    ScratchDir dir;
    PrivateKey vendor = PrivateKey::generate(KeyType::ed25519);
    PrivateKey customer = PrivateKey::generate(KeyType::ed25519);
    PrivateKey issuer = PrivateKey::generate(KeyType::ecdsa_p256);
    TrustPolicy policy;
    Timestamp now = airlock::now_utc();

    World() {
        policy.keys.push_back({vendor.public_key().id(), "vendor", vendor.public_key(), {}});
        policy.keys.push_back({customer.public_key().id(), "customer", customer.public_key(), {}});
        policy.keys.push_back({issuer.public_key().id(), "license", issuer.public_key(), {}});
        policy.require["vendor"] = 1;
    }

    License license(const std::string& id, const std::string& product, Timestamp from,
                    Timestamp until) const {
        License l;
        l.id = id;
        l.customer = "acme";
        l.product = product;
        l.entitlements = {{"nodes", "10"}};
        l.issued_at = std::min(from, now);
        l.not_before = from;
        l.not_after = until;
        return l;
    }

    std::filesystem::path write(const License& l, const PrivateKey& key) const {
        return dir.write(l.id + "-" + key.public_key().id().substr(0, 8) + ".json",
                         dsse::serialize(license::sign_license(l, key)));
    }

    std::filesystem::path state_dir() const { return dir / "state"; }
};

template <typename F> airlock::Error error_of(F&& f) {
    try {
        f();
    } catch (const airlock::Error& e) {
        return e;
    }
    FAIL("expected an airlock::Error");
    return airlock::Error(ErrorCode::internal, "");
}

} // namespace

TEST_CASE("an imported license is stored, listed and satisfies its product", "[license]") {
    World w;
    const License l = w.license("lic-1", "edge-stack", w.now - 1h, w.now + 24h * 30);
    {
        StateStore state(w.state_dir());
        const loader::ImportedLicense r =
            loader::import_license(state, w.write(l, w.vendor), w.policy);
        CHECK(r.license == l);
        CHECK(r.state == LicenseState::valid);
        CHECK_FALSE(r.already_imported);
        CHECK(r.stored == w.state_dir() / "licenses" / "lic-1.json");
        struct stat st {};
        REQUIRE(::stat(r.stored.c_str(), &st) == 0);
        CHECK((st.st_mode & 0777) == 0600);
        // Again: the same license, nothing changes.
        CHECK(loader::import_license(state, w.write(l, w.vendor), w.policy).already_imported);
    }
    StateStore state(w.state_dir(), StateStore::Access::read);
    const auto listed = loader::list_licenses(state, w.policy, state.trusted_time());
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].state == LicenseState::valid);
    CHECK(listed[0].verdict.key_id == w.vendor.public_key().id());
    CHECK(loader::days_left(listed[0], w.now + 12h) == 29);
    CHECK(loader::days_left(listed[0], w.now + 24h * 31) == 0);
    CHECK(loader::require_license(state, w.policy, "edge-stack", state.trusted_time(), "bundle b")
              .id == "lic-1");
    const auto e = error_of(
        [&] { loader::require_license(state, w.policy, "other", w.now, "bundle b 1.0.0"); });
    CHECK(e.code() == ErrorCode::license);
    CHECK(std::string(e.what()).find("'other'") != std::string::npos);
    CHECK(std::string(e.what()).find("license import") != std::string::npos);
}

TEST_CASE("a license key of role license counts; a customer key does not", "[license]") {
    World w;
    const License l = w.license("lic-2", "edge-stack", w.now, w.now + 24h);
    StateStore state(w.state_dir());
    CHECK(loader::import_license(state, w.write(l, w.issuer), w.policy).state ==
          LicenseState::valid);
    const License c = w.license("lic-3", "edge-stack", w.now, w.now + 24h);
    const auto e =
        error_of([&] { loader::import_license(state, w.write(c, w.customer), w.policy); });
    CHECK(e.code() == ErrorCode::untrusted);
    CHECK(std::string(e.what()).find("role 'customer'") != std::string::npos);
    const PrivateKey rogue = PrivateKey::generate(KeyType::ed25519);
    CHECK(error_of([&] { loader::import_license(state, w.write(c, rogue), w.policy); }).code() ==
          ErrorCode::untrusted);
    CHECK_FALSE(std::filesystem::exists(w.state_dir() / "licenses" / "lic-3.json"));
}

TEST_CASE("forged and edited licenses are refused at import", "[license]") {
    World w;
    const License l = w.license("lic-4", "edge-stack", w.now, w.now + 24h);
    dsse::Envelope env = license::sign_license(l, w.vendor);
    env.signatures[0].sig[0] = static_cast<char>(env.signatures[0].sig[0] ^ 0x01);
    StateStore state(w.state_dir());
    auto e = error_of([&] {
        loader::import_license(state, w.dir.write("forged.json", dsse::serialize(env)), w.policy);
    });
    CHECK(e.code() == ErrorCode::signature);
    CHECK(std::string(e.what()).find("no signature verifies") != std::string::npos);

    dsse::Envelope edited = license::sign_license(l, w.vendor);
    License more = l;
    more.entitlements["nodes"] = "1000";
    edited.payload = license::serialize(more);
    e = error_of([&] {
        loader::import_license(state, w.dir.write("edited.json", dsse::serialize(edited)),
                               w.policy);
    });
    CHECK(e.code() == ErrorCode::signature);
    CHECK(error_of([&] {
              loader::import_license(state, w.dir.write("junk.json", "{"), w.policy);
          }).code() == ErrorCode::signature);
    CHECK_FALSE(std::filesystem::exists(w.state_dir() / "licenses" / "lic-4.json"));
}

TEST_CASE("expired licenses are refused, future ones stored with their date", "[license]") {
    World w;
    StateStore state(w.state_dir());
    const License old = w.license("lic-old", "edge-stack", w.now - 48h, w.now - 24h);
    const auto e =
        error_of([&] { loader::import_license(state, w.write(old, w.vendor), w.policy); });
    CHECK(e.code() == ErrorCode::expired);
    CHECK(std::string(e.what()).find(airlock::format_rfc3339(old.not_after)) != std::string::npos);

    const License later = w.license("lic-later", "edge-stack", w.now + 24h * 10, w.now + 24h * 20);
    CHECK(loader::import_license(state, w.write(later, w.vendor), w.policy).state ==
          LicenseState::not_yet_valid);
    const auto r = error_of([&] {
        loader::require_license(state, w.policy, "edge-stack", state.trusted_time(), "bundle b");
    });
    CHECK(r.code() == ErrorCode::license);
    CHECK(std::string(r.what()).find("not valid before " +
                                     airlock::format_rfc3339(later.not_before)) !=
          std::string::npos);
}

TEST_CASE("the same id with other content is refused", "[license]") {
    World w;
    StateStore state(w.state_dir());
    const License a = w.license("lic-5", "edge-stack", w.now, w.now + 24h);
    loader::import_license(state, w.write(a, w.vendor), w.policy);
    License b = a;
    b.entitlements["nodes"] = "20";
    const auto e = error_of([&] {
        loader::import_license(
            state, w.dir.write("b.json", dsse::serialize(license::sign_license(b, w.vendor))),
            w.policy);
    });
    CHECK(e.code() == ErrorCode::license);
    CHECK(std::string(e.what()).find("already imported") != std::string::npos);
}

TEST_CASE("import raises the trusted time; a later clock or policy change is honoured",
          "[license]") {
    World w;
    const License a = w.license("lic-6", "edge-stack", w.now - 1h, w.now + 24h);
    License future = w.license("lic-7", "other", w.now, w.now + 24h * 900);
    future.issued_at = w.now + 24h * 400; // a license issued "later" moves trusted time on
    future.not_before = future.issued_at;
    {
        StateStore state(w.state_dir());
        loader::import_license(state, w.write(a, w.vendor), w.policy);
        loader::import_license(state, w.write(future, w.vendor), w.policy);
        CHECK(state.trusted_time() >= future.issued_at);
    }
    StateStore state(w.state_dir(), StateStore::Access::read);
    REQUIRE(state.high_water());
    CHECK(*state.high_water() >= future.issued_at);
    auto listed = loader::list_licenses(state, w.policy, state.trusted_time());
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].state == LicenseState::expired);
    CHECK(loader::days_left(listed[0], state.trusted_time()) == 0);
    const auto e = error_of([&] {
        loader::require_license(state, w.policy, "edge-stack", state.trusted_time(), "bundle b");
    });
    CHECK(e.code() == ErrorCode::license);
    CHECK(std::string(e.what()).find("lic-6 for edge-stack expired at " +
                                     airlock::format_rfc3339(a.not_after)) != std::string::npos);

    // Revoking the vendor key invalidates what it signed, stored or not.
    TrustPolicy revoked = w.policy;
    revoked.revoked.insert(w.vendor.public_key().id());
    listed = loader::list_licenses(state, revoked, w.now);
    CHECK(listed[1].state == LicenseState::invalid);
    CHECK(listed[1].reason.find("revoked") != std::string::npos);
    const auto j = loader::to_json(listed[1], w.now);
    CHECK(j["state"] == "invalid");
    CHECK(j["product"] == "other");
}

TEST_CASE("a stored license edited or renamed in place no longer counts", "[license]") {
    World w;
    const License a = w.license("lic-8", "edge-stack", w.now - 1h, w.now + 24h);
    {
        StateStore state(w.state_dir());
        loader::import_license(state, w.write(a, w.vendor), w.policy);
    }
    const auto stored = w.state_dir() / "licenses" / "lic-8.json";
    std::filesystem::rename(stored, w.state_dir() / "licenses" / "lic-9.json");
    StateStore state(w.state_dir(), StateStore::Access::read);
    auto listed = loader::list_licenses(state, w.policy, w.now);
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].state == LicenseState::invalid);
    CHECK(listed[0].reason.find("stored as lic-9") != std::string::npos);
    CHECK(error_of([&] {
              loader::require_license(state, w.policy, "edge-stack", w.now, "b");
          }).code() == ErrorCode::license);
}
