#include "common/sign/cosign_signature_image.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "common/sign/cosign_signature.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace airlock;
using namespace airlock::sign;

namespace {

const Digest signed_image_digest = Digest::of("an image manifest to sign");

std::string site_payload(const std::string& reference = "site.local:5000/library/app") {
    return make_simple_signing({reference, signed_image_digest});
}

} // namespace

TEST_CASE("a site signature layer is the payload, signed as cosign signs, in the annotation",
          "[cosign_image]") {
    for (KeyType type : {KeyType::ecdsa_p256, KeyType::ed25519}) {
        const std::string type_name(to_string(type));
        CAPTURE(type_name);
        const PrivateKey key = PrivateKey::generate(type);
        const CosignSignatureLayer layer = sign_cosign_payload(site_payload(), key);
        CHECK(layer.payload == site_payload());
        CHECK(layer.descriptor.media_type == cosign_payload_media_type);
        CHECK(layer.descriptor.digest == Digest::of(layer.payload));
        CHECK(layer.descriptor.size == static_cast<std::int64_t>(layer.payload.size()));
        REQUIRE(layer.descriptor.annotations.size() == 1);
        const std::string& b64 =
            layer.descriptor.annotations.at(std::string(cosign_signature_annotation));
        // The verifier the builder uses on upstream signatures accepts it.
        const CosignCheck check =
            check_cosign_signature(layer.payload, b64, key.public_key(), signed_image_digest);
        CHECK(check.verdict == CosignVerdict::verified);
        CHECK(check.claim.docker_reference == "site.local:5000/library/app");
        const auto raw = base64_decode(b64);
        REQUIRE(raw);
        if (type == KeyType::ed25519) {
            CHECK(raw->size() == 64);
        } else {
            CHECK(static_cast<unsigned char>((*raw)[0]) == 0x30); // DER SEQUENCE
        }
    }
}

TEST_CASE("a signature image has cosign's manifest and config, one history entry per layer",
          "[cosign_image]") {
    const PrivateKey key = PrivateKey::generate(KeyType::ecdsa_p256);
    const CosignSignatureLayer first = sign_cosign_payload(site_payload("a/one"), key);
    const CosignSignatureLayer second = sign_cosign_payload(site_payload("b/two"), key);
    const CosignSignatureImage image =
        make_cosign_signature_image({first.descriptor, second.descriptor});

    CHECK(image.manifest.media_type == media::oci_manifest);
    CHECK(image.manifest.digest == Digest::of(image.manifest.bytes));
    CHECK(image.config_descriptor.digest == Digest::of(image.config));
    CHECK(image.config_descriptor.media_type == media::oci_config);
    // go-containerregistry's empty image with two uncompressed layers appended,
    // byte for byte as Go marshals it.
    CHECK(image.config ==
          "{\"architecture\":\"\",\"created\":\"0001-01-01T00:00:00Z\",\"history\":[{\"created\":"
          "\"0001-01-01T00:00:00Z\"},{\"created\":\"0001-01-01T00:00:00Z\"}],\"os\":\"\","
          "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" +
              first.descriptor.digest.str() + "\",\"" + second.descriptor.digest.str() +
              "\"]},\"config\":{}}");
    const ImageManifest m = parse_image_manifest(image.manifest.bytes, "test");
    CHECK(m.config.digest == image.config_descriptor.digest);
    CHECK(m.config.size == static_cast<std::int64_t>(image.config.size()));
    REQUIRE(m.layers.size() == 2);
    CHECK(m.layers[0].digest == first.descriptor.digest);
    CHECK(m.layers[1].annotations == second.descriptor.annotations);
    const auto j = nlohmann::json::parse(image.manifest.bytes);
    CHECK(j["schemaVersion"] == 2);
    CHECK(image.manifest.bytes.rfind("{\"schemaVersion\":2,\"mediaType\":", 0) == 0);
    // Deterministic.
    CHECK(make_cosign_signature_image({first.descriptor, second.descriptor}).manifest.digest ==
          image.manifest.digest);
    CHECK(cosign_signature_layers(image.manifest, "test").size() == 2);
}

TEST_CASE("a signature is found only with its key, its payload and an intact annotation",
          "[cosign_image]") {
    const PrivateKey key = PrivateKey::generate(KeyType::ed25519);
    const PrivateKey other = PrivateKey::generate(KeyType::ed25519);
    const CosignSignatureLayer mine = sign_cosign_payload(site_payload(), key);
    const CosignSignatureLayer theirs = sign_cosign_payload(site_payload(), other);

    CHECK(has_cosign_signature({theirs.descriptor, mine.descriptor}, site_payload(),
                               key.public_key()));
    CHECK_FALSE(has_cosign_signature({theirs.descriptor}, site_payload(), key.public_key()));
    CHECK_FALSE(has_cosign_signature({}, site_payload(), key.public_key()));
    // The same key over another repository's payload is another signature.
    CHECK_FALSE(
        has_cosign_signature({mine.descriptor}, site_payload("elsewhere/app"), key.public_key()));
    // A layer carrying our payload with someone else's signature in it.
    Descriptor forged = mine.descriptor;
    forged.annotations[std::string(cosign_signature_annotation)] =
        theirs.descriptor.annotations.at(std::string(cosign_signature_annotation));
    CHECK_FALSE(has_cosign_signature({forged}, site_payload(), key.public_key()));
    Descriptor garbled = mine.descriptor;
    garbled.annotations[std::string(cosign_signature_annotation)] = "not base64!";
    CHECK_FALSE(has_cosign_signature({garbled}, site_payload(), key.public_key()));
    Descriptor bare = mine.descriptor;
    bare.annotations.clear();
    CHECK_FALSE(has_cosign_signature({bare}, site_payload(), key.public_key()));
}

TEST_CASE("an index is not a signature manifest", "[cosign_image]") {
    RawManifest index{"{\"schemaVersion\":2,\"manifests\":[]}", std::string(media::oci_index),
                      Digest::of("x")};
    CHECK(test::error_code_of([&] { cosign_signature_layers(index, "sig"); }) ==
          ErrorCode::malformed);
}
