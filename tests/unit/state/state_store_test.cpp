#include "loader/state/state_store.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

using airlock::loader::LoadRecord;
using airlock::loader::StateStore;
using airlock::test::ScratchDir;

TEST_CASE("state store: a recorded load and the time mark survive reopening") {
    ScratchDir dir;
    airlock::Timestamp later = airlock::now_utc() + std::chrono::hours(2);
    {
        StateStore s(dir / "state");
        s.record_load("app",
                      LoadRecord{"1.1.0", "sha256:ab", "2026-01-01T00:00:00Z", {"k1"}, "oci:/x"},
                      later);
    }
    StateStore s(dir / "state");
    auto rec = s.loaded("app");
    REQUIRE(rec);
    CHECK(rec->version == "1.1.0");
    CHECK(rec->bom_digest == "sha256:ab");
    CHECK(rec->key_ids == std::vector<std::string>{"k1"});
    CHECK(rec->target == "oci:/x");
    CHECK(s.trusted_time() >= later);
}
