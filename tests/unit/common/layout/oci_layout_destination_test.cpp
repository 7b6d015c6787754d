#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/layout/oci_layout_destination.hpp"
#include "common/layout/oci_layout_source.hpp"
#include "common/oci/media_types.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

using airlock::Descriptor;
using airlock::Digest;
using airlock::ErrorCode;
using airlock::MemoryReader;
using airlock::OciLayoutDestination;
using airlock::RawManifest;
using airlock::test::ScratchDir;

namespace {

Descriptor blob_of(const std::string& bytes) {
    return Descriptor{std::string(airlock::media::oci_layer),
                      Digest::of(bytes),
                      static_cast<std::int64_t>(bytes.size()),
                      {},
                      {},
                      {}};
}

RawManifest manifest_of(const std::string& bytes) {
    return RawManifest{bytes, std::string(airlock::media::oci_manifest), Digest::of(bytes)};
}

size_t files_in(const std::filesystem::path& dir) {
    size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) {
        ++n;
    }
    return n;
}

nlohmann::json index_of(const ScratchDir& dir) {
    return nlohmann::json::parse(dir.read("out/index.json"));
}

std::string ref_name(const nlohmann::json& entry) {
    return entry["annotations"]["org.opencontainers.image.ref.name"].get<std::string>();
}

} // namespace

TEST_CASE("oci destination writes nothing until the first put") {
    ScratchDir dir;
    OciLayoutDestination dest(dir / "out");
    CHECK_FALSE(dest.has_blob("", blob_of("x")));
    CHECK_FALSE(std::filesystem::exists(dir / "out"));
    CHECK(dest.describe() == "oci:" + (dir / "out").string());
    CHECK(dest.place("example.com/app:1.0").name == "example.com/app:1.0");
}

TEST_CASE("oci destination: a blob is visible only after its sink commits") {
    ScratchDir dir;
    OciLayoutDestination dest(dir / "out");
    std::string bytes = "layer bytes";
    Descriptor d = blob_of(bytes);
    std::filesystem::path final_path = dir / ("out/blobs/sha256/" + d.digest.hex());
    {
        auto sink = dest.blob_sink("", d);
        sink->write(std::as_bytes(std::span(bytes.data(), bytes.size())));
        CHECK_FALSE(std::filesystem::exists(final_path));
        // Destroyed without commit: no blob and no temporary file remain.
    }
    CHECK_FALSE(std::filesystem::exists(final_path));
    CHECK(files_in(dir / "out/blobs/sha256") == 0);

    SECTION("bytes that do not verify are never committed") {
        auto sink = dest.blob_sink("", d);
        airlock::BlobSink* sinks[] = {sink.get()};
        MemoryReader wrong("layer bytez");
        CHECK_THROWS_MATCHES(airlock::copy_blob(wrong, d, sinks, "blob"), airlock::Error,
                             Catch::Predicate<airlock::Error>([](const airlock::Error& e) {
                                 return e.code() == ErrorCode::integrity;
                             }));
        sink.reset();
        CHECK(files_in(dir / "out/blobs/sha256") == 0);
    }
    SECTION("verified bytes are committed under their digest") {
        auto sink = dest.blob_sink("", d);
        airlock::BlobSink* sinks[] = {sink.get()};
        MemoryReader right(bytes);
        airlock::copy_blob(right, d, sinks, "blob");
        CHECK(dir.read("out/blobs/sha256/" + d.digest.hex()) == bytes);
        CHECK(dest.has_blob("", d));
        Descriptor other_size = d;
        other_size.size += 1;
        CHECK_FALSE(dest.has_blob("", other_size));
        // No name yet: index.json appears only at commit.
        CHECK_FALSE(std::filesystem::exists(dir / "out/index.json"));
    }
}

TEST_CASE("oci destination publishes names only at commit, readable by the layout source") {
    ScratchDir dir;
    RawManifest m = manifest_of(
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"})");
    {
        OciLayoutDestination dest(dir / "out");
        dest.put_manifest("", m);
        dest.tag("", "example.com/app:1.0", m);
        CHECK_FALSE(std::filesystem::exists(dir / "out/index.json"));
        // Destroyed without commit.
    }
    CHECK_FALSE(std::filesystem::exists(dir / "out/index.json"));
    OciLayoutDestination dest(dir / "out");
    dest.put_manifest("", m);
    dest.tag("", "example.com/app:1.0", m);
    dest.commit();
    auto index = index_of(dir);
    REQUIRE(index["manifests"].size() == 1);
    CHECK(ref_name(index["manifests"][0]) == "example.com/app:1.0");
    CHECK(index["manifests"][0]["digest"] == m.digest.str());

    airlock::OciLayoutSource src(dir / "out");
    airlock::Reference local;
    local.tag = "example.com/app:1.0";
    CHECK(src.get_manifest(local).digest == m.digest);
}

TEST_CASE("oci destination merges index.json: other names kept, the same name replaced") {
    ScratchDir dir;
    nlohmann::json foreign = {{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                              {"digest", Digest::of("other").str()},
                              {"size", 5},
                              {"annotations", {{"org.opencontainers.image.ref.name", "other:1"}}},
                              {"x-kept", true}};
    nlohmann::json unnamed = {{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                              {"digest", Digest::of("unnamed").str()},
                              {"size", 7}};
    nlohmann::json old_app = foreign;
    old_app["digest"] = Digest::of("old").str();
    old_app["annotations"]["org.opencontainers.image.ref.name"] = "app:1";
    dir.write("out/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
    dir.write(
        "out/index.json",
        nlohmann::json({{"schemaVersion", 2}, {"manifests", {foreign, old_app, unnamed}}}).dump());

    RawManifest m = manifest_of(R"({"schemaVersion":2})");
    OciLayoutDestination dest(dir / "out");
    dest.put_manifest("", m);
    dest.tag("", "app:1", m);
    dest.commit();

    auto entries = index_of(dir)["manifests"];
    REQUIRE(entries.size() == 3);
    CHECK(entries[0] == foreign);
    CHECK(entries[1] == unnamed);
    CHECK(ref_name(entries[2]) == "app:1");
    CHECK(entries[2]["digest"] == m.digest.str());
    CHECK(index_of(dir)["schemaVersion"] == 2);
}

TEST_CASE("oci destination does not rewrite a blob already present") {
    ScratchDir dir;
    RawManifest m = manifest_of(R"({"schemaVersion":2})");
    OciLayoutDestination dest(dir / "out");
    dest.put_manifest("", m);
    auto path = dir / ("out/blobs/sha256/" + m.digest.hex());
    auto before = std::filesystem::last_write_time(path);
    std::filesystem::last_write_time(path, before - std::chrono::hours(1));
    dest.put_manifest("", m);
    CHECK(std::filesystem::last_write_time(path) == before - std::chrono::hours(1));
}

TEST_CASE("oci destination refuses a non-empty folder that is not a layout") {
    ScratchDir dir;
    dir.write("home/notes.txt", "precious");
    CHECK_THROWS_MATCHES(OciLayoutDestination(dir / "home"), airlock::Error,
                         Catch::Predicate<airlock::Error>(
                             [](const airlock::Error& e) { return e.code() == ErrorCode::usage; }));
    dir.write("odd/oci-layout", R"({"imageLayoutVersion":"9"})");
    CHECK_THROWS_MATCHES(OciLayoutDestination(dir / "odd"), airlock::Error,
                         Catch::Predicate<airlock::Error>(
                             [](const airlock::Error& e) { return e.code() == ErrorCode::spec; }));
}

TEST_CASE("oci destination has no upload sessions to cancel: the default capability") {
    ScratchDir dir;
    OciLayoutDestination layout(dir / "out");
    airlock::Destination& dest = layout;
    // A resume journal's session id means nothing to a layout: nothing is
    // done, nothing is created, and the caller learns so.
    CHECK_FALSE(dest.cancel_interrupted_upload("library/app", "http://site/v2/uploads/1"));
    CHECK_FALSE(std::filesystem::exists(dir / "out"));
}
