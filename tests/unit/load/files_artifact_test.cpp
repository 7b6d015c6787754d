#include "loader/load/files_artifact.hpp"
#include "loader/load/target.hpp"

#include "common/core/error.hpp"
#include "common/registry/registry_destination.hpp"

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

TEST_CASE("registry placement: PREFIX/<upstream path>, or with the host kept") {
    RegistryDestination plain({}, RegistryTarget{"site:5000", "mirror", false}, {});
    Placement p = plain.place("docker.io/library/nginx:1.27");
    CHECK(p.repo == "mirror/library/nginx");
    CHECK(p.name == "1.27");
    CHECK(plain.place("quay.io/org/app@sha256:" + std::string(64, 'a')).name.empty());

    RegistryDestination kept({}, RegistryTarget{"site:5000", "", true}, {});
    CHECK(kept.place("docker.io/library/nginx:1.27").repo == "docker.io/library/nginx");
    CHECK(kept.place("127.0.0.1:5000/app:1").repo == "127.0.0.1_5000/app");
    CHECK(kept.describe() == "registry://site:5000");
}

TEST_CASE("--to: registry targets are checked before anything runs") {
    Target t = parse_target("registry://site.local:5000/a/b/");
    CHECK(t.kind == Target::Kind::registry);
    CHECK(t.host == "site.local:5000");
    CHECK(t.prefix == "a/b");
    for (const char* bad : {"registry://", "registry://h/UP", "registry://h//x", "registry://a b",
                            "http://h", "oci:"}) {
        CHECK_THROWS_AS(parse_target(bad), Error);
    }
    CHECK(endpoints_of(t, DestinationOptions{}) ==
          std::vector<std::string>{"https://site.local:5000"});
    CHECK(endpoints_of(parse_target("oci:/tmp/x"), DestinationOptions{}).empty());
}
