#include "loader/load/files_artifact.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;

TEST_CASE("files artifact: made from the BOM alone, the same every time") {
    Bom bom;
    bom.name = "edge-stack";
    bom.version = "1.4.0+build.7";
    bom.files = {BomFile{"runbook.md", Digest::of("a"), 1, "application/vnd.airlock.file.v1"}};
    RawManifest m = files_artifact_manifest(bom);
    CHECK(m.digest == files_artifact_manifest(bom).digest);
    CHECK(m.digest == Digest::of(m.bytes));
    auto j = nlohmann::json::parse(m.bytes);
    CHECK(j["artifactType"] == files_artifact_type);
    CHECK(j["config"]["digest"] == empty_config().descriptor.digest.str());
    CHECK(j["layers"][0]["annotations"]["org.opencontainers.image.title"] == "runbook.md");
    CHECK(files_artifact_tag(bom) == "1.4.0_build.7");
    CHECK(files_artifact_path(bom) == "airlock/edge-stack/files");
    bom.name = "-Odd Name-";
    CHECK(files_artifact_path(bom) == "airlock/odd-name/files");
    CHECK(empty_config().descriptor.digest.str() ==
          "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
}
