#include "loader/load/load_plan.hpp"

#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "loader/load/files_artifact.hpp"
#include "loader/load/target.hpp"
#include "tests/unit/support/oci_test_bundle.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/signed_test_bundle.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

using namespace airlock;
using namespace airlock::loader;

namespace {

using PlanBundle = test::OciTestBundle;

std::unique_ptr<Destination> registry_target(const std::string& text, bool keep_host = false) {
    DestinationOptions options;
    options.keep_host = keep_host;
    return make_destination(parse_target(text), options);
}

std::vector<Digest> planned_digests(const LoadPlan& plan) {
    std::vector<Digest> out;
    for (const PlannedManifest& m : plan.manifests) {
        out.push_back(m.manifest.digest);
    }
    return out;
}

ErrorCode plan_failure(const VerifiedBundle& bundle, Destination& to, std::string& message) {
    try {
        plan_load(bundle, to);
    } catch (const Error& e) {
        message = e.what();
        return e.code();
    }
    FAIL("plan_load accepted the bundle");
    return ErrorCode::internal;
}

} // namespace

TEST_CASE("load plan: an index's manifests come before the index, images tagged in BOM order",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor amd = b.simple_image("amd64");
    Descriptor arm = b.simple_image("arm64");
    Descriptor multi = b.index({amd, arm});
    Descriptor single = b.simple_image("tool");
    b.name_image("docker.io/library/app:1.0", multi);
    b.name_image("docker.io/library/tool:2", single);
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    LoadPlan plan = plan_load(verified, *registry_target("registry://site.local:5000"));

    CHECK(planned_digests(plan) ==
          std::vector<Digest>{amd.digest, arm.digest, multi.digest, single.digest});
    REQUIRE(plan.tags.size() == 2);
    CHECK(plan.tags[0].ref == "docker.io/library/app:1.0");
    CHECK(plan.tags[0].manifest.digest == multi.digest);
    CHECK(plan.tags[0].manifest.media_type == media::oci_index);
    CHECK(plan.tags[1].ref == "docker.io/library/tool:2");
    CHECK(plan.manifest_digests ==
          std::set<Digest>{amd.digest, arm.digest, multi.digest, single.digest});
    CHECK(plan.inline_blobs.empty()); // no files, no files artifact
}

TEST_CASE("load plan: each config and layer is needed in every repository that uses it",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor base = b.blob("shared base layer");
    Descriptor app = b.simple_image("app", {base});
    Descriptor tool = b.simple_image("tool", {base});
    b.name_image("docker.io/library/app:1", app);
    b.name_image("quay.io/team/tool:1", tool);
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    LoadPlan plan = plan_load(verified, *registry_target("registry://site.local/mirror"));

    CHECK(plan.blob_repos.at(base.digest) ==
          std::set<std::string>{"mirror/library/app", "mirror/team/tool"});
    CHECK(plan.blob_repos.at(Digest::of(std::string("layer app"))) ==
          std::set<std::string>{"mirror/library/app"});
    CHECK(plan.blob_repos.at(Digest::of(std::string("{\"config\":\"tool\"}"))) ==
          std::set<std::string>{"mirror/team/tool"});
    // Manifests go through put_manifest, never as blobs.
    CHECK(plan.blob_repos.count(app.digest) == 0);
    CHECK(plan.blob_repos.size() == 5);
}

TEST_CASE("load plan: repositories sit under the PREFIX, with the upstream host only under "
          "--keep-host",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    b.name_image("registry.local:5000/team/app:3.1", b.simple_image("app"));
    VerifiedBundle verified = b.bundle.write_and_verify(dir);

    Placement flat =
        plan_load(verified, *registry_target("registry://site:5000/pfx")).tags[0].placement;
    CHECK(flat.repo == "pfx/team/app");
    CHECK(flat.name == "3.1");
    Placement kept =
        plan_load(verified, *registry_target("registry://site:5000/pfx", true)).tags[0].placement;
    CHECK(kept.repo == "pfx/registry.local_5000/team/app");
    CHECK(kept.name == "3.1");
    Placement root =
        plan_load(verified, *registry_target("registry://site:5000")).tags[0].placement;
    CHECK(root.repo == "team/app");
    // An OCI layout has no repositories: the image is named by its reference.
    Placement layout =
        plan_load(verified, *make_destination(parse_target("oci:" + (dir / "out").string()),
                                              DestinationOptions{}))
            .tags[0]
            .placement;
    CHECK(layout.repo.empty());
    CHECK(layout.name == "registry.local:5000/team/app:3.1");
}

TEST_CASE("load plan: two images that would take one name are refused unless --keep-host "
          "keeps them apart",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    b.name_image("docker.io/x/app:1", b.simple_image("from docker"));
    b.name_image("quay.io/x/app:1", b.simple_image("from quay"));
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    std::string message;
    CHECK(plan_failure(verified, *registry_target("registry://site/p"), message) ==
          ErrorCode::usage);
    CHECK(message == "images docker.io/x/app:1 and quay.io/x/app:1 would both be published as "
                     "p/x/app:1; keep their hosts apart with --keep-host");
    LoadPlan plan = plan_load(verified, *registry_target("registry://site/p", true));
    CHECK(plan.tags[0].placement.repo != plan.tags[1].placement.repo);
}

TEST_CASE("load plan: one image under two references that map to one name is not a conflict",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor same = b.simple_image("same");
    b.name_image("docker.io/x/app:1", same);
    b.name_image("quay.io/x/app:1", same);
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    LoadPlan plan = plan_load(verified, *registry_target("registry://site/p"));
    CHECK(plan.tags.size() == 2);
    // Put once per repository, however many references lead to it.
    CHECK(planned_digests(plan) == std::vector<Digest>{same.digest});
}

TEST_CASE("load plan: a manifest naming a blob the bundle does not carry is malformed",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    const std::string missing = "a layer left out of the bundle";
    Descriptor absent{std::string(media::oci_layer),
                      Digest::of(missing),
                      static_cast<std::int64_t>(missing.size()),
                      {},
                      {},
                      {}};
    b.name_image("docker.io/x/app:1",
                 b.manifest(b.blob("{}", media::oci_config), {b.blob("present"), absent}));
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    std::string message;
    CHECK(plan_failure(verified, *registry_target("registry://site"), message) ==
          ErrorCode::malformed);
    CHECK(message.find("names " + absent.digest.str() +
                       ", which the bundle neither carries nor leaves to a base") !=
          std::string::npos);
}

TEST_CASE("load plan: a manifest giving a blob another size than the BOM is malformed",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor layer = b.blob("twelve bytes");
    Descriptor lying = layer;
    lying.size = 13;
    b.name_image("docker.io/x/app:1", b.manifest(b.blob("{}", media::oci_config), {lying}));
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    std::string message;
    CHECK(plan_failure(verified, *registry_target("registry://site"), message) ==
          ErrorCode::malformed);
    CHECK(message.find("size 13, the BOM 12") != std::string::npos);
}

TEST_CASE("load plan: an index giving a child manifest the wrong size is malformed",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor child = b.simple_image("child");
    Descriptor lying = child;
    lying.size += 1;
    b.name_image("docker.io/x/app:1", b.index({lying}));
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    std::string message;
    CHECK(plan_failure(verified, *registry_target("registry://site"), message) ==
          ErrorCode::malformed);
    CHECK(message.find("gives child " + child.digest.str() + " the wrong size") !=
          std::string::npos);
}

TEST_CASE("load plan: indexes nested deeper than four levels are refused, four are followed",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor top = b.simple_image("leaf");
    for (int level = 0; level < 4; ++level) {
        top = b.index({top});
    }
    b.name_image("docker.io/x/deep:4", top);
    b.name_image("docker.io/x/deeper:5", b.index({top}));
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    std::string message;
    CHECK(plan_failure(verified, *registry_target("registry://site"), message) ==
          ErrorCode::malformed);
    CHECK(message == "image docker.io/x/deeper:5: indexes nested too deeply");
}

TEST_CASE("load plan: manifest bytes altered in the bundle after signing fail integrity",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor m = b.simple_image("tampered");
    b.name_image("docker.io/x/app:1", m);
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    // Verification reads only the head; the payload is checked as it is read.
    const std::filesystem::path file = dir / "shop.airlock";
    std::string bytes = dir.read(file.filename());
    // The manifest is the only document that ends so (keys are sorted).
    const std::size_t at = bytes.rfind("\"schemaVersion\":2}");
    REQUIRE(at != std::string::npos);
    bytes[at + 16] = '3';
    dir.write(file.filename(), bytes);
    std::string message;
    CHECK(plan_failure(verified, *registry_target("registry://site"), message) ==
          ErrorCode::integrity);
}

TEST_CASE("load plan: a chart is published as an artifact under the PREFIX at its version",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor chart_manifest = b.manifest(b.blob("{\"name\":\"web\"}", media::oci_config),
                                           {b.blob("chart archive bytes")});
    BomChart chart;
    chart.name = "web";
    chart.version = "1.2.0+up";
    chart.repository = "charts/web";
    chart.tag = "1.2.0_up";
    chart.digest = chart_manifest.digest;
    chart.media_type = chart_manifest.media_type;
    b.bundle.bom().charts.push_back(chart);
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    LoadPlan plan = plan_load(verified, *registry_target("registry://site/pfx", true));
    REQUIRE(plan.tags.size() == 1);
    CHECK(plan.tags[0].ref == "chart web 1.2.0+up");
    CHECK(plan.tags[0].placement.repo == "pfx/charts/web"); // no upstream host, even so
    CHECK(plan.tags[0].placement.name == "1.2.0_up");
    CHECK(plan.blob_repos.at(Digest::of(std::string("chart archive bytes"))) ==
          std::set<std::string>{"pfx/charts/web"});
}

TEST_CASE("load plan: the bundle's files become one artifact, planned after every image",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor image = b.simple_image("app");
    b.name_image("docker.io/x/app:1", image);
    Descriptor runbook = b.blob("# runbook", media::airlock_file);
    b.bundle.bom().files.push_back(
        BomFile{"runbook.md", runbook.digest, runbook.size, std::string(media::airlock_file)});
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    LoadPlan plan = plan_load(verified, *registry_target("registry://site/pfx"));

    const std::string repo = "pfx/" + files_artifact_path(verified.bom());
    REQUIRE(plan.tags.size() == 2);
    CHECK(plan.tags.back().ref == "files of shop");
    CHECK(plan.tags.back().placement.repo == repo);
    CHECK(plan.tags.back().placement.name == "1.0.0");
    CHECK(plan.tags.back().manifest.digest == files_artifact_manifest(verified.bom()).digest);
    CHECK(plan.manifests.back().repo == repo);
    CHECK(plan.blob_repos.at(runbook.digest) == std::set<std::string>{repo});
    REQUIRE(plan.inline_blobs.size() == 1);
    CHECK(plan.inline_blobs[0].first == repo);
    CHECK(plan.inline_blobs[0].second.descriptor.digest == empty_config().descriptor.digest);
}

namespace {

// An artifact manifest attached to `subject` (an OCI 1.1 referrer when
// with_subject, else a cosign tag-scheme artifact).
Descriptor attachment(PlanBundle& b, const Descriptor& subject, const std::string& text,
                      bool with_subject) {
    nlohmann::json m = {{"schemaVersion", 2},
                        {"mediaType", media::oci_manifest},
                        {"artifactType", "application/example"},
                        {"config", b.blob("{}", "application/vnd.oci.empty.v1+json").to_json()},
                        {"layers", {b.blob(text).to_json()}},
                        {"annotations", {{"org.example.note", text}}}};
    if (with_subject) {
        m["subject"] = subject.to_json();
    }
    return b.blob(m.dump(), media::oci_manifest);
}

BomAttachment bom_attachment(const std::string& kind, const Descriptor& subject,
                             const Descriptor& a, const std::string& tag) {
    return {kind,   subject.digest, a.digest,
            a.size, a.media_type,   kind == "referrer" ? "application/example" : "",
            tag};
}

} // namespace

TEST_CASE("load plan: attachments go to their image's repository, named by the cosign tag or "
          "listed in the referrers index",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor img = b.simple_image("app");
    Descriptor sig = attachment(b, img, "signature", false);
    Descriptor ref1 = attachment(b, img, "sbom", true);
    Descriptor ref2 = attachment(b, img, "bundle", true);
    b.name_image("docker.io/library/app:1.0", img);
    std::string sig_tag = "sha256-" + img.digest.hex() + ".sig";
    b.bundle.bom().images.back().attachments = {bom_attachment("signature", img, sig, sig_tag),
                                                bom_attachment("referrer", img, ref1, ""),
                                                bom_attachment("referrer", img, ref2, "")};
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    LoadPlan plan = plan_load(verified, *registry_target("registry://site.local:5000/site"));

    // The image's manifest first, then its attachments'.
    CHECK(planned_digests(plan) ==
          std::vector<Digest>{img.digest, sig.digest, ref1.digest, ref2.digest});
    REQUIRE(plan.attachment_tags.size() == 1);
    CHECK(plan.attachment_tags[0].placement.repo == "site/library/app");
    CHECK(plan.attachment_tags[0].placement.name == sig_tag);
    CHECK(plan.attachment_tags[0].manifest.digest == sig.digest);
    REQUIRE(plan.referrers.size() == 1);
    const PlannedReferrers& r = plan.referrers[0];
    CHECK(r.where.repo == "site/library/app");
    CHECK(r.where.name == "sha256-" + img.digest.hex());
    CHECK(r.subject == img.digest);
    REQUIRE(r.referrers.size() == 2);
    CHECK(r.referrers[0].digest == ref1.digest);
    CHECK(r.referrers[0].artifact_type == "application/example");
    CHECK(r.referrers[0].annotations.at("org.example.note") == "sbom");
    REQUIRE(plan.tags.size() == 1); // the image's own tag stays apart, written last
}

TEST_CASE("load plan: a referrer whose manifest names another subject is malformed",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    Descriptor img = b.simple_image("app");
    Descriptor other = b.simple_image("other");
    Descriptor ref = attachment(b, other, "about another image", true);
    b.name_image("docker.io/library/app:1.0", img);
    b.bundle.bom().images.back().attachments = {bom_attachment("referrer", img, ref, "")};
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    std::string message;
    CHECK(plan_failure(verified, *registry_target("registry://site.local:5000"), message) ==
          ErrorCode::malformed);
    CHECK(message.find("subject") != std::string::npos);
}

namespace {

// Writes `bytes` into an OCI layout's blob store, as an earlier load would have.
void put_in_layout(const std::filesystem::path& layout, const std::string& bytes) {
    std::filesystem::create_directories(layout / "blobs" / "sha256");
    std::ofstream(layout / "oci-layout") << R"({"imageLayoutVersion":"1.0.0"})";
    std::ofstream(layout / "blobs" / "sha256" / Digest::of(bytes).hex(), std::ios::binary) << bytes;
}

} // namespace

TEST_CASE("load plan: a delta's manifests and blobs are found where its base left them, and "
          "what is missing is listed once",
          "[load_plan]") {
    test::ScratchDir dir;
    PlanBundle b;
    // The image the base brought: its layer, config and manifest are left to it.
    const std::string layer = "base layer", config = R"({"config":"base"})";
    Descriptor layer_d{std::string(media::oci_layer),
                       Digest::of(layer),
                       static_cast<std::int64_t>(layer.size()),
                       {},
                       {},
                       {}};
    Descriptor config_d{std::string(media::oci_config),
                        Digest::of(config),
                        static_cast<std::int64_t>(config.size()),
                        {},
                        {},
                        {}};
    nlohmann::json m = {{"schemaVersion", 2},
                        {"mediaType", media::oci_manifest},
                        {"config", config_d.to_json()},
                        {"layers", nlohmann::json::array({layer_d.to_json()})}};
    const std::string manifest = m.dump();
    BomBase base;
    base.bundles.push_back({"shop", "0.9.0", Digest::of("v0.9 bom")});
    for (const auto& [bytes, type] :
         {std::pair{layer, media::oci_layer}, std::pair{config, media::oci_config},
          std::pair{manifest, media::oci_manifest}}) {
        base.blobs.push_back(
            {Digest::of(bytes), static_cast<std::int64_t>(bytes.size()), std::string(type)});
    }
    b.bundle.bom().base = base;
    // Two names for the base's image, and one new image the delta carries.
    Descriptor old_top{std::string(media::oci_manifest),
                       Digest::of(manifest),
                       static_cast<std::int64_t>(manifest.size()),
                       {},
                       {},
                       {}};
    b.name_image("docker.io/library/app:1.0", old_top);
    b.name_image("docker.io/library/app:stable", old_top);
    Descriptor fresh = b.simple_image("new");
    b.name_image("docker.io/library/new:1", fresh);
    VerifiedBundle verified = b.bundle.write_and_verify(dir);

    const std::filesystem::path layout = dir / "site";
    auto to_layout = [&] {
        return make_destination(parse_target("oci:" + layout.string()), DestinationOptions{});
    };
    // An empty target: the base's manifest is missing, once for its two names.
    LoadPlan empty = plan_load(verified, *to_layout());
    REQUIRE(empty.missing_base.size() == 1);
    CHECK(empty.missing_base[0].digest == old_top.digest);

    // The manifest there but not its layer: the layer is named.
    put_in_layout(layout, manifest);
    put_in_layout(layout, config);
    LoadPlan partial = plan_load(verified, *to_layout());
    REQUIRE(partial.missing_base.size() == 1);
    CHECK(partial.missing_base[0].digest == layer_d.digest);

    // All of it there: nothing missing, each base blob has a holder, and the
    // manifest read back from the target is planned and tagged like any other.
    put_in_layout(layout, layer);
    LoadPlan whole = plan_load(verified, *to_layout());
    CHECK(whole.missing_base.empty());
    CHECK(whole.base_holders.count(layer_d.digest) == 1);
    CHECK(whole.base_holders.count(config_d.digest) == 1);
    REQUIRE(whole.tags.size() == 3);
    CHECK(whole.tags[0].manifest.digest == old_top.digest);
    CHECK(whole.tags[0].manifest.bytes == manifest);
    CHECK(whole.manifest_digests.count(old_top.digest) == 0); // not read from the bundle
}
