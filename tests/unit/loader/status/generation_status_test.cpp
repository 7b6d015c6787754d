#include "loader/output/json_output.hpp"
#include "loader/status/status_report.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/test_bom.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::ScratchDir;

namespace {

std::string bom_bytes(const std::string& version) {
    Bom bom = airlock::test::minimal_bom("edge", version);
    return bom.serialize();
}

} // namespace

TEST_CASE("status: generations with their age and whether gc would keep them", "[status][gc]") {
    ScratchDir dir;
    const Timestamp loaded = parse_rfc3339("2026-11-01T00:00:00Z");
    {
        StateStore s(dir / "state");
        for (const char* v : {"1.0.0", "2.0.0", "3.0.0", "4.0.0"}) {
            s.record_load("edge", LoadRecord{v, "", "", {}, "", {}}, loaded, bom_bytes(v));
        }
    }
    // The time each BOM was kept is its file's: 1.0.0 on Nov 1st, 2.0.0 on
    // the 2nd, and so on.
    int day = 0;
    for (const char* v : {"1.0.0", "2.0.0", "3.0.0", "4.0.0"}) {
        const auto f = dir / "state" / "boms" / (Digest::of(bom_bytes(v)).hex() + ".json");
        std::filesystem::last_write_time(
            f, std::chrono::file_clock::from_sys(loaded + std::chrono::days(day++)));
    }
    StateStore s(dir / "state", StateStore::Access::read);
    // The default keeps the newest three; 1.0.0 was superseded on Nov 2nd,
    // 31 days before Dec 3rd, past the default 30 days.
    StatusReport r = bundle_status(s, parse_rfc3339("2026-12-03T00:00:00Z"));
    REQUIRE(r.generations.size() == 4);
    CHECK(r.generations[0].version == "4.0.0");
    CHECK(r.generations[0].keep);
    CHECK(r.generations[2].version == "2.0.0");
    CHECK(r.generations[2].keep);
    CHECK(r.generations[3].version == "1.0.0");
    CHECK_FALSE(r.generations[3].keep);
    CHECK(r.generations[3].age_seconds == 32 * 86400);

    nlohmann::json j = to_json(r);
    CHECK(j["generations"][3]["keep"] == false);
    CHECK(j["generations"][3]["ageSeconds"] == 32 * 86400);
    const std::string p = r.to_prometheus();
    CHECK(p.find("airlock_generation_kept{bundle=\"edge\",version=\"1.0.0\"} 0\n") !=
          std::string::npos);
    CHECK(p.find("airlock_generation_age_seconds{bundle=\"edge\",version=\"4.0.0\"} ") !=
          std::string::npos);
    CHECK(r.to_text().find("collect (collected)") != std::string::npos);
}
