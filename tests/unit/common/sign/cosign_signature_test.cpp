#include "common/sign/cosign_signature.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using airlock::Digest;
using airlock::ErrorCode;
using airlock::sign::check_cosign_signature;
using airlock::sign::cosign_tag;
using airlock::sign::CosignVerdict;
using airlock::sign::KeyType;
using airlock::sign::make_simple_signing;
using airlock::sign::parse_simple_signing;
using airlock::sign::PrivateKey;
using airlock::sign::SimpleSigning;
using airlock::test::error_code_of;
using nlohmann::json;

namespace {

const Digest image_digest = Digest::of("an image manifest");

SimpleSigning claim() {
    return {"registry.example/team/app", image_digest};
}

// The signature annotation cosign writes: base64 of the DER signature.
std::string annotation(const PrivateKey& key, const std::string& payload) {
    return airlock::base64_encode(key.sign(payload));
}

} // namespace

TEST_CASE("cosign tags name the subject's digest and the attachment kind", "[cosign]") {
    CHECK(cosign_tag(image_digest, "sig") == "sha256-" + image_digest.hex() + ".sig");
    CHECK(cosign_tag(image_digest, "att") == "sha256-" + image_digest.hex() + ".att");
    CHECK(cosign_tag(image_digest, "sbom") == "sha256-" + image_digest.hex() + ".sbom");
}

TEST_CASE("a simple-signing payload has cosign's shape and parses back", "[cosign]") {
    const std::string payload = make_simple_signing(claim());
    const json doc = json::parse(payload);
    CHECK(doc["critical"]["type"] == "cosign container image signature");
    CHECK(doc["critical"]["identity"]["docker-reference"] == "registry.example/team/app");
    CHECK(doc["critical"]["image"]["docker-manifest-digest"] == image_digest.str());
    CHECK(doc["optional"].is_null());
    const SimpleSigning back = parse_simple_signing(payload);
    CHECK(back.docker_reference == "registry.example/team/app");
    CHECK(back.manifest_digest == image_digest);
    CHECK(make_simple_signing(claim()) == payload);
}

TEST_CASE("a payload that is not exactly cosign's is refused as a signature error", "[cosign]") {
    auto edited = [](auto edit) {
        json doc = json::parse(make_simple_signing(claim()));
        edit(doc);
        return doc.dump();
    };
    const std::string cases[] = {
        edited([](json& d) { d["critical"]["type"] = "atomic container signature"; }),
        edited([](json& d) { d["critical"]["image"]["docker-manifest-digest"] = "sha256:abc"; }),
        edited([](json& d) { d["critical"]["image"].erase("docker-manifest-digest"); }),
        edited([](json& d) {
            d["critical"]["image"]["Docker-manifest-digest"] = image_digest.str();
            d["critical"]["image"].erase("docker-manifest-digest");
        }),
        edited([](json& d) { d["critical"]["identity"] = "registry.example/team/app"; }),
        edited([](json& d) { d["critical"]["extra"] = 1; }),
        edited([](json& d) { d.erase("critical"); }),
        "[]",
        "not json",
        // A second digest key: two parsers must never disagree on what was signed.
        R"({"critical":{"identity":{"docker-reference":"r"},"image":{"docker-manifest-digest":")" +
            image_digest.str() + R"(","docker-manifest-digest":")" + Digest::of("x").str() +
            R"("},"type":"cosign container image signature"},"optional":null})",
    };
    for (const std::string& payload : cases) {
        INFO(payload);
        CHECK(error_code_of([&] { parse_simple_signing(payload); }) == ErrorCode::signature);
    }
    // Unknown optional annotations and top-level keys are the signer's business.
    CHECK(parse_simple_signing(edited([](json& d) {
              d["optional"] = {{"creator", "ci"}};
          })).manifest_digest == image_digest);
}

TEST_CASE("a cosign signature verifies with its key, over exactly its payload and digest",
          "[cosign]") {
    for (const KeyType type : {KeyType::ecdsa_p256, KeyType::ed25519}) {
        const PrivateKey key = PrivateKey::generate(type);
        const std::string payload = make_simple_signing(claim());
        const auto good = check_cosign_signature(payload, annotation(key, payload),
                                                 key.public_key(), image_digest);
        CHECK(good.verdict == CosignVerdict::verified);
        CHECK(good.why.empty());
        CHECK(good.claim.docker_reference == "registry.example/team/app");

        const PrivateKey other = PrivateKey::generate(type);
        CHECK(check_cosign_signature(payload, annotation(other, payload), key.public_key(),
                                     image_digest)
                  .verdict == CosignVerdict::bad_signature);

        std::string tampered = payload;
        tampered.replace(tampered.find("team"), 4, "evil");
        CHECK(check_cosign_signature(tampered, annotation(key, payload), key.public_key(),
                                     image_digest)
                  .verdict == CosignVerdict::bad_signature);

        const auto elsewhere = check_cosign_signature(payload, annotation(key, payload),
                                                      key.public_key(), Digest::of("other"));
        CHECK(elsewhere.verdict == CosignVerdict::other_digest);
        CHECK(elsewhere.why.find(image_digest.str()) != std::string::npos);

        const std::string not_cosign = R"({"critical":{}})";
        CHECK(check_cosign_signature(not_cosign, annotation(key, not_cosign), key.public_key(),
                                     image_digest)
                  .verdict == CosignVerdict::bad_payload);

        CHECK(check_cosign_signature(payload, "%%% not base64", key.public_key(), image_digest)
                  .verdict == CosignVerdict::bad_encoding);
    }
}
