#include "loader/load/referrers_index.hpp"

#include "common/oci/media_types.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;

namespace {

Descriptor referrer(const std::string& seed, const std::string& artifact_type) {
    Descriptor d{std::string(media::oci_manifest), Digest::of(seed), 321, {}, {}, artifact_type};
    d.annotations["org.example.seed"] = seed;
    return d;
}

RawManifest index_of(const std::vector<Descriptor>& listed) {
    nlohmann::json manifests = nlohmann::json::array();
    for (const Descriptor& d : listed) {
        manifests.push_back(d.to_json());
    }
    RawManifest m;
    m.bytes = nlohmann::json{{"schemaVersion", 2},
                             {"mediaType", media::oci_index},
                             {"manifests", manifests}}
                  .dump();
    m.media_type = std::string(media::oci_index);
    m.digest = Digest::of(m.bytes);
    return m;
}

std::vector<Digest> listed(const RawManifest& index) {
    std::vector<Digest> out;
    for (const Descriptor& d : parse_image_index(index.bytes, "test").manifests) {
        out.push_back(d.digest);
    }
    return out;
}

PlannedReferrers planned(std::vector<Descriptor> referrers) {
    return {{"site/app", "sha256-" + Digest::of("subject").hex()},
            Digest::of("subject"),
            std::move(referrers)};
}

} // namespace

TEST_CASE("referrers index: a new index lists the planned referrers with their artifact types",
          "[referrers_index]") {
    auto index = merged_referrers_index(std::nullopt, planned({referrer("a", "application/x")}));
    REQUIRE(index);
    CHECK(index->media_type == media::oci_index);
    CHECK(index->digest == Digest::of(index->bytes));
    auto j = nlohmann::json::parse(index->bytes);
    CHECK(j["schemaVersion"] == 2);
    REQUIRE(j["manifests"].size() == 1);
    CHECK(j["manifests"][0]["artifactType"] == "application/x");
    CHECK(j["manifests"][0]["annotations"]["org.example.seed"] == "a");
}

TEST_CASE("referrers index: entries other clients wrote are kept, nothing is listed twice",
          "[referrers_index]") {
    RawManifest existing = index_of({referrer("theirs", "application/y"), referrer("a", "")});
    auto index = merged_referrers_index(
        existing, planned({referrer("a", "application/x"), referrer("b", "application/x")}));
    REQUIRE(index);
    CHECK(listed(*index) ==
          std::vector<Digest>{Digest::of("theirs"), Digest::of("a"), Digest::of("b")});
}

TEST_CASE("referrers index: nothing to write when every referrer is listed already",
          "[referrers_index]") {
    RawManifest existing = index_of({referrer("a", "application/x"), referrer("b", "")});
    CHECK_FALSE(merged_referrers_index(existing, planned({referrer("b", "")})));
}

TEST_CASE("referrers index: an unreadable index is replaced by one that lists ours",
          "[referrers_index]") {
    RawManifest broken;
    broken.bytes = "{\"manifests\": 7}";
    auto index = merged_referrers_index(broken, planned({referrer("a", "")}));
    REQUIRE(index);
    CHECK(listed(*index) == std::vector<Digest>{Digest::of("a")});
}
