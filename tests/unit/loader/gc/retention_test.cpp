#include "loader/gc/retention.hpp"

#include "common/core/error.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;

namespace {

RecordedBom entry(const std::string& name, const std::string& version, const std::string& at) {
    RecordedBom e;
    e.bom.name = name;
    e.bom.version = version;
    e.digest = Digest::of(name + version);
    e.kept_at = at;
    return e;
}

const Generation& find(const std::vector<Generation>& gens, const std::string& version) {
    for (const Generation& g : gens) {
        if (g.version == version) {
            return g;
        }
    }
    FAIL("no generation " << version);
    throw;
}

} // namespace

TEST_CASE("gc retention: newest --keep stay, older ones until superseded --min-age ago", "[gc]") {
    // Loaded out of order: SemVer orders generations, not the load order.
    std::vector<RecordedBom> entries = {
        entry("edge", "1.0.0", "2026-08-01T00:00:00Z"),
        entry("edge", "1.2.0", "2026-10-01T00:00:00Z"),
        entry("edge", "1.1.0", "2026-09-01T00:00:00Z"),
        entry("edge", "1.10.0", "2026-11-20T00:00:00Z"),
        entry("base", "2.0.0", "2026-01-01T00:00:00Z"),
    };
    const Timestamp now = parse_rfc3339("2026-11-25T00:00:00Z");
    RetentionPolicy p;
    p.keep = 2;
    p.min_age = std::chrono::days(30);
    std::vector<Generation> gens = decide_retention(entries, p, now);
    REQUIRE(gens.size() == 5);
    CHECK(find(gens, "1.10.0").keep);
    CHECK(find(gens, "1.10.0").rank == 0);
    CHECK_FALSE(find(gens, "1.10.0").superseded_at);
    CHECK(find(gens, "1.2.0").keep);
    // 1.1.0 was superseded by 1.2.0 on 2026-10-01: 55 days, past 30.
    CHECK_FALSE(find(gens, "1.1.0").keep);
    CHECK(*find(gens, "1.1.0").superseded_at == parse_rfc3339("2026-10-01T00:00:00Z"));
    CHECK_FALSE(find(gens, "1.0.0").keep);
    CHECK(find(gens, "2.0.0").keep); // the only generation of its name

    SECTION("a generation superseded recently stays, until its age passes") {
        p.min_age = std::chrono::days(60);
        gens = decide_retention(entries, p, now);
        CHECK(find(gens, "1.1.0").keep);
        CHECK(find(gens, "1.1.0").reason.find("superseded 55d ago") == 0);
        CHECK_FALSE(find(gens, "1.0.0").keep); // superseded 2026-09-01: 85 days
        gens = decide_retention(entries, p, parse_rfc3339("2026-11-30T00:00:01Z"));
        CHECK_FALSE(find(gens, "1.1.0").keep);
    }
    SECTION("--keep 1 keeps only the newest; --keep 0 is refused") {
        p.keep = 1;
        p.min_age = std::chrono::seconds(0);
        gens = decide_retention(entries, p, now);
        CHECK(find(gens, "1.10.0").keep);
        CHECK_FALSE(find(gens, "1.2.0").keep);
        p.keep = 0;
        CHECK_THROWS_AS(decide_retention(entries, p, now), Error);
    }
}

TEST_CASE("gc retention: a version that is not SemVer is never collected", "[gc]") {
    std::vector<RecordedBom> entries = {entry("x", "1.0.0", "2026-01-01T00:00:00Z"),
                                        entry("x", "2.0.0", "2026-01-02T00:00:00Z"),
                                        entry("x", "nightly", "2026-01-03T00:00:00Z")};
    RetentionPolicy p;
    p.keep = 1;
    p.min_age = std::chrono::seconds(0);
    std::vector<Generation> gens =
        decide_retention(entries, p, parse_rfc3339("2026-06-01T00:00:00Z"));
    CHECK(find(gens, "nightly").keep);
    CHECK(find(gens, "2.0.0").keep);
    CHECK_FALSE(find(gens, "1.0.0").keep);
}
