#include "loader/load/site_signatures.hpp"

#include "common/layout/oci_layout_destination.hpp"
#include "common/oci/media_types.hpp"
#include "common/sign/cosign_signature.hpp"
#include "loader/load/target.hpp"
#include "tests/unit/support/oci_test_bundle.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/signed_test_bundle.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using namespace airlock;
using namespace airlock::loader;

namespace {

const Digest site_subject = Digest::of("a manifest the load wrote");

PlannedSignature site_planned(const std::string& reference = "site.local:5000/library/app") {
    return {{"library/app", sign::cosign_tag(site_subject, "sig")}, reference, site_subject};
}

std::vector<Descriptor> layers_of(const RawManifest& m) {
    return sign::cosign_signature_layers(m, "test");
}

bool verifies(const Descriptor& layer, const std::string& payload, const sign::PublicKey& key) {
    auto check = sign::check_cosign_signature(
        payload, layer.annotations.at(std::string(sign::cosign_signature_annotation)), key,
        site_subject);
    return check.verdict == sign::CosignVerdict::verified;
}

} // namespace

TEST_CASE("site signature: a new .sig holds one layer naming the mirror repository and digest",
          "[site_signatures]") {
    for (sign::KeyType type : {sign::KeyType::ecdsa_p256, sign::KeyType::ed25519}) {
        const sign::PrivateKey key = sign::PrivateKey::generate(type);
        auto write = plan_site_signature(std::nullopt, site_planned(), key);
        REQUIRE(write);
        const auto claim = sign::parse_simple_signing(write->layer.payload);
        CHECK(claim.docker_reference == "site.local:5000/library/app");
        CHECK(claim.manifest_digest == site_subject);
        const auto layers = layers_of(write->image.manifest);
        REQUIRE(layers.size() == 1);
        CHECK(verifies(layers[0], write->layer.payload, key.public_key()));
        // Signed already: nothing to write.
        CHECK_FALSE(plan_site_signature(write->image.manifest, site_planned(), key));
    }
}

TEST_CASE("site signature: other signatures in the .sig are kept and ours appended once",
          "[site_signatures]") {
    const sign::PrivateKey site = sign::PrivateKey::generate(sign::KeyType::ecdsa_p256);
    const sign::PrivateKey vendor = sign::PrivateKey::generate(sign::KeyType::ecdsa_p256);
    const std::string upstream_payload =
        sign::make_simple_signing({"registry.vendor.example/app", site_subject});
    const auto upstream = sign::sign_cosign_payload(upstream_payload, vendor);
    const RawManifest current = sign::make_cosign_signature_image({upstream.descriptor}).manifest;

    auto write = plan_site_signature(current, site_planned(), site);
    REQUIRE(write);
    const auto layers = layers_of(write->image.manifest);
    REQUIRE(layers.size() == 2);
    CHECK(layers[0].digest == upstream.descriptor.digest);
    CHECK(layers[0].annotations == upstream.descriptor.annotations);
    CHECK(verifies(layers[1], write->layer.payload, site.public_key()));
    CHECK_FALSE(plan_site_signature(write->image.manifest, site_planned(), site));
    // Another site key signs beside it; a signature for another repository
    // (the same image loaded under another name) is another signature.
    const sign::PrivateKey second = sign::PrivateKey::generate(sign::KeyType::ed25519);
    auto again = plan_site_signature(write->image.manifest, site_planned(), second);
    REQUIRE(again);
    CHECK(layers_of(again->image.manifest).size() == 3);
    CHECK(plan_site_signature(write->image.manifest, site_planned("site.local:5000/other/app"),
                              site));
}

TEST_CASE("site signature: a .sig that is not an image manifest is replaced", "[site_signatures]") {
    const sign::PrivateKey key = sign::PrivateKey::generate(sign::KeyType::ed25519);
    RawManifest junk{"{\"schemaVersion\":2,\"manifests\":[]}", std::string(media::oci_index),
                     Digest::of("{}")};
    auto write = plan_site_signature(junk, site_planned(), key);
    REQUIRE(write);
    CHECK(layers_of(write->image.manifest).size() == 1);
}

TEST_CASE("site signature: written into a destination once, read back, kept by attachment tags",
          "[site_signatures]") {
    test::ScratchDir dir;
    OciLayoutDestination dest(dir / "layout");
    const sign::PrivateKey key = sign::PrivateKey::generate(sign::KeyType::ecdsa_p256);
    const PlannedSignature planned{
        {"", "docker.io/library/app:" + sign::cosign_tag(site_subject, "sig")},
        "docker.io/library/app",
        site_subject};

    // An upstream signature the load tagged there first.
    const sign::PrivateKey vendor = sign::PrivateKey::generate(sign::KeyType::ecdsa_p256);
    const auto upstream = sign::sign_cosign_payload(
        sign::make_simple_signing({"docker.io/library/app", site_subject}), vendor);
    const sign::CosignSignatureImage upstream_image =
        sign::make_cosign_signature_image({upstream.descriptor});
    dest.put_manifest("", upstream_image.manifest);
    dest.tag("", planned.where.name, upstream_image.manifest);

    auto written = write_site_signature(dest, planned, key);
    REQUIRE(written);
    auto tagged = dest.get_tagged("", planned.where.name);
    REQUIRE(tagged);
    CHECK(tagged->digest == written->digest);
    const auto layers = layers_of(*tagged);
    REQUIRE(layers.size() == 2);
    // The payload and config blobs are in the layout, as the manifest names them.
    const ImageManifest m = parse_image_manifest(tagged->bytes, "test");
    CHECK(dest.has_blob("", m.config));
    CHECK(dest.has_blob("", layers[1]));
    CHECK_FALSE(write_site_signature(dest, planned, key));
    // Re-tagging the upstream signature would drop the site's layer: it stays.
    CHECK(holds_layers_of(dest, "", planned.where.name, upstream_image.manifest));
    const sign::PrivateKey stranger = sign::PrivateKey::generate(sign::KeyType::ecdsa_p256);
    const auto other = sign::sign_cosign_payload(
        sign::make_simple_signing({"docker.io/library/app", site_subject}), stranger);
    CHECK_FALSE(holds_layers_of(dest, "", planned.where.name,
                                sign::make_cosign_signature_image({other.descriptor}).manifest));
    dest.commit();
}

TEST_CASE("site signature: the plan signs every manifest of the images, in their repositories",
          "[site_signatures]") {
    test::ScratchDir dir;
    test::OciTestBundle b;
    Descriptor amd = b.simple_image("amd64");
    Descriptor arm = b.simple_image("arm64");
    Descriptor multi = b.index({amd, arm});
    Descriptor tool = b.simple_image("tool");
    b.name_image("docker.io/library/app:1.0", multi);
    b.name_image("docker.io/library/app:latest", multi);
    b.name_image("quay.io/team/tool:2", tool);
    VerifiedBundle verified = b.bundle.write_and_verify(dir);
    DestinationOptions options;
    auto dest = make_destination(parse_target("registry://site.local:5000/mirror"), options);
    LoadPlan plan = plan_load(verified, *dest);

    REQUIRE(plan.signatures.size() == 4); // app's index and children once, tool's manifest
    const std::vector<Digest> expected{amd.digest, arm.digest, multi.digest, tool.digest};
    for (std::size_t k = 0; k < expected.size(); ++k) {
        const PlannedSignature& s = plan.signatures[k];
        CHECK(s.subject == expected[k]);
        CHECK(s.where.name == "sha256-" + expected[k].hex() + ".sig");
        const bool is_tool = k == 3;
        CHECK(s.where.repo == (is_tool ? "mirror/team/tool" : "mirror/library/app"));
        CHECK(s.docker_reference == (is_tool ? "site.local:5000/mirror/team/tool"
                                             : "site.local:5000/mirror/library/app"));
    }
}
