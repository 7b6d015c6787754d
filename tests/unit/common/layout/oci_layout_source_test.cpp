#include "common/layout/oci_layout_source.hpp"
#include "common/oci/media_types.hpp"
#include "tests/unit/support/oci_fixture.hpp"

#include <catch2/catch.hpp>

#include <thread>

using airlock::Descriptor;
using airlock::Digest;
using airlock::ErrorCode;
using airlock::OciLayoutSource;
using airlock::Reference;
using namespace airlock::test;

namespace {

Reference by_digest(const Digest& d) {
    Reference r;
    r.digest = d;
    return r;
}

FixtureImage small_image(const ScratchDir& dir, const std::string& tag) {
    return make_image({make_layer(dir, "etc/" + tag, "hello " + tag),
                       make_layer(dir, "big-" + tag, noise(3 * 1024 * 1024 + 5, 7))},
                      "amd64");
}

// Every blob the manifest names can be read and hashes to its digest.
void check_blobs(OciLayoutSource& src, const FixtureImage& img) {
    auto m = airlock::parse_image_manifest(img.manifest, "test");
    std::vector<Descriptor> all = m.layers;
    all.push_back(m.config);
    for (const Descriptor& d : all) {
        size_t total = 0;
        auto reader = src.open_blob(Reference{}, d);
        CHECK(digest_of_stream(*reader, &total) == d.digest);
        CHECK(total == static_cast<size_t>(d.size));
    }
}

} // namespace

TEST_CASE("layout serves an image by bare tag, full name, digest and unnamed", "[layout]") {
    ScratchDir dir;
    FixtureImage img = small_image(dir, "a");
    write_layout(dir, "oci", {{"1.0", img}});
    OciLayoutSource src(dir / "oci");
    CHECK(src.describe() == "oci:" + (dir / "oci").string());
    CHECK(src.concurrent_reads());

    for (const Reference& ref : {local_name("1.0"), Reference::parse("example.com/app:1.0"),
                                 by_digest(img.digest), Reference{}}) {
        INFO(ref.str());
        auto m = src.get_manifest(ref);
        CHECK(m.digest == img.digest);
        CHECK(m.bytes == img.manifest);
        CHECK(m.media_type == airlock::media::oci_manifest);
    }
    auto by_child = src.get_manifest(Reference{}, img.digest);
    CHECK(by_child.digest == img.digest);
    check_blobs(src, img);
}

TEST_CASE("a named reference that matches nothing is not_found, even with one image", "[layout]") {
    ScratchDir dir;
    write_layout(dir, "oci", {{"1.0", small_image(dir, "a")}});
    OciLayoutSource src(dir / "oci");
    std::string msg;
    CHECK(error_code_of([&] { src.get_manifest(local_name("2.0")); }, &msg) ==
          ErrorCode::not_found);
    CHECK_THAT(msg, Catch::Contains("2.0") && Catch::Contains("it has: 1.0"));
    CHECK(error_code_of([&] { src.get_manifest(Reference::parse("app:2.0")); }) ==
          ErrorCode::not_found);
    CHECK(error_code_of([&] { src.get_manifest(by_digest(Digest::of("nope"))); }) ==
          ErrorCode::not_found);
}

TEST_CASE("several images: names select, unnamed and ambiguous are refused", "[layout]") {
    ScratchDir dir;
    FixtureImage a = small_image(dir, "a");
    FixtureImage b = make_image({make_layer(dir, "b", "bee")}, "arm64");
    FixtureImage c = make_image({make_layer(dir, "c", "sea")}, "arm64");
    write_layout(dir, "oci",
                 {{"1.0", a}, {"docker.io/library/app:1.0", b}, {"quay.io/x/y:2", c}, {"", a}});
    OciLayoutSource src(dir / "oci");

    CHECK(error_code_of([&] { src.get_manifest(Reference{}); }) == ErrorCode::usage);
    // A full name beats the bare tag "1.0".
    CHECK(src.get_manifest(Reference::parse("app:1.0")).digest == b.digest);
    CHECK(src.get_manifest(Reference::parse("quay.io/x/y:2")).digest == c.digest);
    // Only the bare tag matches another repository's 1.0.
    CHECK(src.get_manifest(Reference::parse("other:1.0")).digest == a.digest);
    // A local name equal to the stored name.
    CHECK(src.get_manifest(local_name("1.0")).digest == a.digest);

    ScratchDir dir2;
    write_layout(dir2, "oci", {{"1.0", a}, {"1.0", b}});
    OciLayoutSource twice(dir2 / "oci");
    std::string msg;
    CHECK(error_code_of([&] { twice.get_manifest(local_name("1.0")); }, &msg) == ErrorCode::usage);
    CHECK_THAT(msg, Catch::Contains("ambiguous"));
}

TEST_CASE("io.containerd.image.name is matched too", "[layout]") {
    ScratchDir dir;
    FixtureImage a = small_image(dir, "a");
    write_layout(dir, "oci", {{"", a}});
    std::string index = dir.read("oci/index.json");
    auto j = nlohmann::json::parse(index);
    j["manifests"][0]["annotations"] = {{"io.containerd.image.name", "docker.io/library/app:3"}};
    dir.write("oci/index.json", j.dump());
    OciLayoutSource src(dir / "oci");
    CHECK(src.get_manifest(Reference::parse("app:3")).digest == a.digest);
}

TEST_CASE("missing or corrupt blobs are reported with their path", "[layout]") {
    ScratchDir dir;
    FixtureImage img = small_image(dir, "a");
    write_layout(dir, "oci", {{"1.0", img}});
    OciLayoutSource src(dir / "oci");
    auto m = airlock::parse_image_manifest(img.manifest, "test");

    std::filesystem::remove(dir / "oci/blobs/sha256" / m.layers[0].digest.hex());
    std::string msg;
    CHECK(error_code_of([&] { src.open_blob(Reference{}, m.layers[0]); }, &msg) ==
          ErrorCode::not_found);
    CHECK_THAT(msg, Catch::Contains("blobs/sha256/" + m.layers[0].digest.hex()));

    dir.write("oci/blobs/sha256/" + img.digest.hex(), img.manifest + " ");
    CHECK(error_code_of([&] { src.get_manifest(local_name("1.0")); }, &msg) ==
          ErrorCode::integrity);
    CHECK_THAT(msg, Catch::Contains(img.digest.hex()));

    dir.write("oci/blobs/sha256/" + img.digest.hex(),
              std::string(airlock::max_manifest_bytes + 1, ' '));
    CHECK(error_code_of([&] { src.get_manifest(local_name("1.0")); }, &msg) ==
          ErrorCode::integrity);
    CHECK_THAT(msg, Catch::Contains("limit"));

    Descriptor empty;
    CHECK(error_code_of([&] { src.open_blob(Reference{}, empty); }) == ErrorCode::internal);
}

TEST_CASE("symbolic links never lead outside the layout", "[layout]") {
    ScratchDir dir;
    FixtureImage img = small_image(dir, "a");
    write_layout(dir, "oci", {{"1.0", img}});
    auto m = airlock::parse_image_manifest(img.manifest, "test");
    std::string hex = m.config.digest.hex();

    // A blob replaced by a link to a file elsewhere.
    dir.write("outside/secret", img.config);
    std::filesystem::remove(dir / "oci/blobs/sha256" / hex);
    std::filesystem::create_symlink(dir / "outside/secret", dir / "oci/blobs/sha256" / hex);
    OciLayoutSource src(dir / "oci");
    std::string msg;
    CHECK(error_code_of([&] { src.open_blob(Reference{}, m.config); }, &msg) == ErrorCode::io);
    CHECK_THAT(msg, Catch::Contains("symbolic link"));

    // The whole blobs directory replaced by a link.
    std::filesystem::rename(dir / "oci/blobs", dir / "outside/blobs");
    std::filesystem::create_symlink(dir / "outside/blobs", dir / "oci/blobs");
    CHECK(error_code_of([&] { src.get_manifest(local_name("1.0")); }) == ErrorCode::io);

    // A FIFO or directory in place of a blob is not a regular file.
    std::filesystem::remove(dir / "oci/blobs");
    std::filesystem::create_directories(dir / "oci/blobs/sha256" / img.digest.hex());
    CHECK(error_code_of([&] { src.get_manifest(local_name("1.0")); }, &msg) == ErrorCode::io);
}

TEST_CASE("open_read_beneath refuses traversal", "[layout]") {
    ScratchDir dir;
    dir.write("root/a/b", "x");
    dir.write("secret", "s");
    airlock::File root = airlock::File::open_directory(dir / "root");
    CHECK(airlock::File::open_read_beneath(root, "a/b").size() == 1);
    for (const char* bad : {"../secret", "a/../../secret", "/etc/passwd", "", "a//b", "./a/b"}) {
        INFO(bad);
        CHECK(error_code_of([&] { airlock::File::open_read_beneath(root, bad); }) == ErrorCode::io);
    }
}

TEST_CASE("index.json with an unsafe digest is refused", "[layout]") {
    ScratchDir dir;
    write_layout(dir, "oci", {{"1.0", small_image(dir, "a")}});
    dir.write(
        "oci/index.json",
        R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
        R"("digest":"sha256:../../../../etc/passwd","size":10,)"
        R"("annotations":{"org.opencontainers.image.ref.name":"1.0"}}]})");
    OciLayoutSource src(dir / "oci");
    CHECK(error_code_of([&] { src.get_manifest(local_name("1.0")); }) == ErrorCode::integrity);
}

TEST_CASE("a directory that is not an OCI layout is refused", "[layout]") {
    ScratchDir dir;
    CHECK(error_code_of([&] { OciLayoutSource s(dir / "missing"); }) == ErrorCode::not_found);
    dir.write("empty/.keep", "");
    std::string msg;
    CHECK(error_code_of([&] { OciLayoutSource s(dir / "empty"); }, &msg) == ErrorCode::spec);
    CHECK_THAT(msg, Catch::Contains("oci-layout"));
    dir.write("v2/oci-layout", R"({"imageLayoutVersion":"2.0.0"})");
    CHECK(error_code_of([&] { OciLayoutSource s(dir / "v2"); }) == ErrorCode::spec);
    dir.write("noindex/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
    OciLayoutSource noindex(dir / "noindex");
    CHECK(error_code_of([&] { noindex.get_manifest(Reference{}); }) == ErrorCode::spec);
}

TEST_CASE("blobs can be read from several threads at once", "[layout]") {
    ScratchDir dir;
    FixtureImage img = small_image(dir, "a");
    write_layout(dir, "oci", {{"1.0", img}});
    OciLayoutSource src(dir / "oci");
    auto m = airlock::parse_image_manifest(img.manifest, "test");
    std::vector<Digest> got(8);
    std::vector<std::thread> threads;
    for (size_t i = 0; i < got.size(); ++i) {
        threads.emplace_back([&, i] {
            auto r = src.open_blob(Reference{}, m.layers[i % m.layers.size()]);
            got[i] = digest_of_stream(*r);
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    for (size_t i = 0; i < got.size(); ++i) {
        CHECK(got[i] == m.layers[i % m.layers.size()].digest);
    }
}
