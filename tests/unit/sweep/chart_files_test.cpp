#include "builder/sweep/chart_files.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <functional>

using airlock::builder::ChartFiles;
using airlock::test::ScratchDir;
using airlock::test::sh_quote;
using airlock::test::shell;
using Catch::Contains;

namespace {

std::string read_all(const std::filesystem::path& p) {
    return airlock::read_file(p, std::size_t{64} << 20);
}

// Packs `dir`/<name> as helm package does: gzip tar, entries "<name>/...".
std::string pack(const ScratchDir& scratch, const std::string& name) {
    const auto out = scratch / (name + ".tgz");
    REQUIRE(shell("tar -C " + sh_quote((scratch / "src").string()) + " -czf " +
                  sh_quote(out.string()) + " " + sh_quote(name)) == 0);
    return read_all(out);
}

// A .tgz with one hostile entry next to a valid Chart.yaml, made by Python's
// tarfile (tar(1) refuses to write most of these).
std::string hostile(const ScratchDir& scratch, const std::string& entry_code) {
    const auto out = scratch / "hostile.tgz";
    const std::string script = "import io, tarfile\n"
                               "t = tarfile.open(" +
                               sh_quote(out.string()) +
                               ", 'w:gz')\n"
                               "def add(name, data=b'x', **kw):\n"
                               "    i = tarfile.TarInfo(name)\n"
                               "    for k, v in kw.items(): setattr(i, k, v)\n"
                               "    i.size = len(data) if i.type == tarfile.REGTYPE else 0\n"
                               "    t.addfile(i, io.BytesIO(data))\n"
                               "add('c/Chart.yaml', b'name: c\\n')\n" +
                               entry_code + "\nt.close()\n";
    scratch.write("make.py", script);
    REQUIRE(shell("/usr/bin/python3 " + sh_quote((scratch / "make.py").string())) == 0);
    return read_all(out);
}

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const airlock::Error& e) {
        return e.what();
    }
    return "<no error>";
}

} // namespace

TEST_CASE("a chart directory is read whole, subcharts included", "[sweep]") {
    ScratchDir d;
    d.write("src/app/Chart.yaml", "name: app\nversion: 1.0.0\n");
    d.write("src/app/values.yaml", "image: nginx\n");
    d.write("src/app/.helmignore", "*.bak\n");
    d.write("src/app/templates/deploy.yaml", "kind: Deployment\n");
    d.write("src/app/charts/db/Chart.yaml", "name: db\nversion: 1.0.0\n");
    d.write("src/app/charts/db/values.yaml", "image: postgres:16\n");
    d.write("src/app/charts/README.md", "not a chart\n");
    d.write("src/app/charts/_skip/values.yaml", "ignored\n");

    ChartFiles c = ChartFiles::from_directory(d / "src/app", "charts/app");
    CHECK(c.origin == "charts/app");
    CHECK(c.files.size() == 8);
    REQUIRE(c.find("templates/deploy.yaml") != nullptr);
    CHECK(*c.find("templates/deploy.yaml") == "kind: Deployment\n");
    CHECK(c.find(".helmignore") != nullptr);
    CHECK(c.chart_yaml() == "name: app\nversion: 1.0.0\n");

    // Packaged subcharts sit next to directory ones.
    d.write("src/cache/Chart.yaml", "name: cache\nversion: 2.0.0\n");
    d.write("src/cache/values.yaml", "image: redis:7\n");
    c.files["charts/cache-2.0.0.tgz"] = pack(d, "cache");

    CHECK(c.subchart_names() == std::vector<std::string>{"cache-2.0.0.tgz", "db"});
    std::vector<ChartFiles> subs = c.subcharts();
    REQUIRE(subs.size() == 2);
    CHECK(subs[0].origin == "charts/app/charts/cache-2.0.0.tgz");
    CHECK(subs[0].files.at("values.yaml") == "image: redis:7\n");
    CHECK(subs[1].origin == "charts/app/charts/db");
    CHECK(subs[1].files.size() == 2);
    CHECK(subs[1].files.at("values.yaml") == "image: postgres:16\n");

    CHECK(ChartFiles::load(d / "src/app").origin == (d / "src/app").string());
}

TEST_CASE("a packaged chart is read with its first path component dropped", "[sweep]") {
    ScratchDir d;
    d.write("src/podinfo/Chart.yaml", "name: podinfo\nversion: 6.14.1\n");
    d.write("src/podinfo/templates/a/b.yaml", "x: 1\n");
    const std::string bytes = pack(d, "podinfo");
    ChartFiles c = ChartFiles::from_tgz(bytes, "podinfo-6.14.1.tgz");
    CHECK(c.files.size() == 2);
    CHECK(c.files.at("templates/a/b.yaml") == "x: 1\n");
    CHECK(ChartFiles::load(d / "podinfo.tgz").files == c.files);
}

TEST_CASE("a chart without Chart.yaml is refused, naming it", "[sweep]") {
    ScratchDir d;
    d.write("src/empty/values.yaml", "a: 1\n");
    CHECK(error_of([&] { (void)ChartFiles::from_directory(d / "src/empty", "charts/empty"); }) ==
          "charts/empty: Chart.yaml is missing (not a Helm chart)");
    const std::string bytes = pack(d, "empty");
    CHECK(error_of([&] { (void)ChartFiles::from_tgz(bytes, "empty.tgz"); }) ==
          "empty.tgz: Chart.yaml is missing (not a Helm chart)");

    ChartFiles parent;
    parent.origin = "p";
    parent.files = {{"Chart.yaml", "name: p\n"}, {"charts/sub/values.yaml", "a: 1\n"}};
    CHECK(error_of([&] { (void)parent.subcharts(); }) ==
          "p/charts/sub: Chart.yaml is missing (not a Helm chart)");
}

TEST_CASE("hostile chart archives are refused", "[sweep]") {
    ScratchDir d;
    SECTION("parent directory") {
        auto bytes = hostile(d, "add('c/../../etc/passwd')");
        CHECK_THAT(error_of([&] { (void)ChartFiles::from_tgz(bytes, "h.tgz"); }),
                   Contains("h.tgz: unsafe entry name 'c/../../etc/passwd'"));
    }
    SECTION("absolute path") {
        auto bytes = hostile(d, "add('/etc/cron.d/x')");
        CHECK_THAT(error_of([&] { (void)ChartFiles::from_tgz(bytes, "h.tgz"); }),
                   Contains("unsafe entry name '/etc/cron.d/x'"));
    }
    SECTION("symbolic link") {
        auto bytes = hostile(d, "add('c/templates/x.yaml', type=tarfile.SYMTYPE, "
                                "linkname='/etc/passwd')");
        CHECK_THAT(error_of([&] { (void)ChartFiles::from_tgz(bytes, "h.tgz"); }),
                   Contains("'c/templates/x.yaml' is a link"));
    }
    SECTION("hard link") {
        auto bytes = hostile(d, "add('c/values.yaml', type=tarfile.LNKTYPE, "
                                "linkname='c/Chart.yaml')");
        CHECK_THAT(error_of([&] { (void)ChartFiles::from_tgz(bytes, "h.tgz"); }),
                   Contains("'c/values.yaml' is a link"));
    }
    SECTION("duplicate entry") {
        auto bytes = hostile(d, "add('c/Chart.yaml', b'name: evil\\n')");
        CHECK_THAT(error_of([&] { (void)ChartFiles::from_tgz(bytes, "h.tgz"); }),
                   Contains("duplicate entry 'c/Chart.yaml'"));
    }
    SECTION("a file over the size cap") {
        auto bytes = hostile(d, "add('c/big.yaml', b'#' * (5 * 1024 * 1024 + 1))");
        CHECK_THAT(error_of([&] { (void)ChartFiles::from_tgz(bytes, "h.tgz"); }),
                   Contains("'c/big.yaml' is larger than 5242880 bytes"));
    }
    SECTION("not an archive") {
        CHECK_THAT(error_of([&] { (void)ChartFiles::from_tgz("not a tgz at all", "h.tgz"); }),
                   Contains("h.tgz:"));
    }
}

TEST_CASE("chart directories are bounded and refuse special files", "[sweep]") {
    ScratchDir d;
    d.write("c/Chart.yaml", "name: c\n");
    d.write("c/files/big.bin", std::string(airlock::builder::chart_max_file_bytes + 1, 'x'));
    CHECK_THAT(error_of([&] { (void)ChartFiles::from_directory(d / "c", "c"); }),
               Contains("c: 'files/big.bin' is larger than 5 MiB"));
    std::filesystem::remove(d / "c/files/big.bin");
    std::filesystem::create_directory_symlink(d / "c/files", d / "c/loop");
    CHECK_THAT(error_of([&] { (void)ChartFiles::from_directory(d / "c", "c"); }),
               Contains("'loop' is a link to a directory"));
    std::filesystem::remove(d / "c/loop");
    CHECK(error_of([&] { (void)ChartFiles::from_directory(d / "nope"); }) ==
          (d / "nope").string() + ": no such chart directory");
}
