#include "builder/sbom/apk_installed.hpp"
#include "builder/sbom/dpkg_status.hpp"
#include "builder/sbom/os_release.hpp"
#include "builder/sbom/purl.hpp"

#include "tests/unit/builder/sbom/layer_fixture.hpp"

#include <catch2/catch.hpp>

using airlock::sbom::OsPackage;
using airlock::sbom::OsRelease;
using airlock::sbom::package_purl;
using airlock::sbom::PackageFormat;
using airlock::sbom::parse_apk_installed;
using airlock::sbom::parse_dpkg_status;
using airlock::sbom::parse_os_release;
using airlock::sbom::Purl;

TEST_CASE("dpkg status: installed packages with version, architecture and source") {
    auto packages = parse_dpkg_status(airlock::test::sbom::dpkg_status_text());
    REQUIRE(packages.size() == 2);
    CHECK(packages[0].name == "bash");
    CHECK(packages[0].version == "5.2.15-2+b2");
    CHECK(packages[0].arch == "amd64");
    CHECK(packages[0].source.empty());
    CHECK(packages[1].name == "libc6");
    CHECK(packages[1].source == "glibc");
    CHECK(packages[1].format == PackageFormat::deb);
}

TEST_CASE("dpkg status: states, source versions, odd text") {
    std::string text = "Package: held\nStatus: hold ok installed\nVersion: 1:2.0-1\n"
                       "Source: upstream-name (2.0-0.1)\n\n"
                       "Package: half\nStatus: install reinstreq half-installed\nVersion: 1\n\n"
                       "package: lower-case-keys\r\nstatus: install ok installed\r\nversion: 3\r\n"
                       "\n\n\n"
                       "Package: no-version\nStatus: install ok installed\n\n"
                       "garbage line without colon\n continuation of nothing\n";
    auto packages = parse_dpkg_status(text);
    REQUIRE(packages.size() == 2);
    CHECK(packages[0].name == "held");
    CHECK(packages[0].version == "1:2.0-1");
    CHECK(packages[0].source == "upstream-name");
    CHECK(packages[0].source_version == "2.0-0.1");
    CHECK(packages[1].name == "lower-case-keys");
    CHECK(packages[1].version == "3");
}

TEST_CASE("dpkg status.d: paragraphs without Status count when asked") {
    std::string text = "Package: tzdata\nVersion: 2024a-0+deb12u1\nArchitecture: all\n";
    CHECK(parse_dpkg_status(text).empty());
    auto packages = parse_dpkg_status(text, false);
    REQUIRE(packages.size() == 1);
    CHECK(packages[0].arch == "all");
}

TEST_CASE("apk installed: name, version, arch, license, origin") {
    std::string text = "C:Q1abc=\nP:musl\nV:1.2.4_git20230717-r4\nA:x86_64\nS:383152\n"
                       "L:MIT\no:musl\nm:Someone\n\n"
                       "P:busybox-binsh\nV:1.36.1-r15\nA:x86_64\nL:GPL-2.0-only\no:busybox\n"
                       "p:/bin/sh cmd:sh=1.36.1-r15\n\n"
                       "P:incomplete\n";
    auto packages = parse_apk_installed(text);
    REQUIRE(packages.size() == 2);
    CHECK(packages[0].name == "musl");
    CHECK(packages[0].version == "1.2.4_git20230717-r4");
    CHECK(packages[0].license == "MIT");
    CHECK(packages[1].source == "busybox");
    CHECK(packages[1].format == PackageFormat::apk);
}

TEST_CASE("os-release: quoting and comments") {
    OsRelease os = parse_os_release("# comment\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
                                    "NAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n"
                                    "VERSION_CODENAME=bookworm\nID=debian\nBROKEN LINE\n"
                                    "X='single \"quoted\"'\n");
    CHECK(os.id == "debian");
    CHECK(os.version_id == "12");
    CHECK(os.version_codename == "bookworm");
    CHECK(os.pretty_name == "Debian GNU/Linux 12 (bookworm)");
    CHECK(parse_os_release("ID='alpine'\nVERSION_ID=3.19.1").version_id == "3.19.1");
    CHECK(parse_os_release("ID=\"a\\\"b\"").id == "a\"b");
}

TEST_CASE("purls: deb, apk and rpm with distro, arch, epoch and encoding") {
    OsRelease debian{"debian", "12", "bookworm", ""};
    OsPackage bash{PackageFormat::deb, "bash", "5.2.15-2+b2", "amd64", "", "", "", {}};
    CHECK(package_purl(bash, debian) ==
          "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12");
    OsPackage libc{PackageFormat::deb, "libc6", "2.36-9", "amd64", "", "glibc", "", {}};
    CHECK(package_purl(libc, debian) ==
          "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12&upstream=glibc");
    OsPackage epoch{PackageFormat::deb, "perl", "1:5.36.0-7", "amd64", "", "", "", {}};
    CHECK(package_purl(epoch, OsRelease{"debian", "", "trixie", ""}) ==
          "pkg:deb/debian/perl@1:5.36.0-7?arch=amd64&distro=debian-trixie");
    CHECK(package_purl(bash, OsRelease{}) == "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64");

    OsPackage musl{PackageFormat::apk, "musl", "1.2.4-r4", "x86_64", "MIT", "musl", "", {}};
    CHECK(package_purl(musl, OsRelease{"alpine", "3.19.1", "", ""}) ==
          "pkg:apk/alpine/musl@1.2.4-r4?arch=x86_64&distro=alpine-3.19.1");

    OsPackage curl{PackageFormat::rpm,
                   "curl",
                   "1:7.76.1-26.el9",
                   "x86_64",
                   "curl",
                   "curl-7.76.1-26.el9.src.rpm",
                   "",
                   1u};
    CHECK(package_purl(curl, OsRelease{"rocky", "9.3", "", ""}) ==
          "pkg:rpm/rocky/curl@7.76.1-26.el9?arch=x86_64&distro=rocky-9.3&epoch=1"
          "&upstream=curl-7.76.1-26.el9.src.rpm");

    Purl p{"generic", "a b/c", "n@me", "1.0 beta", {{"k", "v/w x"}, {"empty", ""}}};
    CHECK(p.str() == "pkg:generic/a%20b/c/n%40me@1.0%20beta?k=v/w%20x");
}
