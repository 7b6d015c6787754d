#include "common/archive/tar_index.hpp"
#include "common/io/file_reader.hpp"
#include "tests/unit/support/oci_fixture.hpp"

#include <catch2/catch.hpp>

using airlock::ErrorCode;
using airlock::FileReader;
using airlock::TarIndex;
using namespace airlock::test;

namespace {

std::string read_entry(const TarIndex& index, const std::string& name) {
    auto slice = index.open(name);
    FileReader reader(slice.file, slice.offset, slice.size);
    return airlock::read_all(reader, 64 * 1024 * 1024, name);
}

void tar_dir(const ScratchDir& dir, const std::string& format, const std::string& src,
             const std::string& out) {
    REQUIRE(shell("tar --format=" + format + " -cf " + sh_quote((dir / out).string()) + " -C " +
                  sh_quote((dir / src).string()) + " .") == 0);
}

// Writes a tar with python's tarfile, for entries `tar` refuses to create.
void python_tar(const ScratchDir& dir, const std::string& out, const std::string& body) {
    dir.write("make_tar.py",
              "import io, tarfile, sys\n"
              "t = tarfile.open(sys.argv[1], 'w', format=tarfile.PAX_FORMAT)\n"
              "def add(name, data=b'x', kind=tarfile.REGTYPE, link=''):\n"
              "    i = tarfile.TarInfo(name); i.type = kind; i.linkname = link\n"
              "    i.size = len(data) if kind == tarfile.REGTYPE else 0\n"
              "    t.addfile(i, io.BytesIO(data) if kind == tarfile.REGTYPE else None)\n" +
                  body + "\nt.close()\n");
    REQUIRE(shell("python3 " + sh_quote((dir / "make_tar.py").string()) + " " +
                  sh_quote((dir / out).string())) == 0);
}

} // namespace

TEST_CASE("tar entries are indexed in place for gnu, pax and ustar archives", "[archive]") {
    ScratchDir dir;
    const std::string long_dir = std::string(120, 'd');
    const std::string long_file = std::string(150, 'f');
    std::map<std::string, std::string> files = {
        {"small", "hello"},
        {"empty", ""},
        {"sub/big", noise(2 * FileReader::buffer_size + 17, 3)},
        {"sub/odd", noise(513, 4)},
    };
    std::map<std::string, std::string> long_files = {
        {long_dir + "/x", "long directory"},
        {long_file, noise(1000, 5)},
    };
    for (const auto& [name, bytes] : files) {
        dir.write("tree/" + name, bytes);
    }
    for (const auto& [name, bytes] : long_files) {
        dir.write("tree/" + name, bytes);
    }
    for (const std::string format : {"gnu", "pax", "ustar"}) {
        INFO(format);
        if (format == "ustar") {
            // ustar cannot store names this long.
            std::filesystem::remove_all(dir / "tree" / long_dir);
            std::filesystem::remove(dir / "tree" / long_file);
            long_files.clear();
        }
        tar_dir(dir, format, "tree", format + ".tar");
        TarIndex index(dir / (format + ".tar"));
        auto all = files;
        all.insert(long_files.begin(), long_files.end());
        for (const auto& [name, bytes] : all) {
            INFO(name);
            REQUIRE(index.find(name));
            CHECK(index.find(name)->size == bytes.size());
            CHECK(airlock::Digest::of(read_entry(index, name)) == airlock::Digest::of(bytes));
            CHECK(index.find("./" + name)); // "./name" is the same entry
        }
        CHECK(!index.find("sub")); // directories are not files
        CHECK(index.file_names().size() == all.size());
    }
}

TEST_CASE("a byte range inside a tar entry can be read", "[archive]") {
    ScratchDir dir;
    std::string big = noise(3 * FileReader::buffer_size, 9);
    dir.write("tree/big", big);
    tar_dir(dir, "pax", "tree", "x.tar");
    TarIndex index(dir / "x.tar");
    auto slice = index.open("big");
    FileReader part(slice.file, slice.offset + 1000, FileReader::buffer_size + 1);
    std::string got = airlock::read_all(part, big.size(), "part");
    CHECK(got == big.substr(1000, FileReader::buffer_size + 1));
}

TEST_CASE("links are resolved inside the archive only", "[archive]") {
    ScratchDir dir;
    dir.write("tree/a/layer.tar", "layer bytes");
    std::filesystem::create_directories(dir / "tree/b");
    std::filesystem::create_symlink("../a/layer.tar", dir / "tree/b/layer.tar");
    std::filesystem::create_symlink("../../etc/passwd", dir / "tree/b/escape");
    std::filesystem::create_symlink("/etc/passwd", dir / "tree/b/absolute");
    dir.write("tree/c/data", "hard");
    std::filesystem::create_hard_link(dir / "tree/c/data", dir / "tree/c/hard");
    tar_dir(dir, "gnu", "tree", "links.tar");
    TarIndex index(dir / "links.tar");
    CHECK(read_entry(index, "b/layer.tar") == "layer bytes");
    CHECK(read_entry(index, "c/hard") == "hard");
    CHECK(read_entry(index, "c/data") == "hard");
    CHECK(!index.find("b/escape"));
    CHECK(!index.find("b/absolute"));
    CHECK(error_code_of([&] { index.open("b/escape"); }) == ErrorCode::not_found);
}

TEST_CASE("unsafe entry names and duplicates are refused", "[archive]") {
    ScratchDir dir;
    python_tar(dir, "dotdot.tar", "add('ok')\nadd('a/../../evil')");
    std::string msg;
    CHECK(error_code_of([&] { TarIndex i(dir / "dotdot.tar"); }, &msg) == ErrorCode::spec);
    CHECK_THAT(msg, Catch::Contains("unsafe entry name") && Catch::Contains("dotdot.tar"));
    python_tar(dir, "abs.tar", "add('/etc/evil')");
    CHECK(error_code_of([&] { TarIndex i(dir / "abs.tar"); }) == ErrorCode::spec);
    python_tar(dir, "dup.tar", "add('index.json', b'a')\nadd('./index.json', b'b')");
    CHECK(error_code_of([&] { TarIndex i(dir / "dup.tar"); }, &msg) == ErrorCode::spec);
    CHECK_THAT(msg, Catch::Contains("duplicate"));
    // Safe names that merely look odd are fine.
    python_tar(dir, "odd.tar", "add('./a//b..c', b'ok')\nadd('..hidden', b'h')");
    TarIndex odd(dir / "odd.tar");
    CHECK(odd.find("a/b..c"));
    CHECK(odd.find("..hidden"));
}

TEST_CASE("compressed, truncated and non-tar files are refused", "[archive]") {
    ScratchDir dir;
    dir.write("tree/one", noise(5000, 1));
    dir.write("tree/two", noise(7000, 2));
    tar_dir(dir, "pax", "tree", "x.tar");
    std::string tar = dir.read("x.tar");
    REQUIRE(shell("gzip -k " + sh_quote((dir / "x.tar").string())) == 0);
    std::string msg;
    CHECK(error_code_of([&] { TarIndex i(dir / "x.tar.gz"); }, &msg) == ErrorCode::spec);
    CHECK_THAT(msg, Catch::Contains("compressed") && Catch::Contains("gzip"));

    TarIndex whole(dir / "x.tar");
    auto last = std::max(whole.find("one")->offset + 5000, whole.find("two")->offset + 7000);
    // Cut inside data, at the end of the last entry's data (no end marker),
    // and inside the end marker.
    for (size_t cut : {size_t(last - 100), size_t((last + 511) / 512 * 512),
                       size_t((last + 511) / 512 * 512 + 512), size_t(700)}) {
        INFO(cut);
        dir.write("cut.tar", tar.substr(0, cut));
        CHECK(error_code_of([&] { TarIndex i(dir / "cut.tar"); }, &msg) == ErrorCode::spec);
        CHECK_THAT(msg, Catch::Contains("cut.tar"));
    }
    dir.write("empty.tar", "");
    CHECK(error_code_of([&] { TarIndex i(dir / "empty.tar"); }) == ErrorCode::spec);
    dir.write("text.tar", "this is not a tar archive\n");
    CHECK(error_code_of([&] { TarIndex i(dir / "text.tar"); }) == ErrorCode::spec);
    CHECK(error_code_of([&] { TarIndex i(dir / "missing.tar"); }) == ErrorCode::not_found);
    // An empty archive (just the end marker) is valid.
    dir.write("zeros.tar", std::string(10240, '\0'));
    CHECK(TarIndex(dir / "zeros.tar").file_names().empty());
}
