#include "common/bundle/bom.hpp"
#include "common/bundle/site_receipt.hpp"
#include "common/core/time.hpp"
#include "loader/receipt/site_receipt_export.hpp"
#include "loader/receipt/state_holdings.hpp"
#include "loader/state/state_store.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/test_bom.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <set>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::ScratchDir;

namespace {

Bom state_test_bom(const std::string& name, const std::string& version,
                   std::vector<std::string> blobs, std::vector<std::string> base = {}) {
    Bom bom = airlock::test::minimal_bom(name, version);
    for (const std::string& b : blobs) {
        bom.blobs.push_back({Digest::of(b), static_cast<std::int64_t>(b.size()), "x"});
    }
    if (!base.empty()) {
        bom.base = BomBase{{{name, "0.9.0", Digest::of("older")}}, {}};
        for (const std::string& b : base) {
            bom.base->blobs.push_back({Digest::of(b), static_cast<std::int64_t>(b.size()), "y"});
        }
    }
    return bom;
}

void record(StateStore& s, const Bom& bom, const std::string& loaded_at) {
    const std::string bytes = bom.serialize();
    s.record_load(bom.name, LoadRecord{bom.version, Digest::of(bytes).str(), loaded_at, {}, "", {}},
                  parse_rfc3339(loaded_at), bytes);
}

} // namespace

TEST_CASE("state holdings: every bundle loaded, with the blobs its BOMs carried or based on",
          "[site_receipt][receipt_state]") {
    ScratchDir dir;
    const Bom v1 = state_test_bom("edge", "1.0.0", {"l1", "l2"});
    const Bom v2 = state_test_bom("edge", "2.0.0", {"l3"}, {"l1"});
    const Bom tools = state_test_bom("tools", "0.1.0", {"l2", "t1"});
    {
        StateStore s(dir / "state");
        record(s, v1, "2026-11-20T10:00:00Z");
        record(s, tools, "2026-11-21T10:00:00Z");
        record(s, v2, "2026-11-22T10:00:00Z");
    }
    // v1's record was replaced by v2's: its loadedAt is when its BOM was kept.
    const auto kept = std::chrono::file_clock::from_sys(parse_rfc3339("2026-11-20T10:00:07Z"));
    std::filesystem::last_write_time(
        dir / "state" / "boms" / (Digest::of(v1.serialize()).hex() + ".json"), kept);
    StateStore s(dir / "state", StateStore::Access::read);
    StateHoldings h = state_holdings(s);
    CHECK(h.notes.empty());
    REQUIRE(h.bundles.size() == 3);
    CHECK(h.bundles[0].bundle.name == "edge");
    CHECK(h.bundles[0].bundle.version == "1.0.0");
    CHECK(h.bundles[0].bundle.bom_digest == Digest::of(v1.serialize()));
    CHECK(h.bundles[1].bundle.version == "2.0.0");
    CHECK(h.bundles[1].loaded_at == "2026-11-22T10:00:00Z");
    CHECK(h.bundles[2].bundle.name == "tools");
    CHECK(h.bundles[2].loaded_at == "2026-11-21T10:00:00Z");
    CHECK(h.bundles[0].loaded_at == "2026-11-20T10:00:07Z");
    // The base's blobs count too (l1 from v2's base); the bundle's index.json is not loaded.
    REQUIRE(h.blobs.size() == 4);
    std::set<Digest> got;
    for (const BomBlob& b : h.blobs) {
        got.insert(b.digest);
    }
    CHECK(got ==
          std::set<Digest>{Digest::of("l1"), Digest::of("l2"), Digest::of("l3"), Digest::of("t1")});
}

TEST_CASE("state holdings: an altered BOM in the state is refused, an empty state is empty",
          "[site_receipt][receipt_state]") {
    ScratchDir dir;
    {
        StateStore empty(dir / "none", StateStore::Access::read);
        StateHoldings h = state_holdings(empty);
        CHECK(h.bundles.empty());
        CHECK(h.blobs.empty());
    }
    const Bom v1 = state_test_bom("edge", "1.0.0", {"l1"});
    {
        StateStore s(dir / "state");
        record(s, v1, "2026-11-20T10:00:00Z");
    }
    const std::string name = Digest::of(v1.serialize()).hex() + ".json";
    dir.write("state/boms/" + name, v1.serialize() + " ");
    StateStore s(dir / "state", StateStore::Access::read);
    CHECK(test::error_code_of([&] { state_holdings(s); }) == ErrorCode::io);
}

TEST_CASE(
    "receipt export: the state alone, written atomically and read back by the builder's parser",
    "[site_receipt][receipt_state]") {
    ScratchDir dir;
    const Bom v1 = state_test_bom("edge", "1.0.0", {"l1", "l2"});
    {
        StateStore s(dir / "state");
        record(s, v1, "2026-11-20T10:00:00Z");
    }
    ReceiptOptions o;
    o.state_dir = dir / "state";
    o.out = dir / "site.json";
    ReceiptSummary summary = export_site_receipt(o);
    CHECK(summary.bundles == 1);
    CHECK(summary.blobs == 2);
    CHECK(summary.bytes == 4);
    CHECK_FALSE(summary.checked);
    const std::string bytes = dir.read("site.json");
    CHECK(is_site_receipt(bytes));
    SiteReceipt r = SiteReceipt::parse(bytes, "site.json");
    CHECK_FALSE(r.checked);
    CHECK(r.target.empty());
    REQUIRE(r.bundles.size() == 1);
    CHECK(r.bundles[0].bundle.bom_digest == Digest::of(v1.serialize()));
    CHECK(r.bundles[0].loaded_at == "2026-11-20T10:00:00Z");
    CHECK(summary.to_text().find("2 blobs (4 bytes) as the state recorded them") !=
          std::string::npos);

    o.registry = "ftp://somewhere";
    const std::string message = test::error_message_of([&] { export_site_receipt(o); });
    CHECK(message.starts_with("--registry 'ftp://somewhere'"));
}
