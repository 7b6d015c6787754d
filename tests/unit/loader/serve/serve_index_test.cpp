#include "loader/serve/serve_index.hpp"

#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "loader/load/files_artifact.hpp"
#include "loader/load/load_plan.hpp"
#include "loader/load/target.hpp"
#include "loader/serve/distribution_names.hpp"
#include "tests/unit/support/oci_test_bundle.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/signed_test_bundle.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

using namespace airlock;
using namespace airlock::loader;

namespace {

// The planner tests' bundle builder, with attachments.
struct ServeBundle : test::OciTestBundle {
    using OciTestBundle::OciTestBundle;

    // An artifact attached to `subject`: a referrer (with a subject) or a
    // cosign tag-scheme artifact. An empty artifact_type leaves the manifest
    // without one, so its config's media type stands for it.
    Descriptor attachment(const Descriptor& subject, const std::string& text, bool with_subject,
                          const std::string& artifact_type) {
        nlohmann::json m = {{"schemaVersion", 2},
                            {"mediaType", media::oci_manifest},
                            {"config", blob("{}", "application/vnd.oci.empty.v1+json").to_json()},
                            {"layers", {blob(text).to_json()}},
                            {"annotations", {{"org.example.note", text}}}};
        if (!artifact_type.empty()) {
            m["artifactType"] = artifact_type;
        }
        if (with_subject) {
            m["subject"] = subject.to_json();
        }
        return blob(m.dump(), media::oci_manifest);
    }
};

BomAttachment bom_attachment(const std::string& kind, const Descriptor& subject,
                             const Descriptor& a, const std::string& artifact_type,
                             const std::string& tag) {
    return {kind, subject.digest, a.digest, a.size, a.media_type, artifact_type, tag};
}

std::unique_ptr<Destination> registry_target(const std::string& text, bool keep_host) {
    DestinationOptions options;
    options.keep_host = keep_host;
    return make_destination(parse_target(text), options);
}

std::string bytes_at(const VerifiedBundle& bundle, const BundleRange& range) {
    return bundle.files().read_string(range.offset, range.size);
}

using Tags = std::vector<std::string>;

} // namespace

TEST_CASE("serve index: manifests by tag and by digest, and the errors a registry gives",
          "[serve_index]") {
    test::ScratchDir dir;
    ServeBundle b;
    Descriptor amd = b.simple_image("amd64");
    Descriptor arm = b.simple_image("arm64");
    Descriptor multi = b.index({amd, arm});
    b.name_image("docker.io/library/app:1.0", multi);
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    ServeIndex index(ServeNaming{});
    index.add(verified);

    auto by_tag = index.manifest("library/app", "1.0");
    REQUIRE(by_tag.ok());
    CHECK(by_tag.value->digest == multi.digest);
    CHECK(by_tag.value->media_type == media::oci_index);
    CHECK(by_tag.value->size == multi.size);
    CHECK(Digest::of(*by_tag.value->bytes) == multi.digest);

    auto child = index.manifest("library/app", amd.digest.str());
    REQUIRE(child.ok());
    CHECK(child.value->media_type == media::oci_manifest);
    CHECK(Digest::of(*child.value->bytes) == amd.digest);
    CHECK(index.manifest("library/app", multi.digest.str()).ok());

    auto refused = [&](std::string_view repo, std::string_view ref) {
        auto answer = index.manifest(repo, ref);
        REQUIRE_FALSE(answer.ok());
        return answer.error;
    };
    CHECK(refused("library/app", "2.0") == DistributionError::manifest_unknown);
    CHECK(refused("library/nope", "1.0") == DistributionError::name_unknown);
    CHECK(refused("Library/App", "1.0") == DistributionError::name_invalid);
    CHECK(refused("library/app", "sha256:abc") == DistributionError::digest_invalid);
    CHECK(refused("library/app", "sha256:" + std::string(64, 'A')) ==
          DistributionError::digest_invalid);
    CHECK(refused("library/app", "sha512:" + std::string(128, 'a')) ==
          DistributionError::manifest_unknown);
    CHECK(refused("library/app", "-bad-tag") == DistributionError::manifest_unknown);
    // A layer is a blob, not a manifest.
    CHECK(refused("library/app", Digest::of(std::string("layer amd64")).str()) ==
          DistributionError::manifest_unknown);
    CHECK(code_string(DistributionError::manifest_unknown) == "MANIFEST_UNKNOWN");
    CHECK(http_status(DistributionError::name_unknown) == 404);
    CHECK(http_status(DistributionError::digest_invalid) == 400);
}

TEST_CASE("serve index: a blob is visible only in the repositories whose images reference it, "
          "at the offset of its bytes in the bundle",
          "[serve_index]") {
    test::ScratchDir dir;
    ServeBundle b;
    Descriptor shared = b.blob("shared base layer");
    Descriptor app = b.simple_image("app", {shared});
    Descriptor tool = b.simple_image("tool", {shared});
    b.name_image("docker.io/library/app:1", app);
    b.name_image("quay.io/team/tool:1", tool);
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    ServeIndex index(ServeNaming{"mirror", false});
    index.add(verified);

    const Digest app_layer = Digest::of(std::string("layer app"));
    auto own = index.blob("mirror/library/app", app_layer.str());
    REQUIRE(own.ok());
    REQUIRE(std::holds_alternative<BundleRange>(own.value->where));
    const BundleRange& range = std::get<BundleRange>(own.value->where);
    CHECK(range.bundle == &verified);
    CHECK(range.size == std::string("layer app").size());
    CHECK(own.value->size == static_cast<std::int64_t>(range.size));
    CHECK(Digest::of(bytes_at(verified, range)) == app_layer);
    CHECK(verified.bom().blobs.at(range.blob_index).digest == app_layer);

    auto elsewhere = index.blob("mirror/team/tool", app_layer.str());
    REQUIRE_FALSE(elsewhere.ok());
    CHECK(elsewhere.error == DistributionError::blob_unknown);

    for (const char* repo : {"mirror/library/app", "mirror/team/tool"}) {
        auto s = index.blob(repo, shared.digest.str());
        REQUIRE(s.ok());
        CHECK(Digest::of(bytes_at(verified, std::get<BundleRange>(s.value->where))) ==
              shared.digest);
    }
    // Every config and layer of both images, hashed from the bundle file.
    for (const BomBlob& blob : verified.bom().blobs) {
        for (const char* repo : {"mirror/library/app", "mirror/team/tool"}) {
            auto s = index.blob(repo, blob.digest.str());
            if (s.ok() && std::holds_alternative<BundleRange>(s.value->where)) {
                CHECK(Digest::of(bytes_at(verified, std::get<BundleRange>(s.value->where))) ==
                      blob.digest);
            }
        }
    }

    // A manifest is also fetchable as a blob, from memory.
    auto as_blob = index.blob("mirror/library/app", app.digest.str());
    REQUIRE(as_blob.ok());
    REQUIRE(std::holds_alternative<std::shared_ptr<const std::string>>(as_blob.value->where));
    CHECK(Digest::of(*std::get<std::shared_ptr<const std::string>>(as_blob.value->where)) ==
          app.digest);
    CHECK_FALSE(index.blob("mirror/team/tool", app.digest.str()).ok());

    CHECK(index.blob("mirror/library/app", "sha256:xyz").error ==
          DistributionError::digest_invalid);
    CHECK(index.blob("mirror/library/app", "nodigest").error == DistributionError::digest_invalid);
    CHECK(index.blob("library/app", app_layer.str()).error == DistributionError::name_unknown);
    CHECK(index.blob("mirror//app", app_layer.str()).error == DistributionError::name_invalid);
}

TEST_CASE("serve index: tags and catalog paginate in lexical order after an exclusive last",
          "[serve_index]") {
    test::ScratchDir dir;
    ServeBundle b;
    Descriptor app = b.simple_image("app");
    for (const char* tag : {"b", "d", "a", "c"}) {
        b.name_image(std::string("docker.io/library/app:") + tag, app);
    }
    b.name_image("docker.io/x/zed:1", b.simple_image("zed"));
    b.name_image("docker.io/x/mid:1", b.simple_image("mid"));
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    ServeIndex index(ServeNaming{});
    index.add(verified);

    auto page = [&](std::optional<std::size_t> n, std::optional<std::string_view> last) {
        auto answer = index.tags("library/app", n, last);
        REQUIRE(answer.ok());
        return *answer.value;
    };
    Page all = page(std::nullopt, std::nullopt);
    CHECK(all.entries == Tags{"a", "b", "c", "d"});
    CHECK_FALSE(all.next_last);

    Page first = page(2, std::nullopt);
    CHECK(first.entries == Tags{"a", "b"});
    CHECK(first.next_last == "b");
    Page second = page(2, "b");
    CHECK(second.entries == Tags{"c", "d"});
    CHECK_FALSE(second.next_last); // nothing after d
    Page exact = page(4, std::nullopt);
    CHECK(exact.entries.size() == 4);
    CHECK_FALSE(exact.next_last);
    CHECK(page(10, std::nullopt).entries.size() == 4);

    Page none = page(0, std::nullopt);
    CHECK(none.entries.empty());
    CHECK_FALSE(none.next_last); // a Link for n=0 would send a client round forever
    CHECK(page(std::nullopt, "z").entries.empty());
    CHECK(page(3, "d").entries.empty());
    CHECK(page(std::nullopt, "bb").entries == Tags{"c", "d"}); // last need not exist
    CHECK(page(1, "0").entries == Tags{"a"});
    CHECK(page(1, "0").next_last == "a");

    CHECK(index.tags("library/none").error == DistributionError::name_unknown);
    CHECK(index.tags("UPPER").error == DistributionError::name_invalid);

    CHECK(index.catalog().entries == Tags{"library/app", "x/mid", "x/zed"});
    Page c1 = index.catalog(1, std::nullopt);
    CHECK(c1.entries == Tags{"library/app"});
    CHECK(c1.next_last == "library/app");
    Page c2 = index.catalog(5, "library/app");
    CHECK(c2.entries == Tags{"x/mid", "x/zed"});
    CHECK_FALSE(c2.next_last);
    CHECK(index.catalog(0, std::nullopt).entries.empty());
    CHECK(index.catalog(std::nullopt, "x/zzz").entries.empty());
    CHECK(index.catalog(std::nullopt, "x/n").entries == Tags{"x/zed"});
}

TEST_CASE("serve index: referrers list an image's OCI 1.1 attachments, filtered by artifactType",
          "[serve_index]") {
    test::ScratchDir dir;
    ServeBundle b;
    Descriptor img = b.simple_image("app");
    Descriptor other = b.simple_image("other");
    Descriptor sig = b.attachment(img, "signature", false, "");
    Descriptor sbom = b.attachment(img, "sbom", true, "application/spdx+json");
    Descriptor prov = b.attachment(img, "provenance", true, "");
    b.name_image("docker.io/library/app:1.0", img);
    b.name_image("docker.io/library/other:1.0", other);
    const std::string sig_tag = "sha256-" + img.digest.hex() + ".sig";
    b.bundle.bom().images.front().attachments = {
        bom_attachment("signature", img, sig, "", sig_tag),
        bom_attachment("referrer", img, sbom, "application/spdx+json", ""),
        bom_attachment("referrer", img, prov, "", "")};
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    ServeIndex index(ServeNaming{});
    index.add(verified);

    auto answer = index.referrers("library/app", img.digest.str());
    REQUIRE(answer.ok());
    CHECK_FALSE(answer.value->filtered);
    nlohmann::json j = nlohmann::json::parse(answer.value->bytes);
    CHECK(j["schemaVersion"] == 2);
    CHECK(j["mediaType"] == "application/vnd.oci.image.index.v1+json");
    REQUIRE(j["manifests"].size() == 2);
    CHECK(j["manifests"][0]["digest"] == sbom.digest.str());
    CHECK(j["manifests"][0]["mediaType"] == media::oci_manifest);
    CHECK(j["manifests"][0]["size"] == sbom.size);
    CHECK(j["manifests"][0]["artifactType"] == "application/spdx+json");
    CHECK(j["manifests"][0]["annotations"]["org.example.note"] == "sbom");
    CHECK(j["manifests"][1]["digest"] == prov.digest.str());
    // No artifactType anywhere: the config's media type stands for it.
    CHECK(j["manifests"][1]["artifactType"] == "application/vnd.oci.empty.v1+json");

    auto filtered = index.referrers("library/app", img.digest.str(), "application/spdx+json");
    REQUIRE(filtered.ok());
    CHECK(filtered.value->filtered);
    nlohmann::json f = nlohmann::json::parse(filtered.value->bytes);
    REQUIRE(f["manifests"].size() == 1);
    CHECK(f["manifests"][0]["digest"] == sbom.digest.str());
    auto no_match = index.referrers("library/app", img.digest.str(), "application/none");
    REQUIRE(no_match.ok());
    CHECK(nlohmann::json::parse(no_match.value->bytes)["manifests"].empty());

    // None for another subject, nor in another repository; still a valid index.
    for (auto r : {index.referrers("library/app", other.digest.str()),
                   index.referrers("library/other", img.digest.str()),
                   index.referrers("library/app", "sha512:" + std::string(128, 'a'))}) {
        REQUIRE(r.ok());
        nlohmann::json e = nlohmann::json::parse(r.value->bytes);
        CHECK(e["mediaType"] == "application/vnd.oci.image.index.v1+json");
        CHECK(e["manifests"].is_array());
        CHECK(e["manifests"].empty());
    }
    CHECK(index.referrers("library/app", "sha256:1").error == DistributionError::digest_invalid);
    CHECK(index.referrers("library/nope", img.digest.str()).error ==
          DistributionError::name_unknown);

    // The referrers and the cosign signature are manifests of the image's
    // repository; the signature is listed under its tag.
    CHECK(index.manifest("library/app", sbom.digest.str()).ok());
    CHECK(index.manifest("library/app", sig_tag).value->digest == sig.digest);
    CHECK(index.tags("library/app").value->entries == Tags{"1.0", sig_tag});
    CHECK(index.blob("library/app", Digest::of(std::string("sbom")).str()).ok());
    CHECK_FALSE(index.blob("library/other", Digest::of(std::string("sbom")).str()).ok());
}

TEST_CASE("serve index: names under PREFIX and --keep-host are the ones load publishes",
          "[serve_index]") {
    test::ScratchDir dir;
    ServeBundle b;
    b.name_image("docker.io/library/app:1", b.simple_image("app"));
    b.name_image("quay.io/team/tool:2", b.simple_image("tool"));
    b.name_image("localhost:5000/x/y:3", b.simple_image("y"));
    Descriptor chart_manifest =
        b.manifest(b.blob("{\"name\":\"web\"}", media::oci_config), {b.blob("chart bytes")});
    BomChart chart;
    chart.name = "web";
    chart.version = "1.2.0+up";
    chart.repository = "charts/web";
    chart.tag = "1.2.0_up";
    chart.digest = chart_manifest.digest;
    chart.media_type = chart_manifest.media_type;
    b.bundle.bom().charts.push_back(chart);
    Descriptor runbook = b.blob("# runbook", media::airlock_file);
    b.bundle.bom().files.push_back(
        BomFile{"runbook.md", runbook.digest, runbook.size, std::string(media::airlock_file)});
    VerifiedBundle verified = b.bundle.write_and_verify(dir);

    struct Case {
        std::string prefix;
        bool keep_host;
    };
    for (const Case& c :
         {Case{"", false}, Case{"mirror/site", false}, Case{"pfx", true}, Case{"", true}}) {
        CAPTURE(c.prefix, c.keep_host);
        ServeIndex index(ServeNaming{c.prefix, c.keep_host});
        index.add(verified);
        std::string target =
            "registry://site.local:5000" + (c.prefix.empty() ? std::string() : "/" + c.prefix);
        LoadPlan plan = plan_load(verified, *registry_target(target, c.keep_host));

        std::set<std::string> repos;
        for (const PlannedManifest& m : plan.manifests) {
            repos.insert(m.repo);
            CHECK(index.manifest(m.repo, m.manifest.digest.str()).ok());
        }
        Page catalog = index.catalog();
        CHECK(catalog.entries == Tags(repos.begin(), repos.end()));
        for (const PlannedTag& t : plan.tags) {
            auto m = index.manifest(t.placement.repo, t.placement.name);
            REQUIRE(m.ok());
            CHECK(m.value->digest == t.manifest.digest);
        }
        for (const auto& [digest, in] : plan.blob_repos) {
            for (const std::string& repo : in) {
                CHECK(index.blob(repo, digest.str()).ok());
            }
        }
        for (const auto& [repo, inline_blob] : plan.inline_blobs) {
            auto blob = index.blob(repo, inline_blob.descriptor.digest.str());
            REQUIRE(blob.ok());
            REQUIRE(std::holds_alternative<std::shared_ptr<const std::string>>(blob.value->where));
            CHECK(*std::get<std::shared_ptr<const std::string>>(blob.value->where) ==
                  inline_blob.bytes);
        }
    }
    ServeIndex kept(ServeNaming{"pfx", true});
    kept.add(verified);
    CHECK(kept.catalog().entries == Tags{"pfx/airlock/shop/files", "pfx/charts/web",
                                         "pfx/docker.io/library/app", "pfx/localhost_5000/x/y",
                                         "pfx/quay.io/team/tool"});
    CHECK(kept.manifest("pfx/airlock/shop/files", "1.0.0").value->digest ==
          files_artifact_manifest(verified.bom()).digest);
}

TEST_CASE("serve index: bundles of different names merge; a tag claimed twice is refused",
          "[serve_index]") {
    test::ScratchDir dir;
    ServeBundle shop("shop", "1.0.0");
    Descriptor app1 = shop.simple_image("app one");
    shop.name_image("docker.io/library/app:1", app1);
    shop.name_image("docker.io/library/web:1", shop.simple_image("web"));
    VerifiedBundle first = shop.bundle.write_and_verify(dir);

    ServeBundle tools("tools", "2.0.0");
    Descriptor app2 = tools.simple_image("app two");
    tools.name_image("docker.io/library/app:2", app2);
    tools.name_image("docker.io/library/web:1", tools.simple_image("web")); // the same image
    tools.name_image("docker.io/x/tool:1", tools.simple_image("tool"));
    VerifiedBundle second = tools.bundle.write_and_verify(dir);

    ServeIndex index(ServeNaming{});
    index.add(first);
    index.add(second);
    CHECK(index.catalog().entries == Tags{"library/app", "library/web", "x/tool"});
    CHECK(index.tags("library/app").value->entries == Tags{"1", "2"});
    CHECK(index.manifest("library/app", "1").value->digest == app1.digest);
    CHECK(index.manifest("library/app", "2").value->digest == app2.digest);
    auto from_first = index.blob("library/app", Digest::of(std::string("layer app one")).str());
    REQUIRE(from_first.ok());
    CHECK(std::get<BundleRange>(from_first.value->where).bundle == &first);
    auto from_second = index.blob("library/app", Digest::of(std::string("layer app two")).str());
    REQUIRE(from_second.ok());
    const BundleRange& r = std::get<BundleRange>(from_second.value->where);
    CHECK(r.bundle == &second);
    CHECK(Digest::of(bytes_at(second, r)) == Digest::of(std::string("layer app two")));

    ServeBundle rival("rival", "1.0.0");
    rival.name_image("docker.io/x/extra:1", rival.simple_image("extra"));
    rival.name_image("docker.io/library/app:1", rival.simple_image("another app one"));
    VerifiedBundle third = rival.bundle.write_and_verify(dir);
    try {
        index.add(third);
        FAIL("a second digest for library/app:1 was accepted");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::usage);
        std::string message = e.what();
        CHECK(message.find("bundle shop 1.0.0") != std::string::npos);
        CHECK(message.find("bundle rival 1.0.0") != std::string::npos);
        CHECK(message.find("library/app:1") != std::string::npos);
    }
    // Unchanged by the refused bundle.
    CHECK(index.manifest("library/app", "1").value->digest == app1.digest);
    CHECK(index.manifest("x/extra", "1").error == DistributionError::name_unknown);
}

TEST_CASE("serve index: a delta is served with what it leaves to its base from the base bundle",
          "[serve_index]") {
    test::ScratchDir base_dir;
    test::ScratchDir delta_dir;
    ServeBundle base("shop", "1.0.0");
    Descriptor shared = base.blob("shared base layer");
    base.name_image("docker.io/library/app:1", base.simple_image("one", {shared}));
    VerifiedBundle base_verified = base.bundle.write_and_verify(base_dir);

    ServeBundle delta("shop", "2.0.0");
    // The delta's image names the base's layer without carrying it.
    Descriptor app2 = delta.manifest(delta.blob("{\"config\":\"two\"}", media::oci_config),
                                     {delta.blob("layer two"), shared});
    delta.name_image("docker.io/library/app:2", app2);
    delta.bundle.bom().base =
        BomBase{{BomBaseBundle{"shop", "1.0.0", Digest::of(std::string("bom of 1.0.0"))}},
                {BomBlob{shared.digest, shared.size, shared.media_type}}};
    VerifiedBundle delta_verified = delta.bundle.write_and_verify(delta_dir);

    SECTION("with its base: the omitted layer points into the base bundle's file") {
        ServeIndex index(ServeNaming{});
        index.add(delta_verified, {&base_verified});
        auto blob = index.blob("library/app", shared.digest.str());
        REQUIRE(blob.ok());
        const auto& range = std::get<BundleRange>(blob.value->where);
        CHECK(range.bundle == &base_verified);
        CHECK(base_verified.files().read_string(range.offset, range.size) == "shared base layer");
        CHECK(index.manifest("library/app", "2").value->digest == app2.digest);
        CHECK(index.blob("library/app", app2.digest.str()).ok());
    }
    SECTION("without it: Error(base) and nothing served") {
        ServeIndex index(ServeNaming{});
        try {
            index.add(delta_verified);
            FAIL("a delta without its base was accepted");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::base);
            CHECK_THAT(e.what(), Catch::Contains(shared.digest.str()));
        }
        CHECK(index.catalog().entries.empty());
    }
}

TEST_CASE("serve index: repository names, tags and digests follow the distribution grammar",
          "[serve_index]") {
    for (const char* ok : {"a", "library/app", "a.b/c_d/e__f/g-h/i---j", "0/9", "x/y/z/w"}) {
        CAPTURE(ok);
        CHECK(valid_repository_name(ok));
    }
    for (const char* bad :
         {"", "A", "a/", "/a", "a//b", "a___b", "a.-b", "-a", "a-", "a:b", "a..b", "a_"}) {
        CAPTURE(bad);
        CHECK_FALSE(valid_repository_name(bad));
    }
    CHECK(valid_tag("1.0"));
    CHECK(valid_tag("_x"));
    CHECK(valid_tag("sha256-abc.sig"));
    CHECK(valid_tag(std::string(128, 'a')));
    CHECK_FALSE(valid_tag(std::string(129, 'a')));
    CHECK_FALSE(valid_tag(""));
    CHECK_FALSE(valid_tag(".x"));
    CHECK_FALSE(valid_tag("-x"));
    CHECK_FALSE(valid_tag("a+b"));

    const std::string hex(64, 'e');
    CHECK(parse_request_digest("sha256:" + hex).kind == RequestDigest::Kind::sha256);
    CHECK(parse_request_digest("sha256:" + hex).digest.hex() == hex);
    CHECK(parse_request_digest("sha512:" + std::string(128, 'e')).kind ==
          RequestDigest::Kind::unsupported);
    CHECK(parse_request_digest("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8")
              .kind == RequestDigest::Kind::unsupported);
    for (std::string bad : {std::string("sha256:") + hex.substr(1), "sha256:" + hex + "e",
                            "sha256:" + std::string(64, 'E'), std::string("sha256:"),
                            std::string(":abc"), std::string("sha256"), std::string("SHA256:ab"),
                            std::string("sha256+:ab"), std::string("sha256:ab/cd")}) {
        CAPTURE(bad);
        CHECK(parse_request_digest(bad).kind == RequestDigest::Kind::invalid);
    }
}
