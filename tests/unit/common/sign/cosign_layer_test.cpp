#include "common/sign/cosign_layer.hpp"

#include "common/core/base64.hpp"
#include "common/sign/cosign_signature.hpp"
#include "tests/unit/common/sign/sigstore_test_material.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using airlock::base64_encode;
using airlock::Digest;
using airlock::sign::CosignLayer;
using airlock::sign::IdentityPolicy;
using airlock::sign::make_simple_signing;
using airlock::sign::parse_trusted_root;
using airlock::sign::UpstreamPolicy;
using airlock::sign::UpstreamVerdict;
using airlock::sign::verify_cosign_layer;
using airlock::sign::VerifyingKey;
using airlock::test::sigstore::cosign_bundle;
using airlock::test::sigstore::fixture;
using airlock::test::sigstore::hashedrekord_body;
using airlock::test::sigstore::log_entry;
using airlock::test::sigstore::Material;
using airlock::test::sigstore::sha256_raw;
using airlock::test::sigstore::signed_time;
using airlock::test::sigstore::test_issuer;
using airlock::test::sigstore::test_subject;

namespace {

const Digest layer_image = Digest::of("an image manifest for the cosign layer tests");

// What cosign pushes for a keyless signature of layer_image: the payload, its
// signature, the certificate and the Rekor bundle annotation. Strings are
// owned here; layer() views them.
struct SignedLayer {
    std::string payload;
    std::string signature_b64;
    std::string certificate_pem;
    std::string chain_pem;
    std::string bundle_json;

    CosignLayer layer() const {
        return {payload, signature_b64, certificate_pem, chain_pem, bundle_json};
    }
};

SignedLayer keyless_layer(const Material& m, const Digest& named = layer_image,
                          std::int64_t when = signed_time, const std::string& leaf_pem = "") {
    SignedLayer s;
    s.payload = make_simple_signing({"registry.example/team/app", named});
    const std::string signature = m.leaf_key.sign(s.payload);
    s.signature_b64 = base64_encode(signature);
    s.certificate_pem = leaf_pem.empty() ? m.leaf_pem : leaf_pem;
    s.chain_pem = m.intermediate_pem + fixture("root.pem");
    const auto logged =
        log_entry(m, hashedrekord_body(signature, s.certificate_pem, sha256_raw(s.payload)), when);
    s.bundle_json = cosign_bundle(m, logged);
    return s;
}

UpstreamPolicy layer_keyless_policy(const Material& m) {
    UpstreamPolicy policy;
    policy.identity = IdentityPolicy::make(test_issuer, "", "https://github.com/example/.*", "p");
    policy.trusted_root = m.root;
    return policy;
}

std::string layer_refusal(const SignedLayer& s, const UpstreamPolicy& policy,
                          const Digest& expected = layer_image) {
    const UpstreamVerdict verdict = verify_cosign_layer(s.layer(), expected, policy);
    CHECK_FALSE(verdict.verified);
    CHECK(verdict.signer.empty());
    CHECK(verdict.failures.size() == 1);
    return verdict.why();
}

} // namespace

TEST_CASE("a keyless cosign signature layer verifies", "[cosign_layer]") {
    const Material m;
    const SignedLayer s = keyless_layer(m);
    const UpstreamVerdict verdict =
        verify_cosign_layer(s.layer(), layer_image, layer_keyless_policy(m));
    INFO(verdict.why());
    CHECK(verdict.verified);
    CHECK(verdict.signer == test_subject + " (" + test_issuer + ")");
    CHECK(verdict.tlog_checked);
    CHECK(verdict.logged_at == airlock::Timestamp{std::chrono::seconds(signed_time)});
    // The chain annotation is optional.
    SignedLayer no_chain = s;
    no_chain.chain_pem.clear();
    CHECK(verify_cosign_layer(no_chain.layer(), layer_image, layer_keyless_policy(m)).verified);
}

TEST_CASE("keyless cosign layers fail closed with a reason", "[cosign_layer]") {
    const Material m;
    const UpstreamPolicy policy = layer_keyless_policy(m);
    // The payload names another image.
    CHECK(layer_refusal(keyless_layer(m, Digest::of("another image")), policy) ==
          "the signed payload names " + Digest::of("another image").str() + ", not " +
              layer_image.str());
    // A tampered payload.
    SignedLayer tampered = keyless_layer(m);
    tampered.payload[tampered.payload.size() - 3] = ' ';
    CHECK_THAT(layer_refusal(tampered, policy), Catch::Contains("another artifact digest"));
    // No signature, or not base64.
    SignedLayer unsigned_layer = keyless_layer(m);
    unsigned_layer.signature_b64.clear();
    CHECK_THAT(layer_refusal(unsigned_layer, policy), Catch::StartsWith("no signature"));
    unsigned_layer.signature_b64 = "%%%";
    CHECK(layer_refusal(unsigned_layer, policy) == "the signature annotation is not base64");
    // A signature by another key over the same payload, logged as such.
    SignedLayer other_key = keyless_layer(m);
    const auto stranger = airlock::sign::PrivateKey::generate(airlock::sign::KeyType::ecdsa_p256);
    const std::string forged = stranger.sign(other_key.payload);
    other_key.signature_b64 = base64_encode(forged);
    other_key.bundle_json = cosign_bundle(
        m, log_entry(m, hashedrekord_body(forged, m.leaf_pem, sha256_raw(other_key.payload))));
    CHECK(layer_refusal(other_key, policy) ==
          "the signature does not verify with the certificate's key");
    // Certificate expired at the entry's time; untrusted CA; SCT missing and forged.
    CHECK_THAT(layer_refusal(keyless_layer(m, layer_image, signed_time + 600), policy),
               Catch::StartsWith("certificate expired at the entry's time 2026-01-10T10:11:00Z"));
    CHECK_THAT(
        layer_refusal(keyless_layer(m, layer_image, signed_time, fixture("leaf-untrusted-ca.pem")),
                      policy),
        Catch::StartsWith("certificate from an untrusted CA"));
    CHECK(layer_refusal(keyless_layer(m, layer_image, signed_time, fixture("leaf-no-sct.pem")),
                        policy) == "certificate has no embedded SCT");
    CHECK_THAT(
        layer_refusal(keyless_layer(m, layer_image, signed_time, fixture("leaf-forged-sct.pem")),
                      policy),
        Catch::StartsWith("SCT signature does not verify"));
    // No Rekor bundle; a forged SET.
    SignedLayer no_bundle = keyless_layer(m);
    no_bundle.bundle_json.clear();
    CHECK(layer_refusal(no_bundle, policy) ==
          "transparency log proof missing (no dev.sigstore.cosign/bundle annotation)");
    SignedLayer forged_set = keyless_layer(m);
    auto bundle = nlohmann::json::parse(forged_set.bundle_json);
    bundle["Payload"]["integratedTime"] = signed_time - 30;
    forged_set.bundle_json = bundle.dump();
    CHECK_THAT(layer_refusal(forged_set, policy), Catch::StartsWith("SET does not verify"));
    bundle["Payload"]["logID"] = "zz";
    forged_set.bundle_json = bundle.dump();
    CHECK_THAT(layer_refusal(forged_set, policy), Catch::Contains("logID: not 64 hex digits"));
    // A certificate that is not PEM.
    SignedLayer bad_cert = keyless_layer(m);
    bad_cert.certificate_pem = "garbage";
    CHECK_THAT(layer_refusal(bad_cert, policy),
               Catch::StartsWith("certificate annotation: not PEM"));
}

TEST_CASE("keyless cosign layers check the identity", "[cosign_layer]") {
    const Material m;
    UpstreamPolicy policy = layer_keyless_policy(m);
    policy.identity = IdentityPolicy::make(test_issuer, "", "https://github.com/other/.*", "p");
    CHECK_THAT(layer_refusal(keyless_layer(m), policy),
               Catch::StartsWith("identity " + test_subject));
    policy.identity = IdentityPolicy::make("https://gitlab.com", test_subject, "", "p");
    CHECK_THAT(layer_refusal(keyless_layer(m), policy), Catch::Contains("does not match"));
    policy.identity.reset();
    CHECK_THAT(layer_refusal(keyless_layer(m), policy),
               Catch::Contains("no identity and trusted root"));
}

TEST_CASE("key-based cosign layers verify with SHA-256 for every key type", "[cosign_layer]") {
    const Material m;
    SignedLayer s;
    s.payload = make_simple_signing({"registry.example/team/app", layer_image});
    const std::string signature = m.leaf_key.sign(s.payload);
    s.signature_b64 = base64_encode(signature);
    UpstreamPolicy policy;
    const VerifyingKey key = VerifyingKey::from_pem(m.leaf_key.public_key().pem(), "key");
    const VerifyingKey other = VerifyingKey::from_pem(
        airlock::sign::PrivateKey::generate(airlock::sign::KeyType::ed25519).public_key().pem(),
        "other");
    policy.keys = {other, key};
    UpstreamVerdict verdict = verify_cosign_layer(s.layer(), layer_image, policy);
    CHECK(verdict.verified);
    CHECK_FALSE(verdict.tlog_checked);
    CHECK(verdict.signer == "key " + key.id().substr(0, 16));

    // A P-384 cosign key signs SHA-256 digests too (keys.json's "sha256" signature).
    const auto keys = nlohmann::json::parse(fixture("keys.json"));
    const std::string message = *airlock::base64_decode(keys["message"].get<std::string>());
    for (const auto& k : keys["keys"]) {
        if (k["name"] == "p384") {
            UpstreamPolicy p384;
            p384.keys = {VerifyingKey::from_pem(k["pem"].get<std::string>(), "p384")};
            SignedLayer not_a_payload;
            not_a_payload.payload = message;
            not_a_payload.signature_b64 = k["sha256"].get<std::string>();
            const auto v = verify_cosign_layer(not_a_payload.layer(), layer_image, p384);
            // The signature verifies; the message is not a cosign payload.
            CHECK_THAT(v.why(), Catch::StartsWith("cosign payload"));
        }
    }

    SignedLayer tampered = s;
    tampered.payload.insert(tampered.payload.size() - 1, " ");
    CHECK(layer_refusal(tampered, policy) ==
          "the signature does not verify with any of the policy's 2 keys");

    policy.keys = {other};
    CHECK(layer_refusal(s, policy) ==
          "the signature does not verify with any of the policy's 1 keys");
    policy.keys.clear();
    CHECK_THAT(layer_refusal(s, policy), Catch::Contains("the policy has no keys"));

    // With a trusted root the Rekor entry is required, and must name the key.
    policy.keys = {key};
    policy.trusted_root = m.root;
    CHECK_THAT(layer_refusal(s, policy), Catch::StartsWith("transparency log proof missing"));
    s.bundle_json =
        cosign_bundle(m, log_entry(m, hashedrekord_body(signature, m.leaf_key.public_key().pem(),
                                                        sha256_raw(s.payload))));
    verdict = verify_cosign_layer(s.layer(), layer_image, policy);
    INFO(verdict.why());
    CHECK(verdict.verified);
    CHECK(verdict.tlog_checked);
    s.bundle_json = cosign_bundle(
        m, log_entry(m, hashedrekord_body(signature, m.leaf_pem, sha256_raw(s.payload))));
    CHECK(layer_refusal(s, policy) ==
          "the transparency log entry names another certificate or key");
}

TEST_CASE("no single-byte change to a cosign layer verifies, and none throws", "[cosign_layer]") {
    const Material m;
    const UpstreamPolicy policy = layer_keyless_policy(m);
    const SignedLayer good = keyless_layer(m);
    REQUIRE(verify_cosign_layer(good.layer(), layer_image, policy).verified);
    auto mutate = [&](std::string SignedLayer::*field) {
        const std::string& original = good.*field;
        for (std::size_t i = 0; i < original.size(); i += 29) {
            SignedLayer changed = good;
            (changed.*field)[i] = static_cast<char>((changed.*field)[i] ^ 0x01);
            UpstreamVerdict verdict;
            REQUIRE_NOTHROW(verdict = verify_cosign_layer(changed.layer(), layer_image, policy));
            INFO("byte " << i << " of " << original.substr(0, 40));
            CHECK_FALSE(verdict.verified);
        }
    };
    mutate(&SignedLayer::payload);
    mutate(&SignedLayer::signature_b64);
    mutate(&SignedLayer::certificate_pem);
    mutate(&SignedLayer::bundle_json);
}
