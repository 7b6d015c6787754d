#include "builder/create/bundle_plan.hpp"

#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using airlock::Digest;
using airlock::builder::BundlePlan;
using airlock::builder::FileItem;
using airlock::builder::make_plan;
using airlock::builder::PlanInput;
using airlock::builder::PlannedBlob;
using airlock::builder::ResolvedChart;
using airlock::builder::ResolvedImage;
using airlock::test::ScratchDir;
namespace media = airlock::media;

namespace {

PlannedBlob in_memory(const std::string& bytes, std::string_view media_type) {
    PlannedBlob b;
    b.descriptor.media_type = std::string(media_type);
    b.descriptor.digest = Digest::of(bytes);
    b.descriptor.size = static_cast<std::int64_t>(bytes.size());
    b.origin.bytes = bytes;
    b.what = "test blob " + bytes;
    return b;
}

// An image whose manifest is `top` and whose other blobs hold `parts`, in
// that order, as the resolver hands them over (manifest first).
ResolvedImage image(const std::string& ref, const std::string& top,
                    const std::vector<std::string>& parts) {
    ResolvedImage img;
    img.bom.ref = ref;
    img.bom.digest = Digest::of(top);
    img.bom.media_type = std::string(media::oci_manifest);
    img.top_bytes = top;
    img.blobs.push_back(in_memory(top, media::oci_manifest));
    for (const std::string& p : parts) {
        img.blobs.push_back(in_memory(p, media::oci_layer));
    }
    return img;
}

ResolvedChart chart(const std::string& name, const std::string& manifest,
                    const std::vector<std::string>& parts) {
    ResolvedChart c;
    c.bom.name = name;
    c.bom.version = "1.0.0";
    c.bom.repository = "charts/" + name;
    c.bom.tag = "1.0.0";
    c.bom.digest = Digest::of(manifest);
    c.bom.media_type = std::string(media::oci_manifest);
    c.manifest = manifest;
    for (const std::string& p : parts) {
        c.blobs.push_back(in_memory(p, media::octet_stream));
    }
    return c;
}

PlanInput identity() {
    PlanInput in;
    in.id = {"shop", "2.1.0", "2026-11-23T10:00:00Z", {"linux/amd64", "linux/arm64"}};
    return in;
}

std::vector<Digest> digests_of(const std::vector<std::string>& bytes) {
    std::vector<Digest> out;
    for (const std::string& b : bytes) {
        out.push_back(Digest::of(b));
    }
    return out;
}

std::vector<Digest> bom_blob_digests(const BundlePlan& plan) {
    std::vector<Digest> out;
    for (const auto& b : plan.bom.blobs) {
        out.push_back(b.digest);
    }
    return out;
}

// The plan's blob list must stay parallel to the BOM's: the writer copies
// plan.blobs[i] into the slot of bom.blobs[i].
void check_parallel(const BundlePlan& plan) {
    REQUIRE(plan.blobs.size() == plan.bom.blobs.size());
    for (std::size_t i = 0; i < plan.blobs.size(); ++i) {
        CHECK(plan.blobs[i].descriptor.digest == plan.bom.blobs[i].digest);
        CHECK(plan.blobs[i].descriptor.size == plan.bom.blobs[i].size);
        CHECK(plan.blobs[i].descriptor.media_type == plan.bom.blobs[i].media_type);
    }
}

} // namespace

TEST_CASE("bundle plan: a blob two images share is carried once, where it is first used",
          "[bundle_plan]") {
    PlanInput in = identity();
    in.images.push_back(image("docker.io/library/a:1", "manifest a", {"config a", "base layer"}));
    in.images.push_back(image("docker.io/library/b:1", "manifest b", {"base layer", "layer b"}));
    BundlePlan plan = make_plan(std::move(in));
    CHECK(bom_blob_digests(plan) ==
          digests_of({"manifest a", "config a", "base layer", "manifest b", "layer b"}));
    check_parallel(plan);
    CHECK(plan.bom.images.size() == 2);
}

TEST_CASE("bundle plan: two descriptors of one digest with different sizes are refused",
          "[bundle_plan]") {
    PlanInput in = identity();
    in.images.push_back(image("docker.io/library/a:1", "manifest a", {"base layer"}));
    ResolvedImage b = image("docker.io/library/b:1", "manifest b", {"base layer"});
    b.blobs.back().descriptor.size += 1; // a manifest that lies about the layer's size
    in.images.push_back(std::move(b));
    std::string message;
    CHECK(airlock::test::error_code_of([&] { make_plan(std::move(in)); }, &message) ==
          airlock::ErrorCode::integrity);
    CHECK(message.find(Digest::of("base layer").str()) != std::string::npos);
    CHECK(message.find("size 11 and 10") != std::string::npos);
}

TEST_CASE("bundle plan: the same image listed twice is one set of blobs but two BOM images",
          "[bundle_plan]") {
    PlanInput in = identity();
    in.images.push_back(image("docker.io/library/a:1", "manifest a", {"layer"}));
    in.images.push_back(image("docker.io/library/a:latest", "manifest a", {"layer"}));
    BundlePlan plan = make_plan(std::move(in));
    CHECK(bom_blob_digests(plan) == digests_of({"manifest a", "layer"}));
    REQUIRE(plan.bom.images.size() == 2);
    CHECK(plan.bom.images[1].ref == "docker.io/library/a:latest");
}

TEST_CASE("bundle plan: images, then charts, then manifests, then files, each in input order",
          "[bundle_plan]") {
    ScratchDir dir;
    PlanInput in = identity();
    in.files.push_back(FileItem{dir.write("f1", "file one"), "files/one", std::nullopt});
    in.manifests.push_back(FileItem{dir.write("m1", "kind: ConfigMap"), "manifests/cm.yaml", {}});
    in.charts.push_back(chart("web", "chart manifest", {"chart config", "chart archive"}));
    in.images.push_back(image("quay.io/x/app:2", "app manifest", {"app layer"}));
    BundlePlan plan = make_plan(std::move(in));
    CHECK(bom_blob_digests(plan) ==
          digests_of({"app manifest", "app layer", "chart manifest", "chart config",
                      "chart archive", "kind: ConfigMap", "file one"}));
    check_parallel(plan);
}

TEST_CASE("bundle plan: files are hashed from disk and recorded by name, digest and size",
          "[bundle_plan]") {
    ScratchDir dir;
    const std::string big(3 * 1024 * 1024 + 17, 'z'); // more than one read buffer
    PlanInput in = identity();
    in.files.push_back(FileItem{dir.write("big.bin", big), "files/big.bin", std::nullopt});
    BundlePlan plan = make_plan(std::move(in));
    REQUIRE(plan.bom.files.size() == 1);
    CHECK(plan.bom.files[0].name == "files/big.bin");
    CHECK(plan.bom.files[0].digest == Digest::of(big));
    CHECK(plan.bom.files[0].size == static_cast<std::int64_t>(big.size()));
    CHECK(plan.bom.files[0].media_type == media::airlock_file);
    REQUIRE(plan.blobs.size() == 1);
    CHECK(plan.blobs[0].origin.file == dir / "big.bin");
    CHECK_FALSE(plan.blobs[0].origin.bytes.has_value());
}

TEST_CASE("bundle plan: two files with the same bytes are one blob and two BOM entries",
          "[bundle_plan]") {
    ScratchDir dir;
    PlanInput in = identity();
    in.files.push_back(FileItem{dir.write("a/LICENSE", "same text"), "files/a/LICENSE", {}});
    in.files.push_back(FileItem{dir.write("b/LICENSE", "same text"), "files/b/LICENSE", {}});
    BundlePlan plan = make_plan(std::move(in));
    CHECK(plan.bom.blobs.size() == 1);
    REQUIRE(plan.bom.files.size() == 2);
    CHECK(plan.bom.files[0].digest == plan.bom.files[1].digest);
    CHECK(plan.bom.files[1].name == "files/b/LICENSE");
}

TEST_CASE("bundle plan: content made during the build is used instead of the path",
          "[bundle_plan]") {
    ScratchDir dir;
    PlanInput in = identity();
    // The path holds other bytes: the plan must not read it.
    in.manifests.push_back(
        FileItem{dir.write("rendered.yaml", "stale"), "manifests/rendered.yaml", "kind: Service"});
    BundlePlan plan = make_plan(std::move(in));
    REQUIRE(plan.bom.manifests.size() == 1);
    CHECK(plan.bom.manifests[0].digest == Digest::of(std::string("kind: Service")));
    REQUIRE(plan.blobs.size() == 1);
    CHECK(plan.blobs[0].origin.bytes == std::optional<std::string>("kind: Service"));
    CHECK(plan.blobs[0].origin.file.empty());
}

TEST_CASE("bundle plan: a file that cannot be read fails the plan", "[bundle_plan]") {
    ScratchDir dir;
    PlanInput in = identity();
    in.files.push_back(FileItem{dir / "missing", "files/missing", std::nullopt});
    CHECK_THROWS_AS(make_plan(std::move(in)), airlock::Error);
}

TEST_CASE("bundle plan: a chart's manifest is a blob and its values files are recorded on it",
          "[bundle_plan]") {
    ScratchDir dir;
    PlanInput in = identity();
    ResolvedChart web = chart("web", "chart manifest", {"chart config", "chart archive"});
    web.values.push_back(FileItem{dir.write("values-prod.yaml", "replicas: 3"),
                                  "charts/web/values-prod.yaml", std::nullopt});
    in.charts.push_back(std::move(web));
    BundlePlan plan = make_plan(std::move(in));
    REQUIRE(plan.bom.charts.size() == 1);
    const auto& values = plan.bom.charts[0].values;
    REQUIRE(values.size() == 1);
    CHECK(values[0].name == "charts/web/values-prod.yaml");
    CHECK(values[0].digest == Digest::of(std::string("replicas: 3")));
    REQUIRE(plan.blobs.size() == 4);
    CHECK(plan.blobs[0].descriptor.digest == Digest::of(std::string("chart manifest")));
    CHECK(plan.blobs[0].origin.bytes == std::optional<std::string>("chart manifest"));
    CHECK(plan.blobs[0].descriptor.media_type == media::oci_manifest);
}

TEST_CASE("bundle plan: index.json names each image by reference and each chart by repository "
          "and tag",
          "[bundle_plan]") {
    PlanInput in = identity();
    in.images.push_back(image("quay.io/x/app:2", "app manifest", {"app layer"}));
    in.charts.push_back(chart("web", "chart manifest!", {"chart archive"}));
    BundlePlan plan = make_plan(std::move(in));
    nlohmann::json index = nlohmann::json::parse(plan.index_json);
    CHECK(index.at("mediaType") == media::oci_index);
    const auto& entries = index.at("manifests");
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].at("digest") == Digest::of(std::string("app manifest")).str());
    CHECK(entries[0].at("size") == std::string("app manifest").size());
    CHECK(entries[0].at("annotations").at(std::string(media::ref_name_annotation)) ==
          "quay.io/x/app:2");
    CHECK(entries[1].at("digest") == Digest::of(std::string("chart manifest!")).str());
    CHECK(entries[1].at("size") == std::string("chart manifest!").size());
    CHECK(entries[1].at("annotations").at(std::string(media::ref_name_annotation)) ==
          "charts/web:1.0.0");
    // The BOM binds index.json by digest and size.
    CHECK(plan.bom.layout.digest == Digest::of(plan.index_json));
    CHECK(plan.bom.layout.size == static_cast<std::int64_t>(plan.index_json.size()));
}

TEST_CASE("bundle plan: the BOM carries the bundle's identity and the builder's version",
          "[bundle_plan]") {
    PlanInput in = identity();
    in.allowed.push_back({"docker.io/library/busybox:1", {"manifests/job.yaml"}});
    BundlePlan plan = make_plan(std::move(in));
    CHECK(plan.bom.name == "shop");
    CHECK(plan.bom.version == "2.1.0");
    CHECK(plan.bom.created == "2026-11-23T10:00:00Z");
    CHECK(plan.bom.platforms == std::vector<std::string>{"linux/amd64", "linux/arm64"});
    CHECK(plan.bom.builder.rfind("airlock-build ", 0) == 0);
    REQUIRE(plan.bom.allowed.size() == 1);
    CHECK(plan.bom.allowed[0].ref == "docker.io/library/busybox:1");
    CHECK(plan.bom.blobs.empty());
    // An empty bundle still has a well-formed index naming nothing.
    CHECK(nlohmann::json::parse(plan.index_json).at("manifests").empty());
}
