#include "builder/diff/bom_diff.hpp"
#include "builder/output/diff_output.hpp"

#include "common/oci/media_types.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using airlock::Bom;
using airlock::BomBlob;
using airlock::BomChart;
using airlock::BomFile;
using airlock::BomImage;
using airlock::Digest;
using airlock::builder::BomDiff;
using airlock::builder::diff_boms;
using airlock::builder::format_diff;
using airlock::builder::to_json;
namespace media = airlock::media;

namespace {

BomImage image(const std::string& ref, const std::string& seed,
               const std::vector<std::pair<std::string, std::string>>& children) {
    BomImage i;
    i.ref = ref;
    i.digest = Digest::of(seed);
    i.media_type = std::string(media::oci_index);
    for (const auto& [platform, child] : children) {
        i.platforms.push_back(platform);
        i.manifests.push_back(Digest::of(child));
    }
    return i;
}

// OLD 1.0 and NEW 1.1: one image changed on one platform, one added, one
// retagged, a chart bumped, a manifest changed, a file removed.
BomDiff sample() {
    Bom o;
    o.name = "edge";
    o.version = "1.0.0";
    o.images = {image("r.example/app:1.0", "app-1", {{"linux/amd64", "a1"}, {"linux/arm64", "b"}}),
                image("r.example/tool:1.0", "tool", {{"linux/amd64", "t"}})};
    BomChart c;
    c.name = "app";
    c.version = "1.0.0";
    c.digest = Digest::of("chart-1");
    o.charts = {c};
    o.manifests = {{"manifests/app.yaml", Digest::of("m1"), 1024, "application/yaml"}};
    o.files = {{"docs/old.pdf", Digest::of("pdf"), 2048, "application/pdf"}};
    o.blobs = {{Digest::of("shared"), 4096, std::string(media::oci_layer)}};
    Bom n = o;
    n.version = "1.1.0";
    n.images = {image("r.example/app:1.0", "app-2", {{"linux/amd64", "a2"}, {"linux/arm64", "b"}}),
                image("r.example/tool:stable", "tool", {{"linux/amd64", "t"}}),
                image("r.example/extra:0.1", "extra", {{"linux/amd64", "e"}})};
    n.charts[0].version = "1.1.0";
    n.charts[0].digest = Digest::of("chart-2");
    n.manifests[0].digest = Digest::of("m2");
    n.files.clear();
    n.blobs.push_back({Digest::of("new-layer"), 3 * 1024 * 1024, std::string(media::oci_layer)});
    return diff_boms(o, n);
}

} // namespace

TEST_CASE("diff --json: the documented shape", "[bom_diff][diff_output]") {
    nlohmann::json j = to_json(sample());
    CHECK(j["old"]["name"] == "edge");
    CHECK(j["old"]["version"] == "1.0.0");
    CHECK(j["old"]["bomDigest"].is_null());
    CHECK(j["old"]["delta"] == false);
    CHECK(j["new"]["version"] == "1.1.0");
    CHECK(j["changes"] == 5);
    const auto& images = j["images"];
    REQUIRE(images["changed"].size() == 1);
    const auto& c = images["changed"][0];
    CHECK(c["oldRef"] == "r.example/app:1.0");
    CHECK(c["newRef"] == "r.example/app:1.0");
    CHECK(c["oldDigest"] == Digest::of("app-1").str());
    CHECK(c["newDigest"] == Digest::of("app-2").str());
    CHECK(c["oldPlatforms"] == nlohmann::json{"linux/amd64", "linux/arm64"});
    CHECK(c["platforms"]["perPlatform"] == true);
    CHECK(c["platforms"]["added"].empty());
    CHECK(c["platforms"]["removed"].empty());
    REQUIRE(c["platforms"]["changed"].size() == 1);
    CHECK(c["platforms"]["changed"][0] == nlohmann::json{{"platform", "linux/amd64"},
                                                         {"oldDigest", Digest::of("a1").str()},
                                                         {"newDigest", Digest::of("a2").str()}});
    REQUIRE(images["added"].size() == 1);
    CHECK(images["added"][0] == nlohmann::json{{"ref", "r.example/extra:0.1"},
                                               {"digest", Digest::of("extra").str()},
                                               {"platforms", {"linux/amd64"}}});
    CHECK(images["removed"].empty());
    CHECK(images["retagged"] == nlohmann::json::array({{{"oldRef", "r.example/tool:1.0"},
                                                        {"newRef", "r.example/tool:stable"},
                                                        {"digest", Digest::of("tool").str()}}}));
    CHECK(images["unchanged"] == 0);
    REQUIRE(j["charts"]["changed"].size() == 1);
    CHECK(j["charts"]["changed"][0]["oldVersion"] == "1.0.0");
    CHECK(j["charts"]["changed"][0]["newVersion"] == "1.1.0");
    CHECK(j["charts"]["changed"][0]["values"]["changed"].empty());
    REQUIRE(j["manifests"]["changed"].size() == 1);
    CHECK(j["manifests"]["changed"][0]["name"] == "manifests/app.yaml");
    CHECK(j["manifests"]["changed"][0]["oldSize"] == 1024);
    REQUIRE(j["files"]["removed"].size() == 1);
    CHECK(j["files"]["removed"][0]["name"] == "docs/old.pdf");
    CHECK(j["delta"]["blobs"] == 1);
    CHECK(j["delta"]["bytes"] == 3 * 1024 * 1024);
    CHECK(j["delta"]["carried"][0]["digest"] == Digest::of("new-layer").str());
    CHECK(j["delta"]["new"] == nlohmann::json{{"blobs", 2}, {"bytes", 3 * 1024 * 1024 + 4096}});
}

TEST_CASE("diff: text for a release engineer", "[bom_diff][diff_output]") {
    std::string text = format_diff(sample());
    INFO(text);
    auto has = [&](const std::string& s) { return text.find(s) != std::string::npos; };
    CHECK(has("Old: edge 1.0.0\n"));
    CHECK(has("New: edge 1.1.0\n"));
    CHECK(has("Images: 1 added, 1 changed, 1 retagged\n"));
    CHECK(has("  added     r.example/extra:0.1  " + Digest::of("extra").str().substr(0, 19) +
              "  linux/amd64\n"));
    CHECK(has("  changed   r.example/app:1.0  " + Digest::of("app-1").str().substr(0, 19) + " -> " +
              Digest::of("app-2").str().substr(0, 19) + "\n"));
    CHECK(has("              linux/amd64  " + Digest::of("a1").str().substr(0, 19) + " -> " +
              Digest::of("a2").str().substr(0, 19) + "\n"));
    CHECK_FALSE(has("linux/arm64  "));
    CHECK(has("  retagged  r.example/tool:1.0 -> r.example/tool:stable  "));
    CHECK(has("Charts: 1 changed\n"));
    CHECK(has("  changed   app 1.0.0 -> 1.1.0  "));
    CHECK(has("Manifests: 1 changed\n"));
    CHECK(has("  changed   manifests/app.yaml  "));
    CHECK(has("Files: 1 removed\n"));
    CHECK(has("  removed   docs/old.pdf\n"));
    CHECK(has("5 changes. A delta of new against old carries 1 of 2 blobs: 3.0 MiB of 3.0 MiB.\n"));
}

TEST_CASE("diff: text when nothing differs", "[bom_diff][diff_output]") {
    Bom b;
    b.name = "edge";
    b.version = "1.0.0";
    std::string text = format_diff(diff_boms(b, b));
    CHECK(text.find("Images: none\n") != std::string::npos);
    CHECK(text.find("No changes. A delta of new against old carries 0 of 0 blobs") !=
          std::string::npos);
}
