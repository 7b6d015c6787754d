#include "common/bundle/bom.hpp"
#include "common/bundle/offsets.hpp"
#include "common/core/error.hpp"
#include "tests/unit/support/test_bom.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace airlock;

namespace {

Bom small_bom() {
    Bom bom = airlock::test::minimal_bom("unit", "1.0.0");
    bom.blobs.push_back({Digest::of("x"), 1, "x"});
    return bom;
}

// bom.json of small_bom() with `edit` applied to its JSON.
template <typename F> std::string edited(F&& edit) {
    nlohmann::json j = small_bom().to_json();
    edit(j);
    return j.dump();
}

ErrorCode parse_error_of(const std::string& bytes) {
    try {
        Bom::parse(bytes);
    } catch (const Error& e) {
        return e.code();
    }
    FAIL("accepted: " << bytes.substr(0, 200));
    return ErrorCode::internal;
}

} // namespace

TEST_CASE("a BOM parses back to what was serialized", "[bundle]") {
    const std::string bytes = small_bom().serialize();
    CHECK(Bom::parse(bytes).serialize() == bytes);
}

// The cases below were found by tests/fuzz/fuzz_bom.
TEST_CASE("BOM sizes must fit the signed 64-bit size", "[bundle]") {
    const std::uint64_t too_big = std::uint64_t{1} << 63;
    CHECK(parse_error_of(edited([&](auto& j) { j["blobs"][0]["size"] = too_big; })) ==
          ErrorCode::malformed);
    CHECK(parse_error_of(edited([&](auto& j) { j["layout"]["size"] = too_big; })) ==
          ErrorCode::malformed);
    CHECK(Bom::parse(edited([&](auto& j) { j["blobs"][0]["size"] = too_big - 1; })).blobs[0].size ==
          INT64_MAX);
}

TEST_CASE("BOM refuses duplicate keys and deep nesting", "[bundle]") {
    std::string dup = small_bom().serialize();
    dup.replace(dup.find("\"name\""), 0, "\"name\": \"other\", ");
    CHECK(parse_error_of(dup) == ErrorCode::malformed);

    // Deep enough to overflow the stack of anything that copies or prints it.
    const std::size_t depth = 200000;
    std::string deep = small_bom().serialize();
    const std::string requires_empty = "\"requires\": {}";
    REQUIRE(deep.find(requires_empty) != std::string::npos);
    deep.replace(deep.find(requires_empty), requires_empty.size(),
                 "\"requires\": " + std::string(depth, '[') + std::string(depth, ']'));
    CHECK(parse_error_of(deep) == ErrorCode::malformed);
    // A few levels in "requires" are fine.
    CHECK_NOTHROW(Bom::parse(edited([](auto& j) { j["requires"] = {{"a", {{"b", {1, 2}}}}}; })));
}

TEST_CASE("BOM requirements: a license product, and unknown ones kept to fail closed", "[bundle]") {
    const Bom licensed = Bom::parse(edited([](auto& j) {
        j["requires"] = {{"license", "edge-stack"}};
    }));
    CHECK(licensed.requirements.license == "edge-stack");
    CHECK(licensed.requirements.unchecked.empty());
    CHECK(Bom::parse(licensed.serialize()).requirements.license == "edge-stack");

    // A newer builder's requirement: this parser keeps it by name and value, so
    // the loader can refuse the bundle and a re-serialized BOM says the same.
    const std::string newer = edited([](auto& j) {
        j["requires"] = {{"license", "p"}, {"fips", {{"level", 3}}}};
    });
    const Bom parsed = Bom::parse(newer);
    REQUIRE(parsed.requirements.unchecked.size() == 1);
    CHECK(parsed.requirements.unchecked.at("fips") == R"({"level":3})");
    CHECK(nlohmann::json::parse(parsed.serialize())["requires"] ==
          nlohmann::json::parse(newer)["requires"]);

    CHECK(small_bom().requirements.license.empty());
    CHECK(nlohmann::json::parse(small_bom().serialize())["requires"] == nlohmann::json::object());
}

TEST_CASE("BOM requirements of the wrong shape are a malformed bundle", "[bundle]") {
    CHECK(parse_error_of(edited([](auto& j) { j["requires"] = nlohmann::json::array(); })) ==
          ErrorCode::malformed);
    CHECK(parse_error_of(edited([](auto& j) {
              j["requires"] = {{"license", ""}};
          })) == ErrorCode::malformed);
    CHECK(parse_error_of(edited([](auto& j) {
              j["requires"] = {{"license", 7}};
          })) == ErrorCode::malformed);
}

namespace {

BomImage attached_image() {
    BomImage img;
    img.ref = "docker.io/library/app:1.0";
    img.digest = Digest::of("index");
    img.media_type = "application/vnd.oci.image.index.v1+json";
    BomAttachment sig{"signature",
                      img.digest,
                      Digest::of("sig"),
                      400,
                      "application/vnd.oci.image.manifest.v1+json",
                      "",
                      "sha256-" + img.digest.hex() + ".sig"};
    BomAttachment ref{"referrer",
                      img.digest,
                      Digest::of("ref"),
                      500,
                      "application/vnd.oci.image.manifest.v1+json",
                      "application/vnd.dev.sigstore.bundle.v0.3+json",
                      ""};
    img.attachments = {sig, ref};
    img.provenance.push_back({img.digest, sig.digest, "cosign", "ab12", "", ""});
    img.provenance.push_back(
        {img.digest, ref.digest, "sigstore-bundle", "", "https://issuer", "dev@example.com"});
    return img;
}

} // namespace

TEST_CASE("BOM attachments, provenance and SBOMs parse back as written", "[bundle]") {
    Bom bom = small_bom();
    bom.images.push_back(attached_image());
    bom.sboms.push_back(
        {"sbom/cyclonedx.json", Digest::of("x"), 1, "application/vnd.cyclonedx+json"});
    const std::string bytes = bom.serialize();
    const Bom back = Bom::parse(bytes);
    CHECK(back.serialize() == bytes);
    REQUIRE(back.images.size() == 1);
    const BomImage& img = back.images[0];
    REQUIRE(img.attachments.size() == 2);
    CHECK(img.attachments[0].tag == "sha256-" + img.digest.hex() + ".sig");
    CHECK(img.attachments[0].artifact_type.empty());
    CHECK(img.attachments[1].artifact_type == "application/vnd.dev.sigstore.bundle.v0.3+json");
    CHECK(img.attachments[1].size == 500);
    REQUIRE(img.provenance.size() == 2);
    CHECK(img.provenance[0].key == "ab12");
    CHECK(img.provenance[1].identity == "dev@example.com");
    REQUIRE(back.sboms.size() == 1);
    CHECK(back.sboms[0].name == "sbom/cyclonedx.json");
    // Written without the optional fields when they are empty.
    nlohmann::json j = nlohmann::json::parse(bytes);
    CHECK_FALSE(j["images"][0]["attachments"][0].contains("artifactType"));
    CHECK_FALSE(j["images"][0]["attachments"][1].contains("tag"));
}

TEST_CASE("BOM attachments that could write a foreign tag are malformed", "[bundle]") {
    auto with = [](auto edit) {
        Bom bom = small_bom();
        bom.images.push_back(attached_image());
        nlohmann::json j = bom.to_json();
        edit(j["images"][0]["attachments"]);
        return j.dump();
    };
    // The tag is written into the site registry: it must be the subject's cosign tag.
    CHECK(parse_error_of(with([](nlohmann::json& a) { a[0]["tag"] = "latest"; })) ==
          ErrorCode::malformed);
    CHECK(parse_error_of(with([](nlohmann::json& a) {
              a[0]["tag"] = "sha256-" + Digest::of("other").hex() + ".sig";
          })) == ErrorCode::malformed);
    CHECK(parse_error_of(with([](nlohmann::json& a) { a[0].erase("tag"); })) ==
          ErrorCode::malformed);
    // The tag of another kind, or anything after the subject's own tag.
    CHECK(parse_error_of(with([](nlohmann::json& a) {
              a[0]["tag"] = a[0]["tag"].get<std::string>() + "x";
          })) == ErrorCode::malformed);
    CHECK(parse_error_of(with([](nlohmann::json& a) { a[0]["kind"] = "attestation"; })) ==
          ErrorCode::malformed);
    CHECK(parse_error_of(with([](nlohmann::json& a) { a[1]["tag"] = "x"; })) ==
          ErrorCode::malformed);
    CHECK(parse_error_of(with([](nlohmann::json& a) { a[0]["kind"] = "payload"; })) ==
          ErrorCode::malformed);
    CHECK(parse_error_of(with([](nlohmann::json& a) { a[0]["subject"] = "sha256:12"; })) ==
          ErrorCode::malformed);
    CHECK(parse_error_of(with([](nlohmann::json& a) { a[0].erase("size"); })) ==
          ErrorCode::malformed);
}
