// The sweep over real public charts (../shared/charts, see its SOURCES.md),
// used in place: they are not copied into this repository.
#include "builder/sweep/chart_files.hpp"
#include "builder/sweep/sweep.hpp"

#include "tests/unit/support/swept_refs.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using airlock::builder::ChartFiles;
using airlock::builder::sweep_chart;
using airlock::builder::SweptImage;
using airlock::test::swept_refs;
using Catch::Contains;

namespace {

ChartFiles shared_chart(const std::string& name) {
    const auto dir = std::filesystem::path(AIRLOCK_SOURCE_DIR) / ".." / "shared" / "charts" / name;
    REQUIRE(std::filesystem::is_directory(dir));
    return ChartFiles::from_directory(dir, name);
}

bool has(const std::vector<SweptImage>& found, const std::string& ref) {
    return std::any_of(found.begin(), found.end(),
                       [&](const SweptImage& s) { return s.ref == ref; });
}

const SweptImage& origin_of(const std::vector<SweptImage>& found, const std::string& ref) {
    auto it =
        std::find_if(found.begin(), found.end(), [&](const SweptImage& s) { return s.ref == ref; });
    REQUIRE(it != found.end());
    return *it;
}

} // namespace

TEST_CASE("real chart: podinfo", "[sweep][charts]") {
    const ChartFiles chart = shared_chart("podinfo");
    auto found = sweep_chart(chart, {}, {});
    // values.yaml: image.repository + image.tag (6.14.1, also the appVersion).
    CHECK(found.front().ref == "ghcr.io/stefanprodan/podinfo:6.14.1");
    CHECK(found.front().file == "podinfo/values.yaml");
    CHECK(found.front().path == "image");
    // Helm test hooks carry literal images.
    CHECK(origin_of(found, "docker.io/curlimages/curl:7.69.0").file ==
          "podinfo/templates/tests/cache.yaml");
    // redis is off by default (redis.enabled: false) ...
    CHECK_FALSE(has(found, "docker.io/library/redis:8.8.0"));
    // ... and found once a values file switches it on.
    auto with_redis = sweep_chart(chart, {{"values/redis.yaml", "redis:\n  enabled: true\n"}}, {});
    CHECK(has(with_redis, "docker.io/library/redis:8.8.0"));
    auto retagged = sweep_chart(chart, {}, {{"image.tag", "6.15.0"}});
    CHECK(retagged.front().ref == "ghcr.io/stefanprodan/podinfo:6.15.0");
}

TEST_CASE("real chart: ingress-nginx", "[sweep][charts]") {
    auto found = sweep_chart(shared_chart("ingress-nginx"), {}, {});
    // {image, tag, digest} completed by global.image.registry.
    CHECK(swept_refs(found) ==
          std::vector<std::string>{
              "registry.k8s.io/ingress-nginx/controller:v1.15.1@sha256:"
              "594ceea76b01c592858f803f9ff4d2cb40542cae2060410b2c95f75907d659e1",
              "registry.k8s.io/ingress-nginx/kube-webhook-certgen:v1.6.9@sha256:"
              "01038e7de14b78d702d2849c3aad72fd25903c4765af63cf16aa3398f5d5f2dd",
          });
    CHECK(found.front().path == "controller.image");
    // The default backend is disabled by default; enabling it brings its image.
    auto backend =
        sweep_chart(shared_chart("ingress-nginx"), {}, {{"defaultBackend.enabled", "true"}});
    CHECK(std::any_of(backend.begin(), backend.end(), [](const SweptImage& s) {
        return s.ref.starts_with("registry.k8s.io/defaultbackend-amd64:");
    }));
}

TEST_CASE("real chart: metrics-server and node-exporter tag v<appVersion>", "[sweep][charts]") {
    auto metrics = sweep_chart(shared_chart("metrics-server"), {}, {});
    CHECK(swept_refs(metrics) ==
          std::vector<std::string>{"registry.k8s.io/metrics-server/metrics-server:v0.8.1"});
    auto exporter = sweep_chart(shared_chart("prometheus-node-exporter"), {}, {});
    CHECK(has(exporter, "quay.io/prometheus/node-exporter:v1.12.1"));
    CHECK_FALSE(has(exporter, "quay.io/brancz/kube-rbac-proxy:v0.22.1")); // disabled
}

TEST_CASE("real chart: grafana", "[sweep][charts]") {
    auto found = sweep_chart(shared_chart("grafana"), {}, {});
    // tag "" is the appVersion (13.2.0); the image renderer is disabled.
    CHECK(found.front().ref == "docker.io/grafana/grafana:13.2.0");
    CHECK(has(found, "quay.io/kiwigrid/k8s-sidecar:2.10.1"));
    CHECK(has(found, "docker.io/library/busybox:1.38.0"));
    CHECK_FALSE(has(found, "docker.io/grafana/grafana-image-renderer:latest"));
}

TEST_CASE("real chart: cert-manager's assembled names are not silently missed", "[sweep][charts]") {
    // cert-manager builds names in templates (imageRegistry + imageNamespace +
    // image.name) and its appVersion is a v0.0.0 placeholder: nothing is
    // found, and a note says so.
    std::vector<std::string> notes;
    auto found = sweep_chart(shared_chart("cert-manager"), {}, {}, &notes);
    CHECK(found.empty());
    REQUIRE(notes.size() == 1);
    CHECK_THAT(notes[0], Contains("cert-manager: ") && Contains("template action"));
}
