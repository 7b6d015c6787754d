#include "builder/chart/chart_package.hpp"
#include "builder/chart/vendor_chart.hpp"
#include "common/core/error.hpp"
#include "tests/unit/builder/chart/chart_test_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>

using namespace airlock;
using namespace airlock::builder;
using namespace airlock::test;
namespace fs = std::filesystem;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

std::string error_of(const std::function<void()>& fn, ErrorCode expected) {
    try {
        fn();
    } catch (const Error& e) {
        CHECK(e.code() == expected);
        CHECK(std::string(e.what()).find('\n') == std::string::npos);
        return e.what();
    }
    FAIL("no error thrown");
    return {};
}

// Every regular file under `dir`, relative, '/'-separated.
std::set<std::string> files_under(const fs::path& dir) {
    std::set<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file()) {
            out.insert(fs::relative(e.path(), dir).generic_string());
        }
    }
    return out;
}

void copy_chart(const std::string& name, const fs::path& to) {
    fs::copy(shared_chart(name), to, fs::copy_options::recursive);
}

const char* minimal_chart = "apiVersion: v2\nname: mini\nversion: 0.1.0\n";

} // namespace

TEST_CASE("a chart directory packages to identical bytes, every entry under <name>/", "[chart]") {
    ScratchDir dir;
    copy_chart("podinfo", dir / "podinfo");
    // Things .helmignore or Helm's defaults keep out of the package.
    dir.write("podinfo/.git/config", "[core]\n");
    dir.write("podinfo/values.yaml.swp", "swap");
    dir.write("podinfo/templates/.notes", "hidden");

    const PackagedChart a = package_chart_directory(dir / "podinfo", 0);
    const PackagedChart b = package_chart_directory(dir / "podinfo", 0);
    CHECK(a.archive == b.archive);
    CHECK(a.metadata.name == "podinfo");
    CHECK(a.metadata.version == "6.14.1");

    // gzip header: no file name flag, zero time stamp.
    REQUIRE(a.archive.size() > 10);
    CHECK(static_cast<unsigned char>(a.archive[0]) == 0x1f);
    CHECK((static_cast<unsigned char>(a.archive[3]) & 0x08) == 0);
    CHECK(a.archive.substr(4, 4) == std::string(4, '\0'));

    std::set<std::string> expected = files_under(shared_chart("podinfo"));
    const auto listing = lines_of(list_tgz(dir, a.archive));
    REQUIRE(!listing.empty());
    CHECK(listing.front() == "podinfo/Chart.yaml|644|0|0|0|file");
    std::set<std::string> packaged;
    std::vector<std::string> order;
    for (const std::string& line : listing) {
        const std::string name = line.substr(0, line.find('|'));
        REQUIRE(name.starts_with("podinfo/"));
        CHECK(line.substr(name.size()) == "|644|0|0|0|file");
        packaged.insert(name.substr(8));
        order.push_back(name);
    }
    CHECK(std::is_sorted(order.begin() + 1, order.end()));
    CHECK(packaged == expected);
    CHECK(packaged.count(".helmignore") == 1);
    CHECK(packaged.count(".git/config") == 0);
    CHECK(packaged.count("templates/.notes") == 0);
}

TEST_CASE("SOURCE_DATE_EPOCH sets every entry's mtime", "[chart]") {
    ScratchDir dir;
    dir.write("c/Chart.yaml", minimal_chart);
    dir.write("c/templates/cm.yaml", "kind: ConfigMap\n");
    const PackagedChart p = package_chart_directory(dir / "c", 1790000000);
    for (const std::string& line : lines_of(list_tgz(dir, p.archive))) {
        CHECK(line.ends_with("|644|0|0|1790000000|file"));
    }
    CHECK(p.archive != package_chart_directory(dir / "c", 0).archive);
}

TEST_CASE("every shared chart packages, and its archive reads back the same", "[chart]") {
    for (const char* name : {"podinfo", "cert-manager", "ingress-nginx", "metrics-server",
                             "grafana", "prometheus-node-exporter"}) {
        INFO(name);
        const PackagedChart p = package_chart_directory(shared_chart(name), 0);
        CHECK(p.metadata.name == name);
        const ChartMetadata back = inspect_chart_archive(p.archive, name);
        CHECK(back.name == p.metadata.name);
        CHECK(back.version == p.metadata.version);
        CHECK(back.annotations == p.metadata.annotations);
    }
}

TEST_CASE("a leading UTF-8 byte order mark is dropped, as Helm's loader does", "[chart]") {
    ScratchDir dir;
    dir.write("c/Chart.yaml", minimal_chart);
    dir.write("c/values.yaml", "\xEF\xBB\xBFreplicas: 1\n");
    const PackagedChart p = package_chart_directory(dir / "c", 0);
    const auto files = read_tgz(p.archive, "test");
    auto it = std::find_if(files.begin(), files.end(),
                           [](const TgzFile& f) { return f.name == "mini/values.yaml"; });
    REQUIRE(it != files.end());
    CHECK(it->data == "replicas: 1\n");
}

TEST_CASE("symbolic links are followed inside the chart and refused outside it", "[chart]") {
    ScratchDir dir;
    dir.write("c/Chart.yaml", minimal_chart);
    dir.write("c/files/real.txt", "real");
    fs::create_symlink("real.txt", dir / "c/files/alias.txt");
    const auto files = read_tgz(package_chart_directory(dir / "c", 0).archive, "test");
    auto alias = std::find_if(files.begin(), files.end(),
                              [](const TgzFile& f) { return f.name == "mini/files/alias.txt"; });
    REQUIRE(alias != files.end());
    CHECK(alias->data == "real");
    CHECK(list_tgz(dir, package_chart_directory(dir / "c", 0).archive).find("other") ==
          std::string::npos);

    dir.write("secret.txt", "outside");
    fs::create_symlink("../../secret.txt", dir / "c/files/leak.txt");
    const std::string msg =
        error_of([&] { package_chart_directory(dir / "c", 0); }, ErrorCode::spec);
    CHECK(msg.find("files/leak.txt") != std::string::npos);
    CHECK(msg.find("outside the chart") != std::string::npos);
    fs::remove(dir / "c/files/leak.txt");

    fs::create_symlink("..", dir / "c/files/loop");
    CHECK(error_of([&] { package_chart_directory(dir / "c", 0); }, ErrorCode::spec).find("loop") !=
          std::string::npos);
    fs::remove(dir / "c/files/loop");

    fs::create_symlink("missing.txt", dir / "c/files/dangling.txt");
    CHECK(error_of([&] { package_chart_directory(dir / "c", 0); }, ErrorCode::spec)
              .find("dangling.txt") != std::string::npos);
}

TEST_CASE("a directory without Chart.yaml, or with a bad one, is refused by name", "[chart]") {
    ScratchDir dir;
    dir.write("empty/templates/x.yaml", "a: b\n");
    const std::string missing =
        error_of([&] { package_chart_directory(dir / "empty", 0); }, ErrorCode::spec);
    CHECK(missing == (dir / "empty").string() + ": no Chart.yaml (not a Helm chart)");

    dir.write("bad/Chart.yaml", "apiVersion: v2\nname: bad\n");
    CHECK(error_of([&] { package_chart_directory(dir / "bad", 0); }, ErrorCode::spec) ==
          (dir / "bad").string() + "/Chart.yaml: chart bad has no version");

    // A chart whose .helmignore hides Chart.yaml has none, as for Helm.
    dir.write("hidden/Chart.yaml", minimal_chart);
    dir.write("hidden/.helmignore", "Chart.yaml\n");
    CHECK(error_of([&] { package_chart_directory(dir / "hidden", 0); }, ErrorCode::spec)
              .find("no Chart.yaml") != std::string::npos);
}

TEST_CASE("Chart.yaml dependencies must be present under charts/", "[chart]") {
    ScratchDir dir;
    dir.write("app/Chart.yaml", "apiVersion: v2\nname: app\nversion: 1.0.0\n"
                                "dependencies:\n"
                                "- {name: db, version: 2.0.0, repository: https://x.example}\n"
                                "- {name: cache, version: 3.0.0, repository: https://x.example,"
                                " alias: redis}\n");
    const std::string msg =
        error_of([&] { package_chart_directory(dir / "app", 0); }, ErrorCode::spec);
    CHECK(msg.find("missing from charts/: db 2.0.0, cache 3.0.0") != std::string::npos);
    CHECK(msg.starts_with((dir / "app").string()));

    // One as a directory, one packaged: both count, by their Chart.yaml names.
    dir.write("app/charts/database/Chart.yaml", "apiVersion: v2\nname: db\nversion: 2.0.0\n");
    dir.write("cache/Chart.yaml", "apiVersion: v2\nname: cache\nversion: 3.0.0\n");
    const PackagedChart cache = package_chart_directory(dir / "cache", 0);
    dir.write("app/charts/cache-3.0.0.tgz", cache.archive);
    const PackagedChart app = package_chart_directory(dir / "app", 0);
    const auto files = read_tgz(app.archive, "test");
    // Subcharts travel as they are.
    auto sub = std::find_if(files.begin(), files.end(), [](const TgzFile& f) {
        return f.name == "app/charts/cache-3.0.0.tgz";
    });
    REQUIRE(sub != files.end());
    CHECK(sub->data == cache.archive);
    CHECK(inspect_chart_archive(app.archive, "app.tgz").dependencies.size() == 2);

    // A stray file under charts/ is not a chart; Helm would refuse to load it.
    dir.write("app/charts/README.md", "notes");
    CHECK(error_of([&] { package_chart_directory(dir / "app", 0); }, ErrorCode::spec)
              .find("charts/README.md") != std::string::npos);
}

TEST_CASE("vendor_chart on a directory: Helm's config, manifest and tag", "[chart]") {
    ScratchDir dir;
    dir.write("c/Chart.yaml", "apiVersion: v2\nname: demo\nversion: 1.0.0+build.1\n"
                              "description: Demo chart\nhome: https://demo.example\n");
    SpecChart spec;
    spec.source = SpecChart::Source::path;
    spec.path = dir / "c";
    const VendoredChart v = vendor_chart(spec, {});
    CHECK(v.name == "demo");
    CHECK(v.version == "1.0.0+build.1");
    CHECK(v.tag == "1.0.0_build.1");
    CHECK(v.origin == (dir / "c").string());
    CHECK(v.config == R"({"name":"demo","home":"https://demo.example","version":"1.0.0+build.1",)"
                      R"("description":"Demo chart","apiVersion":"v2"})");
    CHECK(v.manifest ==
          R"({"schemaVersion":2,"config":{"mediaType":"application/vnd.cncf.helm.config.v1+json",)"
          R"("digest":")" +
              Digest::of(v.config).str() + R"(","size":)" + std::to_string(v.config.size()) +
              R"(},"layers":[{"mediaType":"application/vnd.cncf.helm.chart.content.v1.tar+gzip",)"
              R"("digest":")" +
              Digest::of(v.archive).str() + R"(","size":)" + std::to_string(v.archive.size()) +
              R"(}],"annotations":{"org.opencontainers.image.description":"Demo chart",)"
              R"("org.opencontainers.image.title":"demo","org.opencontainers.image.url":)"
              R"("https://demo.example","org.opencontainers.image.version":"1.0.0+build.1"}})");
    const auto blobs = v.blobs();
    REQUIRE(blobs.size() == 2);
    CHECK(blobs[0].bytes == v.config);
    CHECK(blobs[1].bytes == v.archive);
    CHECK(v.raw_manifest().media_type == "application/vnd.oci.image.manifest.v1+json");
    CHECK(v.raw_manifest().digest == Digest::of(v.manifest));

    // The same directory vendored again gives the same digests.
    CHECK(vendor_chart(spec, {}).manifest == v.manifest);
}
