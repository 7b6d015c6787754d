// The network sources of vendor_chart against real local servers: a classic
// chart repository served by python's http.server and an OCI registry
// (Debian's docker-registry), both on loopback for one test case.
#include "builder/chart/chart_artifact.hpp"
#include "builder/chart/chart_package.hpp"
#include "builder/chart/chart_repository.hpp"
#include "builder/chart/vendor_chart.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "common/registry/registry_client.hpp"
#include "tests/unit/builder/chart/chart_test_support.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::builder;
using namespace airlock::test;

namespace {

Error error_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find('\n') == std::string::npos);
        return e;
    }
    FAIL("no error thrown");
    return Error(ErrorCode::internal, "");
}

PackagedChart demo_chart(const ScratchDir& dir, const std::string& version) {
    dir.write("src-" + version + "/Chart.yaml",
              "apiVersion: v2\nname: demo\nversion: " + version + "\ndescription: Demo\n");
    dir.write("src-" + version + "/templates/cm.yaml", "kind: ConfigMap\n");
    return package_chart_directory(dir / ("src-" + version), 0);
}

SpecChart repo_chart(const std::string& repo, const std::string& name, const std::string& version) {
    SpecChart c;
    c.source = SpecChart::Source::repo;
    c.repo = repo;
    c.name = name;
    c.version = version;
    c.where = "spec.yaml:3";
    return c;
}

SpecChart oci_chart(const std::string& ref, const std::string& version) {
    SpecChart c;
    c.source = SpecChart::Source::oci;
    c.oci = Reference::parse(ref);
    c.version = version;
    c.where = "spec.yaml:4";
    return c;
}

RegistryOptions quick_options(const std::string& plain_host = {}) {
    RegistryOptions o;
    o.max_retries = 0;
    if (!plain_host.empty()) {
        o.plain_http_hosts = {plain_host};
    }
    return o;
}

void push_blob(const RegistryClient& client, const std::string& host, const std::string& repo,
               std::string_view media_type, const std::string& bytes) {
    Descriptor d{std::string(media_type),
                 Digest::of(bytes),
                 static_cast<std::int64_t>(bytes.size()),
                 {},
                 {},
                 {}};
    auto sink = client.upload_blob(host, repo, d, UploadOptions{});
    MemoryReader reader(bytes);
    BlobSink* sinks[] = {sink.get()};
    copy_blob(reader, d, sinks, "test blob");
}

std::string descriptor(std::string_view media_type, const std::string& bytes) {
    return R"({"mediaType":")" + std::string(media_type) + R"(","digest":")" +
           Digest::of(bytes).str() + R"(","size":)" + std::to_string(bytes.size()) + "}";
}

void push_manifest(const RegistryClient& client, const std::string& host, const std::string& repo,
                   const std::string& tag, const std::string& bytes) {
    client.put_manifest(host, repo, tag,
                        RawManifest{bytes, std::string(media::oci_manifest), Digest::of(bytes)});
}

} // namespace

TEST_CASE("chart URLs in an index resolve like Helm's ResolveReferenceURL", "[chart]") {
    CHECK(chart_index_url("https://charts.example.com/") ==
          "https://charts.example.com/index.yaml");
    CHECK(chart_index_url("https://x.example/sub") == "https://x.example/sub/index.yaml");
    CHECK(resolve_chart_url("https://x.example/sub", "demo-1.0.0.tgz") ==
          "https://x.example/sub/demo-1.0.0.tgz");
    CHECK(resolve_chart_url("https://x.example/sub/", "./pkgs/../demo.tgz") ==
          "https://x.example/sub/demo.tgz");
    CHECK(resolve_chart_url("https://x.example/sub", "/abs/demo.tgz") ==
          "https://x.example/abs/demo.tgz");
    CHECK(resolve_chart_url("https://x.example", "demo.tgz") == "https://x.example/demo.tgz");
    CHECK(resolve_chart_url("https://x.example/sub?token=1", "demo.tgz") ==
          "https://x.example/sub/demo.tgz?token=1");
    CHECK(resolve_chart_url("https://x.example/sub", "//cdn.example/demo.tgz") ==
          "https://cdn.example/demo.tgz");
    CHECK(resolve_chart_url("https://x.example/sub", "https://other.example/d.tgz") ==
          "https://other.example/d.tgz");
}

TEST_CASE("an index names the chart version's archive and digest", "[chart]") {
    const std::string index = "apiVersion: v1\n"
                              "entries:\n"
                              "  demo:\n"
                              "  - name: demo\n"
                              "    version: 1.1.0\n"
                              "    urls: [https://cdn.example/demo-1.1.0.tgz]\n"
                              "  - name: demo\n"
                              "    version: 1.0.0\n"
                              "    digest: " +
                              std::string(64, 'A') +
                              "\n"
                              "    urls: [demo-1.0.0.tgz, mirror/demo-1.0.0.tgz]\n";
    const auto e = find_chart_in_index(index, "https://r.example/index.yaml", "https://r.example",
                                       "demo", "1.0.0");
    CHECK(e.url == "https://r.example/demo-1.0.0.tgz");
    CHECK(e.sha256_hex == std::string(64, 'a'));
    CHECK(find_chart_in_index(index, "i", "https://r.example", "demo", "1.1.0").sha256_hex.empty());

    const Error missing_version = error_of(
        [&] { find_chart_in_index(index, "https://r.example/index.yaml", "r", "demo", "2.0.0"); });
    CHECK(missing_version.code() == ErrorCode::not_found);
    CHECK(std::string(missing_version.what()) ==
          "chart demo version 2.0.0 is not in the repository https://r.example/index.yaml (it "
          "lists 1.1.0, 1.0.0)");
    const Error missing_chart = error_of(
        [&] { find_chart_in_index(index, "https://r.example/index.yaml", "r", "other", "1"); });
    CHECK(missing_chart.code() == ErrorCode::not_found);
    CHECK(error_of([&] { find_chart_in_index("{}", "u", "r", "demo", "1"); }).code() ==
          ErrorCode::spec);
}

TEST_CASE("a chart from an HTTP chart repository is downloaded, checked and carried as is",
          "[chart][network]") {
    ScratchDir dir;
    const PackagedChart v1 = demo_chart(dir, "1.0.0");
    const PackagedChart v2 = demo_chart(dir, "2.0.0");
    dir.write("repo/charts/demo-1.0.0.tgz", v1.archive);
    dir.write("repo/charts/demo-2.0.0.tgz", v2.archive);
    dir.write("repo/index.yaml",
              "apiVersion: v1\nentries:\n  demo:\n"
              "  - {name: demo, version: 1.0.0, urls: [charts/demo-1.0.0.tgz],"
              " digest: " +
                  Digest::of(v1.archive).hex() +
                  "}\n"
                  "  - {name: demo, version: 2.0.0, urls: [charts/demo-2.0.0.tgz],"
                  " digest: " +
                  std::string(64, '0') + "}\n");
    auto server = serve_directory(dir, dir / "repo");
    const std::string repo = "http://" + server->host() + "/";
    RegistryClient client(quick_options());
    ChartFetchOptions options;
    options.client = &client;

    const VendoredChart v = vendor_chart(repo_chart(repo, "demo", "1.0.0"), options);
    CHECK(v.archive == v1.archive);
    CHECK(v.name == "demo");
    CHECK(v.version == "1.0.0");
    CHECK(v.origin == repo + "charts/demo-1.0.0.tgz");
    CHECK(v.config == helm_config_json(v1.metadata));

    const Error mismatch =
        error_of([&] { vendor_chart(repo_chart(repo, "demo", "2.0.0"), options); });
    CHECK(mismatch.code() == ErrorCode::integrity);
    CHECK(std::string(mismatch.what()).find("digest mismatch") != std::string::npos);

    const Error absent =
        error_of([&] { vendor_chart(repo_chart(repo, "demo", "3.0.0"), options); });
    CHECK(absent.code() == ErrorCode::not_found);
    CHECK(std::string(absent.what()) == "chart demo version 3.0.0 is not in the repository " +
                                            repo + "index.yaml (it lists 1.0.0, 2.0.0)");

    const Error no_index =
        error_of([&] { vendor_chart(repo_chart(repo + "nowhere", "demo", "1.0.0"), options); });
    CHECK(no_index.code() == ErrorCode::not_found);
    CHECK(std::string(no_index.what()).find(repo + "nowhere/index.yaml") != std::string::npos);

    const std::string dead = "http://127.0.0.1:" + std::to_string(free_port());
    const Error unreachable =
        error_of([&] { vendor_chart(repo_chart(dead, "demo", "1.0.0"), options); });
    CHECK(unreachable.code() == ErrorCode::network);
    CHECK(std::string(unreachable.what()).find(dead + "/index.yaml") != std::string::npos);
}

TEST_CASE("an oci:// chart is pulled, verified and kept byte for byte", "[chart][network]") {
    ScratchDir dir;
    auto registry = start_registry(dir);
    const std::string host = registry->host();
    RegistryClient client(quick_options(host));
    ChartFetchOptions options;
    options.client = &client;

    // Pushed the way helm push stores it, with a provenance layer besides.
    ScratchDir src;
    src.write("c/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0+b.1\n");
    SpecChart local;
    local.source = SpecChart::Source::path;
    local.path = src / "c";
    const VendoredChart made = vendor_chart(local, {});
    const std::string prov = "-----BEGIN PGP SIGNED MESSAGE-----\nfake\n";
    push_blob(client, host, "charts/demo", helm_media::config, made.config);
    push_blob(client, host, "charts/demo", helm_media::chart_content, made.archive);
    push_blob(client, host, "charts/demo", helm_media::provenance, prov);
    const std::string with_prov = R"({"schemaVersion":2,"config":)" +
                                  descriptor(helm_media::config, made.config) + R"(,"layers":[)" +
                                  descriptor(helm_media::chart_content, made.archive) + "," +
                                  descriptor(helm_media::provenance, prov) + "]}";
    push_manifest(client, host, "charts/demo", "1.0.0_b.1", made.manifest);
    push_manifest(client, host, "charts/demo", "signed", with_prov);

    const VendoredChart v =
        vendor_chart(oci_chart(host + "/charts/demo:1.0.0_b.1", "1.0.0+b.1"), options);
    CHECK(v.manifest == made.manifest);
    CHECK(v.config == made.config);
    CHECK(v.archive == made.archive);
    CHECK(v.provenance.empty());
    CHECK(v.name == "demo");
    CHECK(v.version == "1.0.0+b.1");
    CHECK(v.tag == "1.0.0_b.1");
    CHECK(v.origin == "oci://" + host + "/charts/demo:1.0.0_b.1");

    // Pinned by digest, with a provenance layer that must travel too.
    Reference pinned = Reference::parse(host + "/charts/demo@" + Digest::of(with_prov).str());
    SpecChart signed_chart = oci_chart(host + "/charts/demo:signed", "1.0.0+b.1");
    signed_chart.oci = pinned;
    const VendoredChart s = vendor_chart(signed_chart, options);
    CHECK(s.manifest == with_prov);
    CHECK(s.provenance == prov);
    const auto blobs = s.blobs();
    REQUIRE(blobs.size() == 3);
    CHECK(blobs[2].bytes == prov);

    // Wrong version for the tag, a tag that is not there, an image that is no chart.
    push_manifest(client, host, "charts/demo", "9.9.9", made.manifest);
    const Error wrong =
        error_of([&] { vendor_chart(oci_chart(host + "/charts/demo:9.9.9", "9.9.9"), options); });
    CHECK(wrong.code() == ErrorCode::spec);
    CHECK(std::string(wrong.what()).find("holds chart version 1.0.0+b.1, not 9.9.9") !=
          std::string::npos);
    CHECK(error_of([&] {
              vendor_chart(oci_chart(host + "/charts/demo:2.0.0", "2.0.0"), options);
          }).code() == ErrorCode::not_found);

    const std::string image_config = R"({"architecture":"amd64","os":"linux"})";
    push_blob(client, host, "charts/image", media::oci_config, image_config);
    push_blob(client, host, "charts/image", media::oci_layer_gzip, made.archive);
    push_manifest(client, host, "charts/image", "1.0.0",
                  R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
                  R"("config":)" +
                      descriptor(media::oci_config, image_config) + R"(,"layers":[)" +
                      descriptor(media::oci_layer_gzip, made.archive) + "]}");
    const Error image =
        error_of([&] { vendor_chart(oci_chart(host + "/charts/image:1.0.0", "1.0.0"), options); });
    CHECK(image.code() == ErrorCode::spec);
    CHECK(std::string(image.what()).find("is not a Helm chart") != std::string::npos);
}
