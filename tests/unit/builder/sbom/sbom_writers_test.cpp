#include "builder/sbom/cyclonedx.hpp"
#include "builder/sbom/spdx.hpp"

#include "builder/sbom/dpkg_status.hpp"
#include "tests/unit/builder/sbom/layer_fixture.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

using airlock::Digest;
using airlock::sbom::cyclonedx_json;
using airlock::sbom::SbomDocument;
using airlock::sbom::spdx_json;
using nlohmann::json;

namespace {

SbomDocument sample() {
    SbomDocument doc;
    doc.name = "edge-stack";
    doc.version = "1.4.0";
    doc.created = "2025-01-02T03:04:05Z";
    doc.builder = "airlock-build 0.1.0";

    airlock::sbom::SbomImage nginx;
    nginx.ref = "docker.io/library/nginx:1.27";
    auto rt = airlock::sbom::split_image_ref(nginx.ref);
    nginx.repository = rt.repository;
    nginx.tag = rt.tag;
    nginx.digest = Digest::of("nginx index");
    nginx.media_type = "application/vnd.oci.image.index.v1+json";
    for (const char* platform : {"linux/arm64/v8", "linux/amd64"}) {
        airlock::sbom::SbomPlatformImage p;
        p.platform = platform;
        p.digest = Digest::of(platform);
        p.packages.os = {"debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"};
        p.packages.packages =
            airlock::sbom::parse_dpkg_status(airlock::test::sbom::dpkg_status_text());
        nginx.platforms.push_back(p);
    }
    nginx.sboms.push_back({"sbom", nginx.platforms[1].digest, Digest::of("sbom manifest"), 400,
                           "application/vnd.oci.image.manifest.v1+json", "", "sha256-abc.sbom"});

    airlock::sbom::SbomImage pause;
    pause.ref = "registry.k8s.io/pause@" + Digest::of("pause").str();
    auto prt = airlock::sbom::split_image_ref(pause.ref);
    pause.repository = prt.repository;
    pause.digest = Digest::of("pause");
    pause.media_type = "application/vnd.oci.image.manifest.v1+json";
    airlock::sbom::SbomPlatformImage pp;
    pp.platform = "linux/amd64";
    pp.digest = pause.digest;
    pp.packages.notes.push_back("layer 1: not a tar archive");
    pause.platforms.push_back(pp);

    doc.images = {nginx, pause};
    doc.charts.push_back({"podinfo", "6.8.0", Digest::of("chart"), 1234,
                          "application/vnd.oci.image.manifest.v1+json"});
    doc.manifests.push_back({"manifests/app.yaml", "", Digest::of("yaml"), 10, "application/yaml"});
    doc.files.push_back({"docs/runbook.pdf", "", Digest::of("pdf"), 20, "application/pdf"});
    return doc;
}

} // namespace

TEST_CASE("sbom model: references, OCI purls and seeded UUIDs") {
    auto rt = airlock::sbom::split_image_ref("localhost:5000/a/b:v1@sha256:00");
    CHECK(rt.repository == "localhost:5000/a/b");
    CHECK(rt.tag == "v1");
    CHECK(airlock::sbom::split_image_ref("localhost:5000/a").tag.empty());
    Digest d = Digest::of("x");
    CHECK(airlock::sbom::oci_purl("docker.io/library/Nginx", d, "1.27", "amd64") ==
          "pkg:oci/nginx@" + d.str() +
              "?arch=amd64&repository_url=docker.io/library/Nginx&tag=1.27");
    std::string u = airlock::sbom::uuid_from_seed("seed");
    CHECK(u == airlock::sbom::uuid_from_seed("seed"));
    CHECK(u != airlock::sbom::uuid_from_seed("seed2"));
    REQUIRE(u.size() == 36);
    CHECK(u[14] == '5');
    CHECK(std::string("89ab").find(u[19]) != std::string::npos);
    CHECK(airlock::sbom::is_sbom_attachment("sbom", ""));
    CHECK(airlock::sbom::is_sbom_attachment("referrer", "application/spdx+json"));
    CHECK_FALSE(airlock::sbom::is_sbom_attachment("signature", ""));
}

TEST_CASE("cyclonedx: the bundle, images, platforms, packages, artifacts and dependencies") {
    SbomDocument doc = sample();
    std::string text = cyclonedx_json(doc);
    json bom = json::parse(text);
    CHECK(bom["bomFormat"] == "CycloneDX");
    CHECK(bom["specVersion"] == "1.6");
    CHECK(bom["serialNumber"].get<std::string>().starts_with("urn:uuid:"));
    CHECK(bom["metadata"]["component"]["name"] == "edge-stack");
    CHECK(bom["metadata"]["timestamp"] == "2025-01-02T03:04:05Z");
    CHECK(bom["metadata"]["tools"]["components"][0]["version"] == "0.1.0");

    const json& components = bom["components"];
    REQUIRE(components.size() == 5);
    CHECK(components[0]["name"] == "docker.io/library/nginx");
    CHECK(components[0]["purl"].get<std::string>().starts_with("pkg:oci/nginx@sha256:"));
    REQUIRE(components[0]["components"].size() == 2);
    const json& amd64 = components[0]["components"][0];
    CHECK(amd64["properties"][0]["value"] == "linux/amd64");
    CHECK(amd64["purl"].get<std::string>().find("arch=amd64") != std::string::npos);
    REQUIRE(amd64["components"].size() == 3);
    CHECK(amd64["components"][0]["type"] == "operating-system");
    CHECK(amd64["components"][1]["purl"] ==
          "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12");
    CHECK(components[0]["externalReferences"][0]["type"] == "bom");
    CHECK(components[0]["externalReferences"][0]["hashes"][0]["content"] ==
          Digest::of("sbom manifest").hex());
    CHECK(components[1]["name"] == "registry.k8s.io/pause");
    CHECK(components[1].count("components") == 0);
    CHECK(components[1]["properties"].back()["value"] == "layer 1: not a tar archive");
    CHECK(components[2]["type"] == "application");
    CHECK(components[2]["hashes"][0]["alg"] == "SHA-256");
    CHECK(components[3]["type"] == "file");

    // Every bom-ref is unique and every dependency names one.
    std::set<std::string> refs{"bundle"};
    std::function<void(const json&)> collect = [&](const json& list) {
        for (const json& c : list) {
            CHECK(refs.insert(c["bom-ref"].get<std::string>()).second);
            if (c.contains("components")) {
                collect(c["components"]);
            }
        }
    };
    collect(components);
    for (const json& d : bom["dependencies"]) {
        CHECK(refs.count(d["ref"].get<std::string>()) == 1);
        for (const json& r : d["dependsOn"]) {
            CHECK(refs.count(r.get<std::string>()) == 1);
        }
    }
    CHECK(bom["dependencies"][0]["ref"] == "bundle");
    CHECK(bom["dependencies"][0]["dependsOn"].size() == 5);
}

TEST_CASE("cyclonedx and spdx: the same input gives the same bytes, in any order") {
    SbomDocument a = sample();
    SbomDocument b = sample();
    std::reverse(b.images.begin(), b.images.end());
    std::reverse(b.images[1].platforms.begin(), b.images[1].platforms.end());
    CHECK(cyclonedx_json(a) == cyclonedx_json(b));
    CHECK(spdx_json(a) == spdx_json(b));
    SbomDocument c = sample();
    c.version = "1.4.1";
    CHECK(json::parse(cyclonedx_json(a))["serialNumber"] !=
          json::parse(cyclonedx_json(c))["serialNumber"]);
    CHECK(json::parse(spdx_json(a))["documentNamespace"] !=
          json::parse(spdx_json(c))["documentNamespace"]);
}

TEST_CASE("spdx: packages, checksums, purls and relationships") {
    json doc = json::parse(spdx_json(sample()));
    CHECK(doc["spdxVersion"] == "SPDX-2.3");
    CHECK(doc["dataLicense"] == "CC0-1.0");
    CHECK(doc["SPDXID"] == "SPDXRef-DOCUMENT");
    CHECK(doc["creationInfo"]["created"] == "2025-01-02T03:04:05Z");
    CHECK(doc["creationInfo"]["creators"][0] == "Tool: airlock-build-0.1.0");
    CHECK(doc["documentNamespace"].get<std::string>().starts_with(
        "https://airlock.dev/spdx/edge-stack-1.4.0-"));

    std::map<std::string, json> by_id;
    for (const json& p : doc["packages"]) {
        CHECK(by_id.emplace(p["SPDXID"].get<std::string>(), p).second);
    }
    // bundle, nginx, 2 platforms x (os + 2 packages), 1 SBOM, pause, chart, manifest, file
    CHECK(by_id.size() == 1 + 1 + 2 * 4 + 1 + 1 + 3);
    const json& bash = by_id.at("SPDXRef-Image-1-Platform-1-Package-1");
    CHECK(bash["name"] == "bash");
    CHECK(bash["externalRefs"][0]["referenceLocator"] ==
          "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12");
    CHECK(by_id.at("SPDXRef-Image-1")["checksums"][0]["algorithm"] == "SHA256");

    std::set<std::tuple<std::string, std::string, std::string>> rels;
    for (const json& r : doc["relationships"]) {
        rels.emplace(r["spdxElementId"], r["relationshipType"], r["relatedSpdxElement"]);
        CHECK((r["spdxElementId"] == "SPDXRef-DOCUMENT" || by_id.count(r["spdxElementId"]) == 1));
        CHECK(by_id.count(r["relatedSpdxElement"]) == 1);
    }
    CHECK(rels.count({"SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Bundle"}) == 1);
    CHECK(rels.count({"SPDXRef-Bundle", "CONTAINS", "SPDXRef-Image-1"}) == 1);
    CHECK(rels.count({"SPDXRef-Image-1", "CONTAINS", "SPDXRef-Image-1-Platform-2"}) == 1);
    CHECK(rels.count({"SPDXRef-Image-1-Platform-1", "DEPENDS_ON",
                      "SPDXRef-Image-1-Platform-1-Package-2"}) == 1);
    // The SBOM describes the amd64 manifest (platform 1 in sorted order).
    CHECK(rels.count({"SPDXRef-Image-1-Platform-1", "DESCRIBED_BY", "SPDXRef-Image-1-Sbom-1"}) ==
          1);
}
