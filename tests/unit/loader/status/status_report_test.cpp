#include "loader/output/json_output.hpp"
#include "loader/status/status_report.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::ScratchDir;

TEST_CASE("status: ages and time left come from the state, at the time given", "[status]") {
    ScratchDir dir;
    const Timestamp now = parse_rfc3339("2026-11-23T12:00:00Z");
    {
        StateStore s(dir / "state");
        s.record_load("edge",
                      LoadRecord{"1.4.0",
                                 "sha256:ab",
                                 "2026-11-21T12:00:00Z",
                                 {"k1"},
                                 "registry://127.0.0.1:5000",
                                 {{"k1", "vendor", "2026-11-22T00:00:00Z"},
                                  {"k2", "customer", "2026-12-03T12:00:00Z"}}},
                      now, "{}");
        s.record_load("base", LoadRecord{"2.0.0", "sha256:cd", "2026-11-23T11:00:00Z", {}, "", {}},
                      now, "{}");
    }
    StateStore s(dir / "state", StateStore::Access::read);
    StatusReport r = bundle_status(s, now);
    REQUIRE(r.bundles.size() == 2);
    CHECK(r.newest_load_age_seconds == 3600);
    const BundleStatus& edge = r.bundles[1];
    CHECK(edge.name == "edge");
    CHECK(edge.age_seconds == 2 * 86400);
    REQUIRE(edge.signatures.size() == 2);
    CHECK(edge.signatures[0].seconds_left == -36 * 3600);
    CHECK(edge.signatures[1].seconds_left == 10 * 86400);

    nlohmann::json j = to_json(r);
    CHECK(j["bundles"][1]["signatures"][0]["expired"] == true);
    CHECK(j["bundles"][1]["signatures"][0]["daysLeft"] == -2);
    CHECK(j["bundles"][1]["signatures"][1]["daysLeft"] == 10);
    CHECK(j["newestLoadAgeSeconds"] == 3600);

    const std::string text = r.to_text();
    CHECK(text.find("expired 1d 12h ago") != std::string::npos);
    CHECK(text.find("10d 0h left") != std::string::npos);
}

TEST_CASE("status: Prometheus text names every figure with escaped labels", "[status]") {
    StatusReport r;
    r.trusted_time = "2026-11-23T12:00:00Z";
    r.policy_version = 3;
    r.bundles.push_back(
        {"we\"ird\\name", "1.0.0", "", "", 60, "", {{"k", "vendor", "", -5}}, 4u, 3, 9});
    r.newest_load_age_seconds = 60;
    r.licenses.push_back({"lic-1", "ACME", "edge", "", "", "expired", "", -10});
    const std::string p = r.to_prometheus();
    CHECK(p.find("airlock_trust_policy_version 3\n") != std::string::npos);
    CHECK(p.find("airlock_newest_load_age_seconds 60\n") != std::string::npos);
    CHECK(
        p.find(
            R"(airlock_bundle_images_verified_upstream{bundle="we\"ird\\name",version="1.0.0"} 3)") !=
        std::string::npos);
    CHECK(p.find(R"(airlock_bundle_load_age_seconds{bundle="we\"ird\\name",version="1.0.0"} 60)") !=
          std::string::npos);
    CHECK(p.find(R"(role="vendor",key_id="k"} -5)") != std::string::npos);
    CHECK(p.find(R"(airlock_license_valid{license="lic-1",product="edge",state="expired"} 0)") !=
          std::string::npos);
    CHECK(p.find("# TYPE airlock_license_expiry_seconds gauge\n") != std::string::npos);
}
