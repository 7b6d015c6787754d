#include "builder/spec/spec.hpp"
#include "common/core/error.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include "tests/unit/support/hex.hpp"

#include <catch2/catch.hpp>

using airlock::builder::AttachmentPolicy;
using airlock::builder::load_spec;
using airlock::builder::parse_spec;
using airlock::builder::Spec;
using airlock::builder::SpecChart;
using airlock::builder::SpecScalar;
using airlock::test::ScratchDir;
using Catch::Contains;
using Catch::StartsWith;

using airlock::test::hex64;

namespace {

// Three lines, so a case's own lines start at line 4.
const std::string header = "apiVersion: airlock.dev/v1\n"
                           "kind: BundleSpec\n"
                           "metadata: {name: edge, version: 1.0.0}\n";

// The message of the Error(spec) that parsing `yaml` throws.
std::string spec_error(const std::string& yaml, const ScratchDir& dir) {
    try {
        (void)parse_spec(yaml, "spec.yaml", dir.path());
    } catch (const airlock::Error& e) {
        CHECK(e.code() == airlock::ErrorCode::spec);
        return e.what();
    }
    return "<no error>";
}

} // namespace

TEST_CASE("a full spec parses into typed entries", "[spec]") {
    ScratchDir dir;
    dir.write("charts/myapp/Chart.yaml", "name: myapp\n");
    dir.write("values/prod.yaml", "replicas: 2\n");
    dir.write("manifests/app.yaml", "kind: ConfigMap\n");
    dir.write("docs/runbook.pdf", "%PDF");
    dir.write("docs/other/runbook.pdf", "%PDF");

    const std::string yaml = R"(apiVersion: airlock.dev/v1
kind: BundleSpec
metadata: {name: edge-stack, version: 1.4.0-rc.1+build.7, description: Edge stack}
platforms: [linux/amd64, linux/arm64/v8]
images:
  - docker.io/library/nginx:1.27
  - {ref: quay.io/prometheus/node-exporter:v1.8.0, platforms: [linux/amd64]}
  - redis@sha256:)" + hex64 + R"(
charts:
  - {path: charts/myapp, values: [values/prod.yaml], set: {replicas: 3, image.tag: "1.0", debug: true, name: x}}
  - {repo: https://charts.example.com, name: podinfo, version: 6.8.0}
  - oci: oci://ghcr.io/stefanprodan/charts/podinfo
    version: 6.8.0+meta
manifests: [{path: manifests/}]
files:
  - {path: docs/runbook.pdf}
  - {path: docs/other/runbook.pdf, name: runbook-2.pdf}
sweep: {allow: [registry.k8s.io/pause:3.9]}
requires: {license: edge-stack}
)";
    Spec spec = parse_spec(yaml, "spec.yaml", dir.path());

    CHECK(spec.source == "spec.yaml");
    CHECK(spec.base_dir == dir.path());
    CHECK(spec.metadata.name == "edge-stack");
    CHECK(spec.metadata.version == "1.4.0-rc.1+build.7");
    CHECK(spec.metadata.description == "Edge stack");

    REQUIRE(spec.platforms.size() == 2);
    CHECK(spec.platforms[0].str() == "linux/amd64");
    CHECK(spec.platforms[1].variant == "v8");

    REQUIRE(spec.images.size() == 3);
    CHECK(spec.images[0].ref.str() == "docker.io/library/nginx:1.27");
    CHECK(spec.images[0].platforms.empty());
    CHECK(spec.images[0].where == "spec.yaml:6");
    CHECK(spec.images[1].ref.registry == "quay.io");
    REQUIRE(spec.images[1].platforms.size() == 1);
    CHECK(spec.images[1].platforms[0].architecture == "amd64");
    CHECK(spec.images[1].where == "spec.yaml:7");
    REQUIRE(spec.images[2].ref.digest);
    CHECK(spec.images[2].ref.identifier() == "sha256:" + hex64);

    REQUIRE(spec.charts.size() == 3);
    const SpecChart& local = spec.charts[0];
    CHECK(local.source == SpecChart::Source::path);
    CHECK(local.path == dir / "charts/myapp");
    REQUIRE(local.values.size() == 1);
    CHECK(local.values[0] == dir / "values/prod.yaml");
    REQUIRE(local.set.size() == 4);
    CHECK(local.set.at("replicas") == SpecScalar{SpecScalar::Type::number, "3"});
    CHECK(local.set.at("image.tag") == SpecScalar{SpecScalar::Type::string, "1.0"});
    CHECK(local.set.at("debug") == SpecScalar{SpecScalar::Type::boolean, "true"});
    CHECK(local.set.at("name") == SpecScalar{SpecScalar::Type::string, "x"});
    CHECK(local.where == "spec.yaml:10");

    const SpecChart& repo = spec.charts[1];
    CHECK(repo.source == SpecChart::Source::repo);
    CHECK(repo.repo == "https://charts.example.com");
    CHECK(repo.name == "podinfo");
    CHECK(repo.version == "6.8.0");
    CHECK_FALSE(repo.oci);

    const SpecChart& oci = spec.charts[2];
    CHECK(oci.source == SpecChart::Source::oci);
    CHECK(oci.version == "6.8.0+meta");
    REQUIRE(oci.oci);
    CHECK(oci.oci->str() == "ghcr.io/stefanprodan/charts/podinfo:6.8.0_meta");
    CHECK(oci.where == "spec.yaml:12");

    REQUIRE(spec.manifests.size() == 1);
    CHECK(spec.manifests[0].path == dir / "manifests/");

    REQUIRE(spec.files.size() == 2);
    CHECK(spec.files[0].path == dir / "docs/runbook.pdf");
    CHECK(spec.files[0].name == "runbook.pdf");
    CHECK(spec.files[1].name == "runbook-2.pdf");

    CHECK(spec.sweep.allow == std::vector<std::string>{"registry.k8s.io/pause:3.9"});
    CHECK(spec.requirements.license == "edge-stack");
}

TEST_CASE("a minimal spec has empty defaults", "[spec]") {
    ScratchDir dir;
    Spec spec = parse_spec(header, "spec.yaml", dir.path());
    CHECK(spec.platforms.empty());
    CHECK(spec.images.empty());
    CHECK(spec.charts.empty());
    CHECK(spec.manifests.empty());
    CHECK(spec.files.empty());
    CHECK(spec.sweep.allow.empty());
    CHECK(spec.requirements.license.empty());
    CHECK(spec.metadata.description.empty());
}

TEST_CASE("load_spec resolves paths from the spec's directory", "[spec]") {
    ScratchDir dir;
    dir.write("bundle/docs/readme.txt", "hello");
    std::filesystem::path file =
        dir.write("bundle/spec.yaml", header + "files: [{path: docs/readme.txt}]\n");
    Spec spec = load_spec(file);
    CHECK(spec.source == file.string());
    REQUIRE(spec.files.size() == 1);
    CHECK(spec.files[0].path == dir / "bundle/docs/readme.txt");

    std::filesystem::path bad = dir.write("bundle/bad.yaml", header + "imagez: []\n");
    try {
        (void)load_spec(bad);
        FAIL("no error");
    } catch (const airlock::Error& e) {
        CHECK(e.code() == airlock::ErrorCode::spec);
        CHECK_THAT(e.what(), StartsWith(bad.string() + ":4: unknown key 'imagez'"));
    }

    try {
        (void)load_spec(dir / "absent.yaml");
        FAIL("no error");
    } catch (const airlock::Error& e) {
        CHECK(e.code() == airlock::ErrorCode::io);
        CHECK_THAT(e.what(), Contains("absent.yaml"));
    }
}

TEST_CASE("unknown keys name the file, line and the keys expected", "[spec]") {
    ScratchDir dir;
    CHECK(spec_error(header + "imagez: []\n", dir) ==
          "spec.yaml:4: unknown key 'imagez' at top level (expected one of: apiVersion, kind, "
          "metadata, platforms, attachments, verify, images, charts, manifests, files, sweep, "
          "requires)");

    CHECK(spec_error(header + "images:\n"
                              "  - nginx\n"
                              "  - redis\n"
                              "  - ref: busybox\n"
                              "    imagez: x\n",
                     dir) == "spec.yaml:8: unknown key 'imagez' in images[2] (expected one of: "
                             "ref, platforms, attachments, verify)");

    CHECK_THAT(spec_error("apiVersion: airlock.dev/v1\n"
                          "kind: BundleSpec\n"
                          "metadata:\n"
                          "  name: edge\n"
                          "  version: 1.0.0\n"
                          "  labels: {}\n",
                          dir),
               StartsWith("spec.yaml:6: unknown key 'labels' in metadata (expected one of: name, "
                          "version, description)"));
    CHECK_THAT(spec_error(header + "charts:\n  - {path: x, valuez: []}\n", dir),
               StartsWith("spec.yaml:5: unknown key 'valuez' in charts[0]"));
    CHECK_THAT(spec_error(header + "manifests: [{path: x, recurse: true}]\n", dir),
               StartsWith("spec.yaml:4: unknown key 'recurse' in manifests[0]"));
    CHECK_THAT(spec_error(header + "files:\n- path: x\n  mode: 644\n", dir),
               StartsWith("spec.yaml:6: unknown key 'mode' in files[0]"));
    CHECK_THAT(spec_error(header + "sweep: {deny: []}\n", dir),
               StartsWith("spec.yaml:4: unknown key 'deny' in sweep"));
    CHECK_THAT(spec_error(header + "requires:\n  license: x\n  entitlement: y\n", dir),
               StartsWith("spec.yaml:6: unknown key 'entitlement' in requires"));
}

TEST_CASE("duplicate and non-string keys are errors", "[spec]") {
    ScratchDir dir;
    dir.write("x/Chart.yaml", "name: x\n");
    CHECK(spec_error(header + "images: []\nimages: [nginx]\n", dir) ==
          "spec.yaml:5: duplicate key 'images' at top level (first at line 4)");
    CHECK_THAT(spec_error(header + "1: x\n", dir),
               StartsWith("spec.yaml:4: keys must be strings, found a number at top level"));
    CHECK_THAT(spec_error(header + "charts: [{path: x, set: {\"\": 1}}]\n", dir),
               StartsWith("spec.yaml:4: empty key in charts[0].set"));
}

TEST_CASE("wrong types name the value and its line", "[spec]") {
    ScratchDir dir;
    dir.write("x/Chart.yaml", "name: x\n");
    CHECK(spec_error(header + "platforms: linux/amd64\n", dir) ==
          "spec.yaml:4: 'platforms' must be a list of strings, not a string");
    CHECK_THAT(spec_error(header + "platforms:\n  - linux/amd64\n  - {os: linux}\n", dir),
               StartsWith("spec.yaml:6: 'platforms' must be a list of strings; 'platforms[1]' is "
                          "a mapping"));
    CHECK_THAT(spec_error(header + "images: {nginx: latest}\n", dir),
               StartsWith("spec.yaml:4: 'images' must be a list, not a mapping"));
    CHECK_THAT(spec_error(header + "images:\n", dir),
               StartsWith("spec.yaml:4: 'images' must be a list, not null"));
    CHECK_THAT(spec_error(header + "images:\n  - [nginx]\n", dir),
               StartsWith("spec.yaml:5: 'images[0]' must be a reference or a mapping with 'ref', "
                          "not a list"));
    CHECK_THAT(spec_error(header + "images:\n  - {ref: [nginx]}\n", dir),
               StartsWith("spec.yaml:5: 'images[0].ref' must be a string, not a list"));
    CHECK_THAT(spec_error(header + "charts: {path: x}\n", dir),
               StartsWith("spec.yaml:4: 'charts' must be a list of mappings"));
    CHECK_THAT(spec_error(header + "charts: [x]\n", dir),
               StartsWith("spec.yaml:4: 'charts[0]' must be a mapping, not a string"));
    CHECK_THAT(spec_error(header + "files:\n  - docs/x.pdf\n", dir),
               StartsWith("spec.yaml:5: 'files[0]' must be a mapping, not a string"));
    CHECK_THAT(spec_error(header + "sweep: [a]\n", dir),
               StartsWith("spec.yaml:4: 'sweep' must be a mapping, not a list"));
    CHECK_THAT(spec_error(header + "requires: {license: 42}\n", dir),
               StartsWith("spec.yaml:4: 'requires.license' must be a string, not a number (quote "
                          "it: \"42\")"));
    CHECK_THAT(spec_error(header + "charts: [{path: x, set: {a: [1]}}]\n", dir),
               StartsWith("spec.yaml:4: 'charts[0].set.a' must be a string, number or boolean, "
                          "not a list"));
    CHECK_THAT(spec_error(header + "charts: [{path: x, set: {a: null}}]\n", dir),
               Contains("not null"));
    CHECK_THAT(spec_error(header + "sweep: {allow: [a, '']}\n", dir),
               StartsWith("spec.yaml:4: 'sweep.allow[1]' must not be empty"));
    CHECK_THAT(spec_error(header + "sweep: {allow: [a b]}\n", dir),
               StartsWith("spec.yaml:4: 'sweep.allow[0]' 'a b' must not contain whitespace"));
}

TEST_CASE("the document must be one mapping", "[spec]") {
    ScratchDir dir;
    CHECK(spec_error("", dir) == "spec.yaml: the document is empty");
    CHECK(spec_error("# only a comment\n", dir) == "spec.yaml: the document is empty");
    CHECK_THAT(spec_error("- a\n- b\n", dir),
               StartsWith("spec.yaml:1: the document must be a mapping, not a list"));
    CHECK_THAT(spec_error(header + "---\n" + header, dir),
               StartsWith("spec.yaml:5: expected one YAML document, found 2"));
}

TEST_CASE("apiVersion, kind and metadata are checked", "[spec]") {
    ScratchDir dir;
    CHECK(spec_error("apiVersion: airlock.dev/v2\nkind: BundleSpec\n", dir) ==
          "spec.yaml:1: unsupported apiVersion 'airlock.dev/v2' (expected airlock.dev/v1)");
    CHECK(spec_error("kind: BundleSpec\nmetadata: {name: a, version: 1.0.0}\n", dir) ==
          "spec.yaml:1: missing key 'apiVersion' at top level");
    CHECK(spec_error("apiVersion: airlock.dev/v1\nkind: Bundle\n", dir) ==
          "spec.yaml:2: kind must be 'BundleSpec', not 'Bundle'");
    CHECK(spec_error("apiVersion: airlock.dev/v1\nkind: BundleSpec\n", dir) ==
          "spec.yaml:1: missing key 'metadata' at top level");
    CHECK(spec_error("apiVersion: airlock.dev/v1\n"
                     "kind: BundleSpec\n"
                     "metadata:\n"
                     "  version: 1.0.0\n",
                     dir) == "spec.yaml:4: missing key 'name' in metadata");
    CHECK(spec_error("apiVersion: airlock.dev/v1\nkind: BundleSpec\nmetadata: {name: a}\n", dir) ==
          "spec.yaml:3: missing key 'version' in metadata");
    CHECK_THAT(spec_error("apiVersion: airlock.dev/v1\nkind: BundleSpec\nmetadata: []\n", dir),
               StartsWith("spec.yaml:3: 'metadata' must be a mapping, not a list"));

    for (const std::string& bad : std::vector<std::string>{"Edge", "edge_stack", "-edge", "edge-",
                                                           "a.b", "\"\"", std::string(64, 'a')}) {
        INFO(bad);
        CHECK_THAT(spec_error("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                              "metadata:\n  name: " +
                                  bad + "\n  version: 1.0.0\n",
                              dir),
                   StartsWith("spec.yaml:4: 'metadata.name' "));
    }
    CHECK_THAT(spec_error("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                          "metadata: {name: 123, version: 1.0.0}\n",
                          dir),
               StartsWith("spec.yaml:3: 'metadata.name' must be a string, not a number"));
    CHECK_NOTHROW(parse_spec("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                             "metadata: {name: '123', version: 1.0.0}\n",
                             "spec.yaml", dir.path()));
    CHECK_NOTHROW(parse_spec("apiVersion: airlock.dev/v1\nkind: BundleSpec\n"
                             "metadata: {name: " +
                                 std::string(63, 'a') + ", version: 1.0.0}\n",
                             "spec.yaml", dir.path()));
}

TEST_CASE("metadata.version is SemVer 2.0", "[spec]") {
    ScratchDir dir;
    auto spec_with = [](const std::string& version) {
        return "apiVersion: airlock.dev/v1\nkind: BundleSpec\nmetadata:\n  name: a\n  version: " +
               version + "\n";
    };
    for (std::string good :
         {"0.0.0", "1.4.0", "10.20.30", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-0.3.7",
          "1.0.0-x.7.z.92", "1.0.0-x-y-z.--", "1.0.0+20130313144700", "1.0.0-beta+exp.sha.5114f85",
          "1.0.0+21AF26D3----117B344092BD", "'1.2.3'"}) {
        INFO(good);
        CHECK_NOTHROW(parse_spec(spec_with(good), "spec.yaml", dir.path()));
    }
    for (std::string bad : {"v1.4.0", "1.4", "1", "01.2.3", "1.02.3", "1.2.03", "1.2.3-01",
                            "1.2.3-", "1.2.3+", "1.2.3-a..b", "1.2.3+a..b", "1.2.3-a_b", "1.2.3.4",
                            "1.2.-3", "' 1.2.3'", "1.2.3 beta", "latest"}) {
        INFO(bad);
        CHECK_THAT(spec_error(spec_with(bad), dir), StartsWith("spec.yaml:5: 'metadata.version' "));
    }
    CHECK_THAT(spec_error(spec_with("1.4"), dir), Contains("must be a string, not a number"));
    CHECK_THAT(spec_error(spec_with("v1.4.0"), dir), Contains("is not a SemVer 2.0 version"));
}

TEST_CASE("image references are checked and duplicates refused", "[spec]") {
    ScratchDir dir;
    CHECK(spec_error(header + "images:\n  - nginx\n  - Nginx:1\n", dir) ==
          "spec.yaml:6: images[1]: invalid reference 'Nginx:1': repository name must be "
          "lowercase");
    CHECK_THAT(spec_error(header + "images:\n  - ref: nginx@sha256:abc\n", dir),
               StartsWith("spec.yaml:5: images[0].ref: invalid reference 'nginx@sha256:abc': "));
    CHECK_THAT(spec_error(header + "images:\n  - {ref: 'nginx:'}\n", dir),
               StartsWith("spec.yaml:5: images[0].ref: invalid reference 'nginx:': empty tag"));
    CHECK_THAT(spec_error(header + "images:\n  - {platforms: [linux/amd64]}\n", dir),
               StartsWith("spec.yaml:5: missing key 'ref' in images[0]"));

    CHECK(spec_error(header +
                         "images:\n"
                         "  - nginx\n"
                         "  - redis\n"
                         "  - {ref: docker.io/library/nginx:latest, platforms: [linux/amd64]}\n",
                     dir) == "spec.yaml:7: images[2]: 'docker.io/library/nginx:latest' is already "
                             "listed as images[0] (line 5); list it once");
    // Tag and digest forms of one repository are different images.
    CHECK_NOTHROW(parse_spec(header + "images: [nginx, 'nginx@sha256:" + hex64 + "', nginx:1]\n",
                             "spec.yaml", dir.path()));
}

TEST_CASE("platforms are checked where they are written", "[spec]") {
    ScratchDir dir;
    CHECK(spec_error(header + "platforms: [linux/amd64, linux]\n", dir) ==
          "spec.yaml:4: platforms[1]: invalid platform 'linux': expected os/arch[/variant]");
    CHECK_THAT(spec_error(header + "images:\n  - ref: nginx\n    platforms:\n      - linux/amd64\n"
                                   "      - Linux/arm64\n",
                          dir),
               StartsWith("spec.yaml:8: images[0].platforms[1]: invalid platform 'Linux/arm64'"));
    CHECK_THAT(spec_error(header + "platforms: [linux/amd64/]\n", dir),
               StartsWith("spec.yaml:4: platforms[0]: invalid platform 'linux/amd64/'"));
    CHECK_THAT(spec_error(header + "platforms: [linux/amd64, linux/amd64]\n", dir),
               StartsWith("spec.yaml:4: platforms[1]: platform 'linux/amd64' is listed twice"));
    CHECK_THAT(spec_error(header + "platforms: []\n", dir),
               StartsWith("spec.yaml:4: 'platforms' is empty; leave it out"));
    CHECK_THAT(spec_error(header + "images: [{ref: nginx, platforms: []}]\n", dir),
               StartsWith("spec.yaml:4: 'images[0].platforms' is empty"));
}

TEST_CASE("local paths must exist", "[spec]") {
    ScratchDir dir;
    dir.write("charts/app/Chart.yaml", "name: app\n");
    dir.write("docs/a.txt", "a");

    std::string message = spec_error(header + "files:\n  - path: docs/runbook.pdf\n", dir);
    CHECK_THAT(message,
               StartsWith("spec.yaml:5: files[0].path: 'docs/runbook.pdf' does not exist"));
    CHECK_THAT(message, Contains((dir / "docs/runbook.pdf").string()));

    CHECK_THAT(spec_error(header + "files: [{path: docs}]\n", dir),
               StartsWith("spec.yaml:4: files[0].path: 'docs' is not a regular file"));
    CHECK_THAT(spec_error(header + "charts:\n  - path: charts/missing\n", dir),
               StartsWith("spec.yaml:5: charts[0].path: 'charts/missing' does not exist"));
    CHECK_THAT(
        spec_error(header + "charts:\n  - path: charts/app\n    values:\n      - v.yaml\n", dir),
        StartsWith("spec.yaml:7: charts[0].values[0]: 'v.yaml' does not exist"));
    CHECK_THAT(spec_error(header + "manifests:\n  - path: manifests/\n", dir),
               StartsWith("spec.yaml:5: manifests[0].path: 'manifests/' does not exist"));
    CHECK_THAT(spec_error(header + "manifests: [{}]\n", dir),
               StartsWith("spec.yaml:4: missing key 'path' in manifests[0]"));

    // Absolute paths are taken as they are.
    Spec spec = parse_spec(header + "files: [{path: '" + (dir / "docs/a.txt").string() + "'}]\n",
                           "spec.yaml", "/nonexistent");
    CHECK(spec.files.at(0).path == dir / "docs/a.txt");
}

TEST_CASE("bundle file names are plain and unique", "[spec]") {
    ScratchDir dir;
    dir.write("a/readme.txt", "a");
    dir.write("b/readme.txt", "b");
    CHECK(spec_error(header + "files:\n  - path: a/readme.txt\n  - path: b/readme.txt\n", dir) ==
          "spec.yaml:6: files[1]: name 'readme.txt' is already used by files[0] (line 5); set "
          "'name' to tell them apart");
    for (std::string bad : {"a/b", "..", "."}) {
        INFO(bad);
        CHECK_THAT(
            spec_error(header + "files: [{path: a/readme.txt, name: '" + bad + "'}]\n", dir),
            StartsWith("spec.yaml:4: 'files[0].name' '" + bad + "' must be a plain file name"));
    }
    CHECK_NOTHROW(parse_spec(header + "files:\n  - path: a/readme.txt\n  - {path: b/readme.txt, "
                                      "name: readme-b.txt}\n",
                             "spec.yaml", dir.path()));
}

TEST_CASE("each chart has exactly one source", "[spec]") {
    ScratchDir dir;
    dir.write("charts/app/Chart.yaml", "name: app\n");
    const std::string one_of = "give exactly one of 'path', 'repo'";
    CHECK_THAT(spec_error(header + "charts:\n  - {values: []}\n", dir),
               StartsWith("spec.yaml:5: charts[0]: " + one_of));
    CHECK_THAT(spec_error(header + "charts:\n  - {path: charts/app, repo: https://x}\n", dir),
               StartsWith("spec.yaml:5: charts[0]: " + one_of));
    CHECK_THAT(spec_error(header + "charts:\n  - {path: charts/app, version: 1.0.0}\n", dir),
               StartsWith("spec.yaml:5: 'charts[0].version' does not apply to a local chart"));
    CHECK_THAT(spec_error(header + "charts:\n  - {repo: https://x, name: a}\n", dir),
               StartsWith("spec.yaml:5: missing key 'version' in charts[0]"));
    CHECK_THAT(spec_error(header + "charts:\n  - {repo: https://x, version: 1.0.0}\n", dir),
               StartsWith("spec.yaml:5: missing key 'name' in charts[0]"));
    CHECK_THAT(
        spec_error(header + "charts:\n  - {repo: https://x, name: a, version: '^1.0'}\n", dir),
        StartsWith("spec.yaml:5: 'charts[0].version' '^1.0' is not an exact SemVer"));
    CHECK_THAT(spec_error(header + "charts:\n  - {repo: ftp://x, name: a, version: 1.0.0}\n", dir),
               StartsWith("spec.yaml:5: 'charts[0].repo' 'ftp://x' is not an http"));
    CHECK_THAT(
        spec_error(header + "charts:\n  - {repo: 'https://', name: a, version: 1.0.0}\n", dir),
        Contains("is not an http"));
    CHECK_THAT(
        spec_error(header + "charts:\n  - {repo: https://x, name: a/b, version: 1.0.0}\n", dir),
        StartsWith("spec.yaml:5: 'charts[0].name' 'a/b' must not contain"));

    CHECK_THAT(spec_error(header + "charts:\n  - {oci: oci://ghcr.io/a/b}\n", dir),
               StartsWith("spec.yaml:5: missing key 'version' in charts[0]"));
    CHECK_THAT(spec_error(header + "charts:\n  - {oci: ghcr.io/a/b, version: 1.0.0}\n", dir),
               StartsWith("spec.yaml:5: 'charts[0].oci' 'ghcr.io/a/b' must start with oci://"));
    CHECK_THAT(
        spec_error(header + "charts:\n  - {oci: 'oci://ghcr.io/a/b:1.0.0', version: 1.0.0}\n", dir),
        StartsWith("spec.yaml:5: 'charts[0].oci' 'oci://ghcr.io/a/b:1.0.0' has a tag"));
    CHECK_THAT(spec_error(header + "charts:\n  - {oci: oci://charts/b, version: 1.0.0}\n", dir),
               StartsWith("spec.yaml:5: 'charts[0].oci' 'oci://charts/b' must name a registry"));
    CHECK_THAT(spec_error(header + "charts:\n  - {oci: oci://ghcr.io/A, version: 1.0.0}\n", dir),
               StartsWith("spec.yaml:5: charts[0].oci: invalid reference 'ghcr.io/A'"));
    CHECK_THAT(
        spec_error(header + "charts:\n  - {oci: oci://ghcr.io/a, name: a, version: 1.0.0}\n", dir),
        StartsWith("spec.yaml:5: 'charts[0].name' does not apply to an OCI chart"));

    Spec spec =
        parse_spec(header + "charts:\n  - {oci: 'oci://localhost:5000/c/app@sha256:" + hex64 +
                       "', version: 2.0.0}\n",
                   "spec.yaml", dir.path());
    REQUIRE(spec.charts.at(0).oci);
    CHECK(spec.charts[0].oci->str() == "localhost:5000/c/app:2.0.0@sha256:" + hex64);
}

TEST_CASE("malformed YAML reports the line yaml-cpp stopped at", "[spec]") {
    ScratchDir dir;
    CHECK_THAT(spec_error(header + "images: [nginx, redis\nfiles: []\n", dir),
               StartsWith("spec.yaml:5: invalid YAML: "));
    CHECK_THAT(spec_error(header + "images:\n  - nginx\n - redis\n", dir),
               StartsWith("spec.yaml:6: invalid YAML: "));
    CHECK_THAT(spec_error(header + "sweep: {allow: \"unterminated}\n", dir),
               StartsWith("spec.yaml:"));
    CHECK_THAT(spec_error(header + "images: *nothing\n", dir),
               StartsWith("spec.yaml:4: invalid YAML: "));
}

TEST_CASE("the example of DESIGN.md parses", "[spec]") {
    ScratchDir dir;
    dir.write("charts/myapp/Chart.yaml", "name: myapp\n");
    dir.write("values/prod.yaml", "replicas: 2\n");
    dir.write("manifests/app.yaml", "kind: ConfigMap\n");
    dir.write("docs/runbook.pdf", "%PDF");
    const std::string yaml = R"(apiVersion: airlock.dev/v1
kind: BundleSpec
metadata: {name: edge-stack, version: 1.4.0}
platforms: [linux/amd64, linux/arm64]      # default: every platform an index has
images:
  - docker.io/library/nginx:1.27           # tag or digest; resolved to a digest
  - {ref: quay.io/prometheus/node-exporter:v1.8.0, platforms: [linux/amd64]}
charts:                                    # dir, .tgz, oci:// or repo + name + version
  - {path: charts/myapp, values: [values/prod.yaml]}
  - {repo: https://charts.example.com, name: podinfo, version: 6.8.0}
manifests: [{path: manifests/}]            # rendered YAML, swept and carried
files: [{path: docs/runbook.pdf}]
sweep: {allow: []}                         # references allowed to stay unvendored
requires: {license: edge-stack}
)";
    Spec spec = parse_spec(yaml, "spec.yaml", dir.path());
    CHECK(spec.images.size() == 2);
    CHECK(spec.charts.size() == 2);
    CHECK(spec.files.at(0).name == "runbook.pdf");
}

TEST_CASE("the sample spec in samples/ parses", "[spec]") {
    Spec spec = load_spec(std::filesystem::path(AIRLOCK_SOURCE_DIR) / "samples/spec.yaml");
    CHECK_FALSE(spec.metadata.name.empty());
    CHECK_FALSE(spec.images.empty());
}

TEST_CASE("attachments and verify: defaults, per-image overrides and keys resolved from the "
          "spec's directory",
          "[spec]") {
    ScratchDir dir;
    dir.write("keys/upstream.pub", "not read while parsing");
    dir.write("root.json", "{}");
    std::string text = header + "attachments: signatures\n"
                                "verify: {keys: [keys/upstream.pub]}\n"
                                "images:\n"
                                "  - nginx\n"
                                "  - {ref: redis, attachments: none}\n"
                                "  - ref: pause\n"
                                "    verify:\n"
                                "      identity: {issuer: https://accounts.example, "
                                "subjectRegExp: '.*@example[.]com'}\n"
                                "      trustedRoot: root.json\n";
    Spec spec = parse_spec(text, "spec.yaml", dir.path());
    CHECK(spec.attachments == AttachmentPolicy::signatures);
    REQUIRE(spec.verify);
    REQUIRE(spec.verify->keys.size() == 1);
    CHECK(spec.verify->keys[0] == dir.path() / "keys/upstream.pub");
    CHECK(spec.verify->where == "spec.yaml:5");
    REQUIRE(spec.images.size() == 3);
    CHECK_FALSE(spec.images[0].attachments);
    CHECK_FALSE(spec.images[0].verify);
    CHECK(spec.images[1].attachments == AttachmentPolicy::none);
    REQUIRE(spec.images[2].verify);
    REQUIRE(spec.images[2].verify->identity);
    CHECK(spec.images[2].verify->identity->issuer == "https://accounts.example");
    CHECK(spec.images[2].verify->identity->subject_regexp == ".*@example[.]com");
    CHECK(spec.images[2].verify->trusted_root == dir.path() / "root.json");
}

TEST_CASE("attachments and verify errors name the line and what is wrong", "[spec]") {
    ScratchDir dir;
    dir.write("k.pub", "x");
    CHECK(spec_error(header + "attachments: some\n", dir) ==
          "spec.yaml:4: 'attachments' is 'some'; expected all, signatures or none");
    CHECK_THAT(spec_error(header + "verify: {keys: [absent.pub]}\n", dir),
               StartsWith("spec.yaml:4: verify.keys[0]: 'absent.pub' does not exist"));
    CHECK_THAT(spec_error(header + "verify: {}\n", dir),
               Contains("'verify' needs either 'keys' or 'identity'"));
    CHECK_THAT(spec_error(header + "verify: {identity: {issuer: i, subject: s}}\n", dir),
               Contains("has an identity but no 'trustedRoot'"));
    CHECK_THAT(spec_error(header + "verify: {identity: {issuer: i}, trustedRoot: k.pub}\n", dir),
               Contains("needs exactly one of 'subject' and 'subjectRegExp'"));
    CHECK_THAT(spec_error(header + "verify: {keys: [k.pub], trustedRoot: k.pub}\n", dir),
               Contains("is only used with 'identity'"));
}
