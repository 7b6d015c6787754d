#include "common/bundle/bom.hpp"
#include "common/bundle/offsets.hpp"
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace airlock;

namespace {

Bom small_bom() {
    Bom bom;
    bom.name = "unit";
    bom.version = "1.0.0";
    bom.created = "2026-11-23T00:00:00Z";
    bom.builder = "test";
    bom.layout = {Digest::of("{}"), 2, "application/json"};
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
