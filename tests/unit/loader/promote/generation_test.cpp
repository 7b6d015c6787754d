#include "common/bundle/bom.hpp"
#include "common/registry/registry_destination.hpp"
#include "loader/promote/generation.hpp"
#include "loader/state/state_store.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/test_bom.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::ScratchDir;

namespace {

BomImage promote_test_image(const std::string& ref, const std::string& manifest) {
    BomImage img;
    img.ref = ref;
    img.digest = Digest::of(manifest);
    img.media_type = "application/vnd.oci.image.manifest.v1+json";
    return img;
}

Bom promote_test_bom(const std::string& version,
                     std::vector<std::pair<std::string, std::string>> images) {
    Bom bom = airlock::test::minimal_bom("shop", version);
    for (const auto& image : images) {
        bom.images.push_back(promote_test_image(image.first, image.second));
        bom.blobs.push_back({Digest::of(image.second),
                             static_cast<std::int64_t>(image.second.size()),
                             "application/vnd.oci.image.manifest.v1+json"});
    }
    return bom;
}

void promote_test_record(StateStore& s, const Bom& bom) {
    const std::string bytes = bom.serialize();
    s.record_load(bom.name, LoadRecord{bom.version, Digest::of(bytes).str(), "", {}, "", {}},
                  parse_rfc3339("2026-11-23T00:00:00Z"), bytes);
}

Placement promote_test_place(const std::string& ref) {
    return registry_placement("mirror", false, ref);
}

} // namespace

TEST_CASE("promote: a generation is a BOM the state recorded for that name and version",
          "[promote]") {
    ScratchDir dir;
    const Bom v1 = promote_test_bom("1.0.0", {{"docker.io/library/nginx:1.25", "m1"}});
    const Bom v2 = promote_test_bom("2.0.0", {{"docker.io/library/nginx:1.27", "m2"}});
    {
        StateStore s(dir / "state");
        promote_test_record(s, v1);
        promote_test_record(s, v2);
    }
    StateStore s(dir / "state", StateStore::Access::read);
    // An older generation stays promotable (a rollback by channel).
    RecordedBom g = find_generation(s, "shop", "1.0.0");
    CHECK(g.digest == Digest::of(v1.serialize()));
    CHECK(g.bom.images[0].digest == Digest::of("m1"));
    CHECK(find_generation(s, "shop", "2.0.0").bom.version == "2.0.0");

    std::string message;
    CHECK(test::error_code_of([&] { find_generation(s, "shop", "3.0.0"); }, &message) ==
          ErrorCode::not_found);
    CHECK(message.find("shop 3.0.0 was not loaded") != std::string::npos);
    CHECK(message.find("1.0.0") != std::string::npos);
    CHECK(message.find("2.0.0") != std::string::npos);
    CHECK(test::error_code_of([&] { find_generation(s, "other", "1.0.0"); }) ==
          ErrorCode::not_found);
}

TEST_CASE("promote: one channel tag per repository, placed as load placed it, by digest",
          "[promote]") {
    const Bom bom = promote_test_bom("1.0.0", {{"docker.io/library/nginx:1.25", "m1"},
                                               {"quay.io/org/tool@" + Digest::of("m2").str(), "m2"},
                                               {"docker.io/library/nginx:stable", "m1"}});
    std::vector<ChannelMove> moves = plan_channel_moves(bom, "prod", promote_test_place);
    REQUIRE(moves.size() == 2);
    CHECK(moves[0].repo == "mirror/library/nginx");
    CHECK(moves[0].name == "prod");
    CHECK(moves[0].manifest.digest == Digest::of("m1"));
    CHECK(moves[0].manifest.size == 2);
    CHECK(moves[1].repo == "mirror/org/tool");
    CHECK(moves[1].manifest.digest == Digest::of("m2"));

    std::vector<ChannelMove> kept = plan_channel_moves(
        bom, "prod", [](const std::string& ref) { return registry_placement("", true, ref); });
    CHECK(kept[0].repo == "docker.io/library/nginx");
    // An OCI layout: no repositories, the channel is part of each ref name.
    std::vector<ChannelMove> layout = plan_channel_moves(bom, "prod", [](const std::string& ref) {
        return Placement{"", ref};
    });
    REQUIRE(layout.size() == 2);
    CHECK(layout[0].name == "docker.io/library/nginx:prod");
    CHECK(layout[1].name == "quay.io/org/tool:prod");

    const Bom clash = promote_test_bom(
        "1.0.0", {{"docker.io/library/nginx:1.25", "m1"}, {"docker.io/library/nginx:1.27", "m3"}});
    std::string message;
    CHECK(test::error_code_of([&] { plan_channel_moves(clash, "prod", promote_test_place); },
                              &message) == ErrorCode::usage);
    CHECK(message.find("mirror/library/nginx") != std::string::npos);

    Bom unsized = bom;
    unsized.blobs.clear();
    CHECK(test::error_code_of([&] { plan_channel_moves(unsized, "prod", promote_test_place); }) ==
          ErrorCode::malformed);
}
