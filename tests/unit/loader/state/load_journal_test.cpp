#include "loader/state/load_journal.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <fstream>

#include <catch2/catch.hpp>

using airlock::Digest;
using airlock::loader::JournalEntry;
using airlock::loader::LoadJournal;
using airlock::test::ScratchDir;

TEST_CASE("load journal: an unfinished run is found by the next, per target") {
    ScratchDir dir;
    const Digest blob = Digest::of("layer");
    {
        LoadJournal j(dir.path(), "registry://a:5000");
        CHECK_FALSE(j.previous());
        j.begin(JournalEntry{"registry://a:5000",
                             "b.airlock",
                             "app",
                             "1.0.0",
                             "sha256:aa",
                             "2026-01-01T00:00:00Z",
                             "blobs",
                             {}});
        j.session("lib/x", blob, "http://a:5000/v2/lib/x/blobs/uploads/1?_state=s1");
        j.session("lib/x", blob, "http://a:5000/v2/lib/x/blobs/uploads/1?_state=s2");
        j.set_phase("manifests");
        // killed here: no finish()
    }
    LoadJournal other(dir.path(), "registry://b:5000");
    CHECK_FALSE(other.previous());

    LoadJournal again(dir.path(), "registry://a:5000");
    REQUIRE(again.previous());
    const JournalEntry& prev = *again.previous();
    CHECK(prev.name == "app");
    CHECK(prev.phase == "manifests");
    REQUIRE(prev.sessions.size() == 1);
    CHECK(prev.sessions.begin()->first == std::make_pair(std::string("lib/x"), blob.str()));
    CHECK(prev.sessions.begin()->second.ends_with("_state=s2"));

    again.begin(JournalEntry{"registry://a:5000",
                             "b.airlock",
                             "app",
                             "1.0.0",
                             "sha256:aa",
                             "2026-01-01T00:00:01Z",
                             "blobs",
                             {}});
    again.session("lib/x", blob, "u");
    again.session("lib/x", blob, ""); // committed: forgotten
    again.finish();
    CHECK_FALSE(LoadJournal(dir.path(), "registry://a:5000").previous());
}

TEST_CASE("load journal: an unreadable journal is ignored, not fatal") {
    ScratchDir dir;
    LoadJournal first(dir.path(), "oci:/x");
    first.begin(JournalEntry{"oci:/x", "b", "n", "1.0.0", "d", "t", "blobs", {}});
    for (const auto& e : std::filesystem::directory_iterator(dir / "journal")) {
        std::ofstream(e.path()) << "{\"target\": 7";
    }
    CHECK_FALSE(LoadJournal(dir.path(), "oci:/x").previous());
}
