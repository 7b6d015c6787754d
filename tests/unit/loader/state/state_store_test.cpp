#include "common/core/error.hpp"
#include "common/io/temp_file.hpp"
#include "loader/state/state_store.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/test_bom.hpp"

#include <catch2/catch.hpp>

using airlock::loader::LoadRecord;
using airlock::loader::StateStore;
using airlock::test::ScratchDir;

namespace {
std::string small_bom_bytes(const std::string& name = "app") {
    airlock::Bom bom = airlock::test::minimal_bom(name, "1.1.0");
    bom.images.push_back({"docker.io/library/busybox:1.36",
                          "",
                          airlock::Digest::of("m"),
                          std::nullopt,
                          "application/vnd.oci.image.manifest.v1+json",
                          {},
                          {},
                          {},
                          {},
                          {}});
    return bom.serialize();
}
} // namespace

TEST_CASE("state store: a recorded load and the time mark survive reopening") {
    ScratchDir dir;
    airlock::Timestamp later = airlock::now_utc() + std::chrono::hours(2);
    {
        StateStore s(dir / "state");
        s.record_load("app",
                      LoadRecord{"1.1.0",
                                 "sha256:ab",
                                 "2026-01-01T00:00:00Z",
                                 {"k1"},
                                 "oci:/x",
                                 {{"k1", "vendor", "2027-01-01T00:00:00Z"}}},
                      later, small_bom_bytes());
    }
    StateStore s(dir / "state");
    auto rec = s.loaded("app");
    REQUIRE(rec);
    CHECK(rec->version == "1.1.0");
    CHECK(rec->bom_digest == "sha256:ab");
    CHECK(rec->key_ids == std::vector<std::string>{"k1"});
    CHECK(rec->target == "oci:/x");
    REQUIRE(rec->signatures.size() == 1);
    CHECK(rec->signatures[0].role == "vendor");
    CHECK(rec->signatures[0].not_after == "2027-01-01T00:00:00Z");
    CHECK(s.trusted_time() >= later);
}

TEST_CASE("state store: recorded BOMs come back, and an altered one is refused") {
    ScratchDir dir;
    {
        StateStore s(dir / "state");
        s.record_load("app", LoadRecord{"1.1.0", "sha256:ab", "", {}, "oci:/x", {}},
                      airlock::now_utc(), small_bom_bytes());
    }
    {
        StateStore reader(dir / "state", StateStore::Access::read);
        auto boms = reader.recorded_boms();
        REQUIRE(boms.size() == 1);
        CHECK(boms[0].images.at(0).ref == "docker.io/library/busybox:1.36");
        // Readers share the lock; a writer is kept out while one reads.
        StateStore other(dir / "state", StateStore::Access::read);
        CHECK_THROWS_AS(StateStore(dir / "state"), airlock::Error);
    }
    for (const auto& e : std::filesystem::directory_iterator(dir / "state" / "boms")) {
        airlock::write_file_atomic(e.path(), small_bom_bytes("other"), 0600);
    }
    StateStore s(dir / "state", StateStore::Access::read);
    CHECK_THROWS_AS(s.recorded_boms(), airlock::Error);
}

TEST_CASE("state store: a reader of an absent state sees nothing and creates nothing") {
    ScratchDir dir;
    StateStore s(dir / "none", StateStore::Access::read);
    CHECK(s.recorded_boms().empty());
    CHECK(s.all_loaded().empty());
    CHECK_FALSE(std::filesystem::exists(dir / "none"));
}
