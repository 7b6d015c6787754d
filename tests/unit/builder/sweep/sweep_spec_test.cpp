#include "builder/helm/chart.hpp"
#include "builder/spec/spec.hpp"
#include "builder/sweep/sweep_spec.hpp"
#include "common/core/error.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

using airlock::builder::classify_ref;
using airlock::builder::load_spec;
using airlock::builder::manifest_files;
using airlock::builder::Spec;
using airlock::builder::sweep_spec;
using airlock::builder::SweepEntry;
using airlock::builder::SweepReport;
using airlock::builder::SweepStatus;
using airlock::test::ScratchDir;
using Catch::Contains;

namespace {

const std::string digest =
    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

const SweepEntry& entry(const SweepReport& report, const std::string& ref) {
    for (const SweepEntry& e : report.images) {
        if (e.ref == ref) {
            return e;
        }
    }
    FAIL("no entry for " + ref);
    throw std::logic_error("unreachable");
}

// A spec directory: a chart with a values file, and manifests in nested folders.
void write_project(const ScratchDir& d) {
    d.write("charts/app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\n");
    d.write("charts/app/values.yaml", "image:\n  repository: ghcr.io/org/app\n  tag: \"1.0\"\n");
    d.write("charts/app/templates/deploy.yaml",
            "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
            "      containers:\n        - name: app\n"
            "          image: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"\n");
    d.write("values/prod.yaml", "image:\n  tag: \"1.1\"\n");
    d.write("manifests/b/job.yml",
            "apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n"
            "    spec:\n      containers: [{name: j, image: busybox:1.36}]\n");
    d.write("manifests/a.yaml", "apiVersion: v1\nkind: Pod\nspec:\n"
                                "  containers: [{name: p, image: quay.io/org/tool:2}]\n");
    d.write("manifests/notes.txt", "image: not/swept:1\n");
}

} // namespace

TEST_CASE("a whole spec is swept and classified", "[sweep]") {
    ScratchDir d;
    write_project(d);
    d.write("spec.yaml", R"(apiVersion: airlock.dev/v1
kind: BundleSpec
metadata: {name: edge, version: 1.0.0}
images:
  - ghcr.io/org/app:1.1
charts:
  - {path: charts/app, values: [values/prod.yaml], set: {image.tag: "1.1"}}
  - {repo: https://charts.example.com, name: podinfo, version: 6.8.0}
manifests: [{path: manifests/}]
sweep:
  allow: ["quay.io/org/*"]
)");
    SweepReport report = sweep_spec(load_spec(d / "spec.yaml"));
    REQUIRE(report.images.size() == 3);
    CHECK(report.images[0].ref == "ghcr.io/org/app:1.1");
    CHECK(report.images[0].status == SweepStatus::listed);
    REQUIRE(report.images[0].origins.size() == 1);
    // Rendered with the values file and `set`: the template that deploys it.
    CHECK(report.images[0].origins[0].file == "charts/app/templates/deploy.yaml");
    CHECK(report.images[0].origins[0].path == "spec.template.spec.containers[0].image");
    CHECK(report.images[0].origins[0].owner == "charts/app");
    // Manifests in path order: a.yaml before b/job.yml.
    CHECK(report.images[1].ref == "quay.io/org/tool:2");
    CHECK(report.images[1].status == SweepStatus::allowed);
    CHECK(report.images[1].matched_by == "quay.io/org/*");
    CHECK(report.images[1].origins[0].file == "manifests/a.yaml");
    CHECK(report.images[2].ref == "docker.io/library/busybox:1.36");
    CHECK(report.images[2].status == SweepStatus::missing);
    CHECK(report.images[2].origins[0].file == "manifests/b/job.yml");
    CHECK(report.missing().size() == 1);
    REQUIRE(report.notes.size() == 1);
    CHECK_THAT(report.notes[0], Contains("podinfo") && Contains("spec.yaml:8"));

    auto json = airlock::builder::sweep_report_json(report);
    CHECK(json["images"][2]["status"] == "missing");
    CHECK(json["images"][2]["origins"][0]["path"] == "spec.template.spec.containers[0].image");
    CHECK(json["images"][2]["origins"][0]["document"] == 1);
    const std::string text = airlock::builder::format_sweep_report(report);
    CHECK_THAT(text, Contains("MISSING") && Contains("docker.io/library/busybox:1.36") &&
                         Contains("3 images: 1 listed, 1 allowed, 1 missing"));

    SECTION("a fetched chart is rendered from the chart given") {
        auto fetched = airlock::helm::load_chart_files(
            {{"Chart.yaml", "apiVersion: v2\nname: podinfo\nversion: 6.8.0\nappVersion: 6.8.0\n"},
             {"values.yaml", "image: {repository: ghcr.io/stefanprodan/podinfo, tag: \"\"}\n"},
             {"templates/pod.yaml",
              "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: p\n      image: "
              "{{ .Values.image.repository }}:{{ .Values.image.tag | default "
              ".Chart.AppVersion }}\n"}},
            "podinfo-6.8.0.tgz");
        SweepReport with = sweep_spec(load_spec(d / "spec.yaml"), {{1, fetched}});
        CHECK(with.notes.empty());
        CHECK(entry(with, "ghcr.io/stefanprodan/podinfo:6.8.0").origins[0].file ==
              "charts/podinfo/templates/pod.yaml");
    }
}

TEST_CASE("listed and allowed: how references are matched", "[sweep]") {
    ScratchDir d;
    d.write("spec.yaml", "apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                         "metadata: {name: edge, version: 1.0.0}\n"
                         "images: [nginx:1.27, \"quay.io/org/pinned@" +
                             digest +
                             "\"]\n"
                             "sweep: {allow: [busybox, \"ghcr.io/org/tool\", \"*/debug/*\"]}\n");
    const Spec spec = load_spec(d / "spec.yaml");
    std::string by;
    CHECK(classify_ref("docker.io/library/nginx:1.27", spec, by) == SweepStatus::listed);
    CHECK(by == "docker.io/library/nginx:1.27");
    CHECK(classify_ref("docker.io/library/nginx:1.28", spec, by) == SweepStatus::missing);
    CHECK(by.empty());
    CHECK(classify_ref("quay.io/org/pinned:v1@" + digest, spec, by) == SweepStatus::listed);
    CHECK(classify_ref("quay.io/org/pinned:v1", spec, by) == SweepStatus::missing);
    CHECK(classify_ref("docker.io/library/busybox:latest", spec, by) == SweepStatus::allowed);
    CHECK(classify_ref("docker.io/library/busybox:1.36", spec, by) == SweepStatus::allowed);
    CHECK(by == "busybox");
    CHECK(classify_ref("docker.io/library/busybox2:1.36", spec, by) == SweepStatus::missing);
    CHECK(classify_ref("ghcr.io/org/tool:7", spec, by) == SweepStatus::allowed);
    CHECK(by == "ghcr.io/org/tool");
    CHECK(classify_ref("example.com/debug/shell:1", spec, by) == SweepStatus::allowed);
}

TEST_CASE("manifest directories list YAML files recursively, sorted", "[sweep]") {
    ScratchDir d;
    d.write("m/z.yaml", "");
    d.write("m/a/b.yml", "");
    d.write("m/a.yaml", "");
    d.write("m/readme.md", "");
    std::vector<std::string> names;
    for (const auto& p : manifest_files(d / "m")) {
        names.push_back(p.lexically_relative(d / "m").generic_string());
    }
    CHECK(names == std::vector<std::string>{"a.yaml", "a/b.yml", "z.yaml"});
    CHECK(manifest_files(d / "m/z.yaml").size() == 1);
}

TEST_CASE("errors in swept files name the file", "[sweep]") {
    ScratchDir d;
    write_project(d);
    d.write("manifests/a.yaml", "kind: Pod\nspec: [\n");
    d.write("spec.yaml", "apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                         "metadata: {name: edge, version: 1.0.0}\n"
                         "manifests: [{path: manifests}]\n");
    CHECK_THROWS_WITH(sweep_spec(load_spec(d / "spec.yaml")), Contains("manifests/a.yaml:"));

    d.write("spec.yaml", "apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                         "metadata: {name: edge, version: 1.0.0}\n"
                         "charts: [{path: charts/app, values: [values/missing.yaml]}]\n");
    CHECK_THROWS_WITH(load_spec(d / "spec.yaml"), Contains("values/missing.yaml"));
}
