#include "builder/sbom/findings_cache.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using airlock::Digest;
using airlock::sbom::LayerFindings;
using airlock::test::ScratchDir;

namespace {

LayerFindings sample_findings() {
    LayerFindings f;
    f.files["var/lib/dpkg/status"] = "Package: bash\nVersion: 5.2\n";
    f.files["var/lib/rpm/rpmdb.sqlite"] = std::string("SQLite\0\x01\xff", 9); // binary
    f.removed = {"var/lib/apk", "etc/os-release"};
    f.opaque = {"usr/share"};
    f.notes = {"stream ends early"};
    f.compression = "zstd";
    f.tar_bytes = 1234567;
    f.tar_entries = 89;
    f.complete = false;
    return f;
}

} // namespace

TEST_CASE("cached findings read back exactly as written", "[findings_cache]") {
    ScratchDir dir;
    const Digest layer = Digest::of("layer");
    CHECK_FALSE(airlock::sbom::read_cached_findings(dir.path(), layer));
    airlock::sbom::write_cached_findings(dir.path(), layer, sample_findings());
    auto back = airlock::sbom::read_cached_findings(dir.path(), layer);
    REQUIRE(back);
    const LayerFindings want = sample_findings();
    CHECK(back->files == want.files);
    CHECK(back->removed == want.removed);
    CHECK(back->opaque == want.opaque);
    CHECK(back->notes == want.notes);
    CHECK(back->compression == want.compression);
    CHECK(back->tar_bytes == want.tar_bytes);
    CHECK(back->tar_entries == want.tar_entries);
    CHECK(back->complete == want.complete);
    // No cache folder: nothing is kept or read.
    airlock::sbom::write_cached_findings({}, layer, sample_findings());
    CHECK_FALSE(airlock::sbom::read_cached_findings({}, layer));
}

TEST_CASE("a cached entry under another layer's name is not used", "[findings_cache]") {
    ScratchDir dir;
    const Digest a = Digest::of("a"), b = Digest::of("b");
    airlock::sbom::write_cached_findings(dir.path(), a, sample_findings());
    const auto folder =
        dir.path() / "sbom-scans" / ("v" + std::to_string(airlock::sbom::findings_cache_version));
    std::filesystem::copy_file(folder / (a.hex() + ".json"), folder / (b.hex() + ".json"));
    CHECK_FALSE(airlock::sbom::read_cached_findings(dir.path(), b));
    std::ofstream(folder / (a.hex() + ".json"), std::ios::trunc) << R"({"layer": 1})";
    CHECK_FALSE(airlock::sbom::read_cached_findings(dir.path(), a));
}

TEST_CASE("a layer path that is not UTF-8 is scanned again, not cached altered",
          "[findings_cache]") {
    ScratchDir dir;
    const Digest layer = Digest::of("odd");
    LayerFindings f = sample_findings();
    f.removed.insert("var/lib/\xff\xfe");
    airlock::sbom::write_cached_findings(dir.path(), layer, f);
    CHECK_FALSE(airlock::sbom::read_cached_findings(dir.path(), layer));
}
