#include "common/bundle/bom.hpp"
#include "common/core/error.hpp"
#include "tests/unit/support/test_bom.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

using namespace airlock;

namespace {

Bom delta_bom() {
    Bom bom = airlock::test::minimal_bom("edge", "2.0.0", "2026-12-01T00:00:00Z");
    bom.blobs.push_back({Digest::of("new layer"), 9, "application/vnd.oci.image.layer.v1.tar"});
    BomBase base;
    base.bundles.push_back({"edge", "1.0.0", Digest::of("v1 bom")});
    base.blobs.push_back({Digest::of("old layer"), 9, "application/vnd.oci.image.layer.v1.tar"});
    base.blobs.push_back(
        {Digest::of("old manifest"), 12, "application/vnd.oci.image.manifest.v1+json"});
    bom.base = base;
    return bom;
}

ErrorCode refusal(const std::function<void(nlohmann::json&)>& edit) {
    nlohmann::json j = delta_bom().to_json();
    edit(j);
    try {
        Bom::parse(j.dump());
    } catch (const Error& e) {
        return e.code();
    }
    FAIL("accepted " << j["base"].dump());
    return ErrorCode::internal;
}

} // namespace

TEST_CASE("a delta's base parses back as written, and a full BOM has none", "[bom_base]") {
    const std::string bytes = delta_bom().serialize();
    const Bom back = Bom::parse(bytes);
    CHECK(back.serialize() == bytes);
    REQUIRE(back.base);
    REQUIRE(back.base->bundles.size() == 1);
    CHECK(back.base->bundles[0].version == "1.0.0");
    CHECK(back.base->bundles[0].bom_digest == Digest::of("v1 bom"));
    CHECK(back.base->blobs.size() == 2);
    CHECK(back.payload_bytes() == 9); // only what is carried

    Bom full = delta_bom();
    full.base.reset();
    CHECK(full.to_json().count("base") == 0);
    CHECK_FALSE(Bom::parse(full.serialize()).base);
}

TEST_CASE("find_needed finds carried blobs and those left to the base", "[bom_base]") {
    const Bom bom = delta_bom();
    REQUIRE(bom.find_needed(Digest::of("new layer")));
    REQUIRE(bom.find_needed(Digest::of("old manifest")));
    CHECK(bom.find_needed(Digest::of("old manifest"))->size == 12);
    CHECK_FALSE(bom.find_needed(Digest::of("elsewhere")));
}

TEST_CASE("a base that would make a blob's origin ambiguous is malformed", "[bom_base]") {
    // Carried and left to the base at once.
    CHECK(refusal([](nlohmann::json& j) { j["base"]["blobs"].push_back(j["blobs"][0]); }) ==
          ErrorCode::malformed);
    // Left to the base twice.
    CHECK(refusal([](nlohmann::json& j) { j["base"]["blobs"].push_back(j["base"]["blobs"][0]); }) ==
          ErrorCode::malformed);
}

TEST_CASE("a base of the wrong shape is malformed", "[bom_base]") {
    using J = nlohmann::json;
    CHECK(refusal([](J& j) { j["base"] = J::array(); }) == ErrorCode::malformed);
    CHECK(refusal([](J& j) { j["base"].erase("bundles"); }) == ErrorCode::malformed);
    CHECK(refusal([](J& j) { j["base"].erase("blobs"); }) == ErrorCode::malformed);
    CHECK(refusal([](J& j) { j["base"]["bundles"][0]["bomDigest"] = "sha256:abc"; }) ==
          ErrorCode::malformed);
    CHECK(refusal([](J& j) { j["base"]["bundles"][0].erase("version"); }) == ErrorCode::malformed);
    CHECK(refusal([](J& j) { j["base"]["blobs"][0]["size"] = -1; }) == ErrorCode::malformed);
    CHECK(refusal([](J& j) { j["base"]["blobs"][0].erase("mediaType"); }) == ErrorCode::malformed);
}
