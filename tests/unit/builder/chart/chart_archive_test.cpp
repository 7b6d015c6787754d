#include "builder/chart/chart_artifact.hpp"
#include "builder/chart/chart_package.hpp"
#include "builder/chart/vendor_chart.hpp"
#include "common/core/error.hpp"
#include "tests/unit/builder/chart/chart_test_support.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::builder;
using namespace airlock::test;

namespace {

std::string refusal(std::string_view archive) {
    try {
        inspect_chart_archive(archive, "hostile.tgz");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::spec);
        const std::string msg = e.what();
        CHECK(msg.starts_with("hostile.tgz"));
        CHECK(msg.find('\n') == std::string::npos);
        return msg;
    }
    FAIL("the archive was accepted");
    return {};
}

const char* archive_chart_yaml = "b'apiVersion: v2\\nname: x\\nversion: 1.0.0\\n'";

} // namespace

TEST_CASE("a packaged chart is carried byte for byte, Chart.yaml read from inside", "[chart]") {
    ScratchDir dir;
    // Made by another tool, with a top directory not named after the chart.
    const std::string tgz =
        python_tgz(dir, std::string("add('some-dir/Chart.yaml', ") + archive_chart_yaml +
                            ")\nadd('some-dir/templates/a.yaml', b'a: 1')\n");
    dir.write("x-1.0.0.tgz", tgz);
    SpecChart spec;
    spec.source = SpecChart::Source::path;
    spec.path = dir / "x-1.0.0.tgz";
    const VendoredChart v = vendor_chart(spec, {});
    CHECK(v.archive == tgz);
    CHECK(v.name == "x");
    CHECK(v.version == "1.0.0");
    CHECK(v.tag == "1.0.0");
    CHECK(v.origin == (dir / "x-1.0.0.tgz").string());
    CHECK(v.manifest.find(Digest::of(tgz).str()) != std::string::npos);
}

TEST_CASE("hostile chart archives are refused with a reason", "[chart]") {
    ScratchDir dir;
    CHECK(refusal(python_tgz(dir, std::string("add('c/Chart.yaml', ") + archive_chart_yaml +
                                      ")\nadd('c/../../etc/x')\n"))
              .find("unsafe entry name") != std::string::npos);
    CHECK(refusal(python_tgz(dir, std::string("add('c/Chart.yaml', ") + archive_chart_yaml +
                                      ")\nadd('/etc/x')\n"))
              .find("unsafe entry name") != std::string::npos);
    CHECK(refusal(python_tgz(dir, std::string("add('c/Chart.yaml', ") + archive_chart_yaml +
                                      ")\nadd('c/l', kind=tarfile.SYMTYPE, link='/etc/passwd')\n"))
              .find("is a link") != std::string::npos);
    CHECK(refusal(python_tgz(dir, std::string("add('c/Chart.yaml', ") + archive_chart_yaml +
                                      ")\nadd('c/h', kind=tarfile.LNKTYPE, link='c/Chart.yaml')\n"))
              .find("is a link") != std::string::npos);
    CHECK(refusal(python_tgz(dir, std::string("add('c/Chart.yaml', ") + archive_chart_yaml +
                                      ")\nadd('c/fifo', kind=tarfile.FIFOTYPE)\n"))
              .find("not a regular file") != std::string::npos);
    CHECK(refusal(python_tgz(dir, std::string("add('c/Chart.yaml', ") + archive_chart_yaml +
                                      ")\nadd('d/other.yaml')\n"))
              .find("one top-level directory") != std::string::npos);
    CHECK(refusal(python_tgz(dir, std::string("add('Chart.yaml', ") + archive_chart_yaml + ")\n"))
              .find("outside the chart's directory") != std::string::npos);
    CHECK(refusal(python_tgz(dir, std::string("add('c/Chart.yaml', ") + archive_chart_yaml +
                                      ")\nadd('c/Chart.yaml', " + archive_chart_yaml + ")\n"))
              .find("duplicate entry") != std::string::npos);
    CHECK(refusal(python_tgz(dir, "add('c/values.yaml')\n")) ==
          "hostile.tgz:c: no Chart.yaml (not a Helm chart)");
    CHECK(refusal(python_tgz(dir, "add('c/Chart.yaml', b'name: c\\n')\n")) ==
          "hostile.tgz:c/Chart.yaml: chart c has no version");
    CHECK(refusal("plain text, not gzip").find("not a gzip-compressed tar") != std::string::npos);

    // An uncompressed tar is not a packaged chart.
    dir.write("plain.py", "import io, tarfile\n"
                          "t = tarfile.open('" +
                              (dir / "plain.tar").string() +
                              "', 'w')\n"
                              "i = tarfile.TarInfo('c/Chart.yaml'); i.size = 1\n"
                              "t.addfile(i, io.BytesIO(b'x')); t.close()\n");
    REQUIRE(shell("/usr/bin/python3 " + sh_quote((dir / "plain.py").string())) == 0);
    CHECK(refusal(dir.read("plain.tar")).find("not gzip-compressed") != std::string::npos);
}

TEST_CASE("chart archives beyond the size and entry limits are refused", "[chart]") {
    ScratchDir dir;
    TgzLimits small;
    small.max_file_bytes = 100;
    small.max_total_bytes = 150;
    small.max_entries = 3;
    const std::string big = python_tgz(dir, "add('c/a', b'x' * 101)\n");
    CHECK_THROWS_WITH(read_tgz(big, "big.tgz", small),
                      Catch::Contains("'c/a' is larger than 100 bytes"));
    const std::string total = python_tgz(dir, "add('c/a', b'x' * 80)\nadd('c/b', b'x' * 80)\n");
    CHECK_THROWS_WITH(read_tgz(total, "t.tgz", small), Catch::Contains("more than 150 bytes"));
    const std::string many = python_tgz(dir, "for n in range(4): add('c/%d' % n)\n");
    CHECK_THROWS_WITH(read_tgz(many, "m.tgz", small), Catch::Contains("more than 3 entries"));
    // A gzip bomb: 30 MiB of zeros in a small archive, stopped by the file limit.
    const std::string bomb =
        python_tgz(dir, "add('c/Chart.yaml', " + std::string(archive_chart_yaml) +
                            ")\nadd('c/zeros', bytes(30 * 1024 * 1024))\n");
    CHECK(bomb.size() < chart_limits.max_compressed_bytes);
    CHECK(refusal(bomb).find("larger than") != std::string::npos);
    small.max_compressed_bytes = 10;
    CHECK_THROWS_WITH(read_tgz(big, "b.tgz", small), Catch::Contains("the archive is larger"));
}

TEST_CASE("write_tgz is deterministic and read_tgz reads it back", "[chart]") {
    const std::vector<TgzFile> files = {{"x/Chart.yaml", "name: x\n"},
                                        {"x/" + std::string(150, 'l'), "long name"},
                                        {"x/empty", ""}};
    const std::string a = write_tgz(files, 0);
    CHECK(a == write_tgz(files, 0));
    const auto back = read_tgz(a, "test");
    REQUIRE(back.size() == files.size());
    for (size_t i = 0; i < files.size(); ++i) {
        CHECK(back[i].name == files[i].name);
        CHECK(back[i].data == files[i].data);
    }
}

TEST_CASE("manifest annotations: Helm's keys, authors, chart annotations, created", "[chart]") {
    ChartMetadata md;
    md.name = "demo";
    md.version = "1.0.0";
    md.description = "  ";
    md.home = "https://demo.example";
    md.sources = {"https://src.example/one", "https://src.example/two"};
    md.maintainers = {
        {"Ann", "ann@example.com", ""}, {"", "", "https://bob.example"}, {"Cy", "", ""}};
    md.annotations = {{"org.opencontainers.image.title", "ignored"},
                      {"org.opencontainers.image.version", "ignored"},
                      {"org.opencontainers.image.url", "https://override.example"},
                      {"example.com/note", "kept"}};
    auto a = helm_manifest_annotations(md, std::nullopt);
    CHECK(a == std::map<std::string, std::string>{
                   {"example.com/note", "kept"},
                   {"org.opencontainers.image.authors", "Ann (ann@example.com), , Cy"},
                   {"org.opencontainers.image.source", "https://src.example/one"},
                   {"org.opencontainers.image.title", "demo"},
                   {"org.opencontainers.image.url", "https://override.example"},
                   {"org.opencontainers.image.version", "1.0.0"}});
    a = helm_manifest_annotations(md, Timestamp(std::chrono::seconds(1790000000)));
    CHECK(a.at("org.opencontainers.image.created") == "2026-09-21T14:13:20Z");

    CHECK(helm_chart_tag("1.2.3+meta.4") == "1.2.3_meta.4");
    CHECK(helm_chart_tag("v0.0.0") == "v0.0.0");
    CHECK_THROWS_AS(helm_chart_tag("1.0.0+" + std::string(130, 'a')), Error);
}

TEST_CASE("non-ASCII file names survive packaging and reading", "[chart]") {
    ScratchDir dir;
    const std::vector<TgzFile> files = {{"x/Chart.yaml", "name: x\n"},
                                        {"x/dashboards/\xC3\x9C"
                                         "bersicht.json",
                                         "{}"}};
    const std::string a = write_tgz(files, 0);
    const auto back = read_tgz(a, "test");
    REQUIRE(back.size() == 2);
    CHECK(back[1].name == files[1].name);
    CHECK(list_tgz(dir, a).find("x/dashboards/\xC3\x9C"
                                "bersicht.json|644|0|0|0|file") != std::string::npos);
}
