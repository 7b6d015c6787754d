#include "builder/sbom/image_packages.hpp"

#include "tests/unit/builder/sbom/layer_fixture.hpp"

#include <catch2/catch.hpp>

using airlock::sbom::fold_layers;
using airlock::sbom::image_packages;
using airlock::sbom::LayerFindings;
using airlock::test::sbom::TarBuilder;

namespace {

std::vector<const LayerFindings*> pointers(const std::vector<LayerFindings>& layers) {
    std::vector<const LayerFindings*> out;
    for (const auto& l : layers) {
        out.push_back(&l);
    }
    return out;
}

LayerFindings layer(TarBuilder tar) {
    return airlock::test::sbom::scan(airlock::test::sbom::gzip(tar.finish()));
}

} // namespace

TEST_CASE("image packages: a later layer's database replaces the earlier one") {
    std::vector<LayerFindings> layers;
    layers.push_back(layer(TarBuilder()
                               .file("etc/os-release", "ID=debian\nVERSION_ID=\"12\"\n")
                               .file("var/lib/dpkg/status", "Package: a\nStatus: install ok "
                                                            "installed\nVersion: 1\n")));
    layers.push_back(layer(TarBuilder().file("usr/bin/x", "x")));
    layers.push_back(
        layer(TarBuilder().file("var/lib/dpkg/status", airlock::test::sbom::dpkg_status_text())));
    auto ptrs = pointers(layers);
    auto result = image_packages(ptrs);
    CHECK(result.os.id == "debian");
    REQUIRE(result.packages.size() == 2);
    CHECK(result.packages[0].name == "bash");
    CHECK(result.packages[1].name == "libc6");
    CHECK(result.notes.empty());
}

TEST_CASE("image packages: whiteouts and opaque folders remove lower databases") {
    std::vector<LayerFindings> layers;
    layers.push_back(layer(TarBuilder()
                               .file("var/lib/dpkg/status.d/base", "Package: base\nVersion: 1\n")
                               .file("var/lib/dpkg/status.d/libc6", "Package: libc6\nVersion: 2\n")
                               .file("lib/apk/db/installed", "P:musl\nV:1\n")
                               .file("usr/lib/os-release", "ID=debian\n")));
    SECTION("a whiteout of one status.d file") {
        layers.push_back(layer(TarBuilder().file("var/lib/dpkg/status.d/.wh.libc6", "")));
        auto ptrs = pointers(layers);
        auto result = image_packages(ptrs);
        REQUIRE(result.packages.size() == 2);
        CHECK(result.packages[0].name == "base");
        CHECK(result.packages[1].name == "musl");
        CHECK(result.os.id == "debian");
    }
    SECTION("a whiteout of a parent folder") {
        layers.push_back(layer(TarBuilder().file("lib/.wh.apk", "")));
        auto ptrs = pointers(layers);
        CHECK(fold_layers(ptrs).count("lib/apk/db/installed") == 0);
        CHECK(image_packages(ptrs).packages.size() == 2);
    }
    SECTION("an opaque folder, then a new file in it in the same layer") {
        layers.push_back(
            layer(TarBuilder()
                      .file("var/lib/dpkg/status.d/.wh..wh..opq", "")
                      .file("var/lib/dpkg/status.d/new", "Package: new\nVersion: 3\n")));
        auto ptrs = pointers(layers);
        auto result = image_packages(ptrs);
        REQUIRE(result.packages.size() == 2);
        CHECK(result.packages[0].name == "new"); // deb before apk
        CHECK(result.packages[1].name == "musl");
    }
    SECTION("etc/os-release wins over usr/lib/os-release, and a symlink there falls back") {
        layers.push_back(layer(TarBuilder().file("etc/os-release", "ID=other\n")));
        {
            auto ptrs = pointers(layers);
            CHECK(image_packages(ptrs).os.id == "other");
        }
        layers.push_back(layer(TarBuilder().entry("etc/os-release", '2', "../usr/lib/os-release")));
        auto ptrs = pointers(layers);
        CHECK(image_packages(ptrs).os.id == "debian");
    }
}

TEST_CASE("image packages: layer notes are kept with their position") {
    std::vector<LayerFindings> layers;
    layers.push_back(layer(TarBuilder().file("etc/os-release", "ID=alpine\n")));
    layers.push_back(airlock::test::sbom::scan(std::string(600, 'n')));
    auto ptrs = pointers(layers);
    auto result = image_packages(ptrs);
    REQUIRE(result.notes.size() == 1);
    CHECK(result.notes[0].starts_with("layer 2: not a tar archive"));
    CHECK(result.os.id == "alpine");
}
