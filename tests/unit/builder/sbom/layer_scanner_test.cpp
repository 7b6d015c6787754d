#include "builder/sbom/layer_scanner.hpp"

#include "common/copy/copy.hpp"
#include "tests/unit/builder/sbom/layer_fixture.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>

using airlock::sbom::is_database_path;
using airlock::sbom::LayerFindings;
using airlock::sbom::normalize_layer_path;
using airlock::sbom::ScanLimits;
using airlock::test::sbom::gzip;
using airlock::test::sbom::scan;
using airlock::test::sbom::TarBuilder;
using airlock::test::sbom::zstd;

namespace {

std::string debian_layer() {
    return TarBuilder()
        .entry("./", '5')
        .entry("./etc/", '5')
        .file("./etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
        .file("./usr/bin/bash", std::string(3000, 'x'))
        .file("./var/lib/dpkg/status", airlock::test::sbom::dpkg_status_text())
        .file("./var/lib/dpkg/status-old", "old")
        .finish();
}

void expect_debian(const LayerFindings& f) {
    CHECK(f.complete);
    CHECK(f.notes.empty());
    REQUIRE(f.files.size() == 2);
    CHECK(f.files.at("var/lib/dpkg/status") == airlock::test::sbom::dpkg_status_text());
    CHECK(f.files.at("etc/os-release") == "ID=debian\nVERSION_ID=\"12\"\n");
    CHECK(f.removed.empty());
}

// One entry of 64 MiB of zeros.
std::string zeros_layer() {
    std::string tar = TarBuilder().header_only("big", 64ull << 20).bytes();
    return tar + std::string(64u << 20, '\0');
}

// The scan of `bomb` (fed in pieces of `piece`) stops after 4 MiB with
// max_decompressed, and well before 16 MiB at a ratio of 100; `slack` is the
// decoder's largest output piece.
void expect_bomb_stopped(const std::string& bomb, std::size_t piece, std::uint64_t slack) {
    ScanLimits limits;
    limits.max_decompressed = 4u << 20;
    LayerFindings f = scan(bomb, piece, limits);
    CHECK_FALSE(f.complete);
    CHECK(f.tar_bytes <= limits.max_decompressed + slack);
    REQUIRE(f.notes.size() == 1);
    CHECK(f.notes[0].find("larger than") != std::string::npos);

    ScanLimits ratio;
    ratio.ratio_floor = 1u << 20;
    ratio.max_ratio = 100;
    LayerFindings g = scan(bomb, piece, ratio);
    CHECK_FALSE(g.complete);
    CHECK(g.tar_bytes < (16u << 20));
    REQUIRE(g.notes.size() == 1);
    CHECK(g.notes[0].find("decompression bomb") != std::string::npos);
}

} // namespace

TEST_CASE("layer scanner: database paths and path normalisation") {
    CHECK(is_database_path("var/lib/dpkg/status"));
    CHECK(is_database_path("var/lib/dpkg/status.d/libc6"));
    CHECK_FALSE(is_database_path("var/lib/dpkg/status.d/libc6.md5sums"));
    CHECK_FALSE(is_database_path("var/lib/dpkg/status.d/x/y"));
    CHECK(is_database_path("lib/apk/db/installed"));
    CHECK(is_database_path("var/lib/rpm/rpmdb.sqlite"));
    CHECK(is_database_path("usr/lib/sysimage/rpm/rpmdb.sqlite"));
    CHECK(is_database_path("usr/lib/os-release"));
    CHECK_FALSE(is_database_path("var/lib/dpkg/status-old"));
    CHECK(normalize_layer_path("./var//lib/./dpkg/") == "var/lib/dpkg");
    CHECK(normalize_layer_path("/etc/os-release") == "etc/os-release");
    CHECK(normalize_layer_path("var/../etc/os-release").empty());
}

TEST_CASE("layer scanner: plain, gzip and zstd layers give the same findings, in any piece size") {
    std::string tar = debian_layer();
    for (std::size_t piece :
         {std::size_t{1}, std::size_t{7}, std::size_t{512}, std::size_t{65536}}) {
        INFO("piece " << piece);
        LayerFindings plain = scan(tar, piece);
        CHECK(plain.compression == "none");
        expect_debian(plain);
        LayerFindings gz = scan(gzip(tar), piece);
        CHECK(gz.compression == "gzip");
        expect_debian(gz);
        LayerFindings zs = scan(zstd(tar), piece);
        CHECK(zs.compression == "zstd");
        expect_debian(zs);
        CHECK(zs.tar_bytes == tar.size());
    }
}

TEST_CASE("layer scanner: concatenated gzip members are one stream") {
    std::string tar = debian_layer();
    std::string two = gzip(tar.substr(0, 1000)) + gzip(tar.substr(1000));
    expect_debian(scan(two, 100));
}

TEST_CASE("layer scanner: gzip members, empty ones too, in any piece size down to one byte") {
    std::string tar = debian_layer();
    std::string three = gzip(tar.substr(0, 777)) + gzip("") + gzip(tar.substr(777, 2048)) +
                        gzip(tar.substr(777 + 2048));
    for (std::size_t piece :
         {std::size_t{1}, std::size_t{3}, std::size_t{7}, std::size_t{100}, std::size_t{65536}}) {
        INFO("piece " << piece);
        LayerFindings f = scan(three, piece);
        expect_debian(f);
        CHECK(f.compression == "gzip");
    }
    SECTION("bytes after a member that are not a member are refused") {
        LayerFindings f = scan(gzip(tar.substr(0, 1024)) + "PK\x03\x04", 1);
        CHECK_FALSE(f.complete);
        REQUIRE(f.notes.size() == 1);
        CHECK(f.notes[0] == "data after the end of the gzip stream");
    }
    SECTION("a member cut in its trailer is truncated, or corrupt when another follows") {
        std::string first = gzip(tar.substr(0, 1024));
        first.resize(first.size() - 3);
        LayerFindings f = scan(first, 1);
        CHECK_FALSE(f.complete);
        REQUIRE(f.notes.size() == 1);
        CHECK(f.notes[0] == "the gzip stream is truncated");
        LayerFindings g = scan(first + gzip(tar.substr(1024)), 1);
        CHECK_FALSE(g.complete);
        REQUIRE(g.notes.size() == 1);
        CHECK(g.notes[0] == "gzip: incorrect header or data check");
    }
}

TEST_CASE("layer scanner: a gzip header with extra field, name, comment and header CRC") {
    std::string tar = debian_layer();
    std::string plain = gzip(tar); // zlib's 10-byte header, no flags
    std::string header = plain.substr(0, 10);
    header[3] = static_cast<char>(0x02 | 0x04 | 0x08 | 0x10);
    header += std::string("\x05\x00", 2) + "extra" + std::string("layer.tar\0", 10) +
              std::string("a comment\0", 10);
    auto hcrc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(header.data()), static_cast<uInt>(header.size())));
    std::string good = header + static_cast<char>(hcrc & 0xff) +
                       static_cast<char>((hcrc >> 8) & 0xff) + plain.substr(10);
    for (std::size_t piece : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{4096}}) {
        INFO("piece " << piece);
        expect_debian(scan(good, piece));
        expect_debian(scan(good + good.substr(0, 1) + good.substr(1), piece));
    }
    std::string bad_crc = good;
    bad_crc[header.size()] = static_cast<char>(bad_crc[header.size()] ^ 1);
    LayerFindings f = scan(bad_crc, 1);
    CHECK_FALSE(f.complete);
    REQUIRE(f.notes.size() == 1);
    CHECK(f.notes[0] == "gzip: header crc mismatch");
    std::string reserved = good;
    reserved[3] = static_cast<char>(reserved[3] | 0x20);
    CHECK(scan(reserved).notes.at(0) == "gzip: unknown header flags set");
    std::string method = plain;
    method[2] = 7;
    CHECK(scan(method).notes.at(0) == "gzip: unknown compression method");
}

TEST_CASE("layer scanner: pax and GNU long names") {
    std::string longdir = "./" + std::string(120, 'd') + "/";
    std::string tar = TarBuilder()
                          .pax_file("var/lib/dpkg/status", "Package: a\n")
                          .gnu_long_file("./lib/apk/db/installed", "P:b\nV:1\n")
                          .file(longdir + "status", "ignored")
                          .finish();
    LayerFindings f = scan(tar);
    CHECK(f.complete);
    CHECK(f.files.at("var/lib/dpkg/status") == "Package: a\n");
    CHECK(f.files.at("lib/apk/db/installed") == "P:b\nV:1\n");
    CHECK(f.files.size() == 2);
}

TEST_CASE("layer scanner: whiteouts, opaque folders and replacing entries are recorded") {
    std::string tar = TarBuilder()
                          .file("var/lib/dpkg/.wh.status", "")
                          .file("var/lib/dpkg/status.d/.wh.libc6", "")
                          .file("var/lib/rpm/.wh..wh..opq", "")
                          .file("usr/share/.wh.doc", "")    // not a database: not kept
                          .file("var/lib/.wh..wh.plnk", "") // aufs bookkeeping: ignored
                          .entry("etc/os-release", '2', "../usr/lib/os-release")
                          .entry("lib/apk", '2', "/somewhere")
                          .finish();
    LayerFindings f = scan(tar);
    CHECK(f.complete);
    CHECK(f.files.empty());
    CHECK(f.removed == std::set<std::string>{"var/lib/dpkg/status", "var/lib/dpkg/status.d/libc6",
                                             "etc/os-release", "lib/apk"});
    CHECK(f.opaque == std::set<std::string>{"var/lib/rpm"});
}

TEST_CASE("layer scanner: status.d files are kept, their md5sums lists are not") {
    std::string tar = TarBuilder()
                          .file("var/lib/dpkg/status.d/base-files", "Package: base-files\n")
                          .file("var/lib/dpkg/status.d/base-files.md5sums", "abc  etc/x\n")
                          .file("var/lib/dpkg/status.d/libc6", "Package: libc6\n")
                          .finish();
    LayerFindings f = scan(gzip(tar));
    CHECK(f.files.size() == 2);
    CHECK(f.files.count("var/lib/dpkg/status.d/libc6") == 1);
}

TEST_CASE("layer scanner: a later entry in the same layer wins; a hard link copies") {
    std::string tar = TarBuilder()
                          .file("var/lib/dpkg/status", "first")
                          .file("var/lib/dpkg/status", "second")
                          .file("etc/os-release", "ID=x\n")
                          .entry("usr/lib/os-release", '1', "etc/os-release")
                          .finish();
    LayerFindings f = scan(tar);
    CHECK(f.files.at("var/lib/dpkg/status") == "second");
    CHECK(f.files.at("usr/lib/os-release") == "ID=x\n");
}

TEST_CASE("layer scanner: a database over the size limit is a note and hides the lower one") {
    ScanLimits limits;
    limits.max_file_bytes = 1000;
    std::string tar = TarBuilder()
                          .file("var/lib/dpkg/status", std::string(5000, 'a'))
                          .file("lib/apk/db/installed", "P:x\nV:1\n")
                          .finish();
    LayerFindings f = scan(zstd(tar), 333, limits);
    CHECK(f.complete);
    CHECK(f.files.size() == 1);
    CHECK(f.removed.count("var/lib/dpkg/status") == 1);
    REQUIRE(f.notes.size() == 1);
    CHECK(f.notes[0].find("var/lib/dpkg/status") != std::string::npos);
}

TEST_CASE("layer scanner: a header claiming a huge database is refused before any byte") {
    // 2^40 bytes claimed, nothing sent: nothing is allocated for it.
    std::string tar = TarBuilder().header_only("var/lib/rpm/rpmdb.sqlite", 1ull << 40).bytes();
    LayerFindings f = scan(tar);
    CHECK_FALSE(f.complete);
    CHECK(f.files.empty());
    CHECK(f.removed.count("var/lib/rpm/rpmdb.sqlite") == 1);
}

TEST_CASE("layer scanner: hostile and broken layers give notes, never exceptions") {
    std::string tar = debian_layer();
    SECTION("truncated gzip") {
        std::string gz = gzip(tar);
        LayerFindings f = scan(gz.substr(0, gz.size() / 2), 100);
        CHECK_FALSE(f.complete);
        REQUIRE_FALSE(f.notes.empty());
        CHECK(f.notes.back().find("truncated") != std::string::npos);
    }
    SECTION("truncated tar inside a complete gzip stream") {
        LayerFindings f = scan(gzip(tar.substr(0, 700)));
        CHECK_FALSE(f.complete);
        CHECK(f.notes.back() == "the tar archive is truncated");
    }
    SECTION("corrupt gzip data") {
        std::string gz = gzip(tar);
        for (std::size_t i = 20; i < gz.size() - 10; i += 7) {
            gz[i] = static_cast<char>(gz[i] ^ 0x5a);
        }
        LayerFindings f = scan(gz);
        CHECK_FALSE(f.complete);
        CHECK_FALSE(f.notes.empty());
    }
    SECTION("a bad tar header checksum") {
        std::string bad = tar;
        bad[1024 + 10] = 'Z'; // inside the second header's name
        LayerFindings f = scan(bad);
        CHECK_FALSE(f.complete);
        CHECK(f.notes.back().find("bad checksum") != std::string::npos);
    }
    SECTION("not a tar at all") {
        std::mt19937 rng(7);
        std::string noise(4096, '\0');
        for (char& c : noise) {
            c = static_cast<char>(rng());
        }
        noise[0] = 'x'; // no compression magic
        LayerFindings f = scan(noise);
        CHECK_FALSE(f.complete);
        CHECK(f.files.empty());
        REQUIRE(f.notes.size() == 1);
        CHECK(f.notes[0].starts_with("not a tar archive"));
    }
    SECTION("a blob of three bytes, and an empty one") {
        CHECK_FALSE(scan("abc").complete);
        LayerFindings empty = scan("");
        CHECK(empty.complete);
        CHECK(empty.files.empty());
    }
    SECTION("data after the end of the archive is not read") {
        LayerFindings f = scan(gzip(tar) + "trailing garbage");
        expect_debian(f);
    }
}

TEST_CASE("layer scanner: a zstd bomb stops at the limit") {
    // 64 MiB of zeros compress to a few KiB.
    expect_bomb_stopped(zstd(zeros_layer(), 1), 65536, 65536);
}

TEST_CASE("layer scanner: a gzip bomb stops at the limit") {
    // 64 MiB of zeros deflate to about 64 KiB; gzip output comes in pieces of
    // up to 256 KiB.
    std::string bomb = gzip(zeros_layer());
    expect_bomb_stopped(bomb, 1, 256u << 10);
    expect_bomb_stopped(bomb, 65536, 256u << 10);
}

TEST_CASE("layer scanner: one more sink of copy_blob, next to the bundle's") {
    std::string blob = gzip(debian_layer());
    airlock::Descriptor expected;
    expected.digest = airlock::Digest::of(blob);
    expected.size = static_cast<std::int64_t>(blob.size());
    std::string copied;
    airlock::StringSink bundle(copied);
    airlock::sbom::LayerScanner scanner;
    airlock::BlobSink* sinks[] = {&bundle, &scanner};
    airlock::MemoryReader reader(blob);
    airlock::copy_blob(reader, expected, sinks, "layer");
    CHECK(copied == blob);
    expect_debian(scanner.findings());

    // A copy that fails verification never commits: the scan stays incomplete.
    airlock::sbom::LayerScanner second;
    airlock::BlobSink* one[] = {&second};
    airlock::MemoryReader corrupt(blob.substr(0, blob.size() - 1) + "x");
    CHECK_THROWS(airlock::copy_blob(corrupt, expected, one, "layer"));
    CHECK_FALSE(second.findings().complete);
}
