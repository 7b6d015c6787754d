#include "common/sign/sigstore_bundle.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/sign/dsse.hpp"
#include "tests/unit/common/sign/sigstore_test_material.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using airlock::base64_encode;
using airlock::Digest;
using airlock::ErrorCode;
using airlock::sign::IdentityPolicy;
using airlock::sign::parse_sigstore_bundle;
using airlock::sign::parse_trusted_root;
using airlock::sign::UpstreamPolicy;
using airlock::sign::UpstreamVerdict;
using airlock::sign::verify_sigstore_bundle;
using airlock::sign::VerifyingKey;
using airlock::test::error_code_of;
using airlock::test::sigstore::bundle_tlog_entry;
using airlock::test::sigstore::fixture;
using airlock::test::sigstore::hashedrekord_body;
using airlock::test::sigstore::log_entry;
using airlock::test::sigstore::Material;
using airlock::test::sigstore::sha256_raw;
using airlock::test::sigstore::signed_time;
using airlock::test::sigstore::test_issuer;
using airlock::test::sigstore::test_subject;
using nlohmann::json;

namespace {

const std::string bundled_manifest = "{\"schemaVersion\":2,\"layers\":[]}";
const Digest bundled_digest = Digest::of(bundled_manifest);

UpstreamPolicy bundle_keyless_policy(const Material& m) {
    UpstreamPolicy policy;
    policy.identity = IdentityPolicy::make(test_issuer, test_subject, "", "test policy");
    policy.trusted_root = m.root;
    return policy;
}

// A v0.3 bundle: the leaf's message signature over `artifact` (ECDSA over
// its sha256, the image manifest's digest), logged at `when`.
json message_bundle(const Material& m, const std::string& artifact, std::int64_t when = signed_time,
                    const std::string& leaf_pem = "") {
    const std::string pem = leaf_pem.empty() ? m.leaf_pem : leaf_pem;
    const std::string signature = m.leaf_key.sign(artifact);
    const auto logged = log_entry(m, hashedrekord_body(signature, pem, sha256_raw(artifact)), when);
    return {{"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
            {"verificationMaterial",
             {{"certificate", {{"rawBytes", base64_encode(airlock::test::sigstore::pem_der(pem))}}},
              {"tlogEntries", {bundle_tlog_entry(m, logged)}}}},
            {"messageSignature",
             {{"messageDigest",
               {{"algorithm", "SHA2_256"}, {"digest", base64_encode(sha256_raw(artifact))}}},
              {"signature", base64_encode(signature)}}}};
}

// A v0.3 bundle with a DSSE envelope over an in-toto statement about `subject`.
json dsse_bundle(const Material& m, const Digest& subject) {
    const json statement = {
        {"_type", "https://in-toto.io/Statement/v1"},
        {"subject", {{{"name", "registry.example/app"}, {"digest", {{"sha256", subject.hex()}}}}}},
        {"predicateType", "https://cosign.sigstore.dev/attestation/v1"},
        {"predicate", json::object()}};
    const std::string payload = statement.dump();
    const std::string type = "application/vnd.in-toto+json";
    const std::string signature = m.leaf_key.sign(airlock::dsse::pae(type, payload));
    const json envelope = {{"payload", base64_encode(payload)},
                           {"payloadType", type},
                           {"signatures", {{{"sig", base64_encode(signature)}}}}};
    const auto logged = log_entry(
        m, airlock::test::sigstore::dsse_body(envelope.dump(), payload, signature, m.leaf_pem));
    return {{"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
            {"verificationMaterial",
             {{"certificate", {{"rawBytes", base64_encode(m.leaf_der)}}},
              {"tlogEntries", {bundle_tlog_entry(m, logged, "dsse")}}}},
            {"dsseEnvelope", envelope}};
}

UpstreamVerdict verify_bundle(const json& bundle, const Digest& expected,
                              const UpstreamPolicy& policy) {
    const UpstreamVerdict verdict = verify_sigstore_bundle(bundle.dump(), expected, policy);
    UNSCOPED_INFO("why: " << verdict.why());
    return verdict;
}

} // namespace

TEST_CASE("a real staging bundle verifies offline against the staging trusted root",
          "[sigstore_bundle]") {
    UpstreamPolicy policy;
    policy.identity =
        IdentityPolicy::make("https://github.com/login/oauth", "william@yossarian.net", "", "p");
    policy.trusted_root =
        parse_trusted_root(fixture("public/staging-trusted_root.json"), "staging root");
    const std::string bundle = fixture("public/staging-bundle_v3.txt.sigstore");
    const Digest artifact =
        Digest::from_hex("5e6ae9de58c1177bea615b4fcbfb2fd688e8c4b51c2e56b6a38e817833ec24a2");
    const UpstreamVerdict verdict = verify_sigstore_bundle(bundle, artifact, policy);
    INFO(verdict.why());
    CHECK(verdict.verified);
    CHECK(verdict.signer == "william@yossarian.net (https://github.com/login/oauth)");
    CHECK(verdict.tlog_checked);
    REQUIRE(verdict.logged_at);
    CHECK(airlock::format_rfc3339(*verdict.logged_at) == "2024-04-02T19:19:09Z");

    const auto other = verify_sigstore_bundle(bundle, Digest::of("other"), policy);
    CHECK_FALSE(other.verified);
    CHECK_THAT(other.why(), Catch::StartsWith("the signature is over another digest"));
    // The public-good root does not know the staging CA and logs.
    policy.trusted_root = parse_trusted_root(fixture("public/public-good-trusted_root.json"), "p");
    CHECK_FALSE(verify_sigstore_bundle(bundle, artifact, policy).verified);
}

TEST_CASE("a real public-good v0.2 bundle with a certificate chain verifies", "[sigstore_bundle]") {
    UpstreamPolicy policy;
    policy.identity = IdentityPolicy::make(
        "https://token.actions.githubusercontent.com", "",
        R"(https://github\.com/trailofbits/rfc8785\.py/\.github/workflows/release\.yml@refs/tags/v.*)",
        "p");
    policy.trusted_root = parse_trusted_root(fixture("public/public-good-trusted_root.json"), "p");
    const Digest artifact =
        Digest::from_hex("c4e92e9ecc828bef2aa7dba1de8ac983511f7532a0df11c770d39099a25cf201");
    const auto verdict = verify_sigstore_bundle(
        fixture("public/public-good-bundle_v3_github.whl.sigstore"), artifact, policy);
    INFO(verdict.why());
    CHECK(verdict.verified);
    policy.identity = IdentityPolicy::make("https://token.actions.githubusercontent.com", "",
                                           "https://github.com/sigstore/.*", "p");
    const auto wrong = verify_sigstore_bundle(
        fixture("public/public-good-bundle_v3_github.whl.sigstore"), artifact, policy);
    CHECK_FALSE(wrong.verified);
    CHECK_THAT(wrong.why(), Catch::StartsWith("identity https://github.com/trailofbits/"));
}

TEST_CASE("keyless message-signature bundles verify for the image's digest", "[sigstore_bundle]") {
    const Material m;
    const UpstreamPolicy policy = bundle_keyless_policy(m);
    const auto verdict = verify_bundle(message_bundle(m, bundled_manifest), bundled_digest, policy);
    CHECK(verdict.verified);
    CHECK(verdict.failures.empty());
    CHECK(verdict.signer == test_subject + " (" + test_issuer + ")");
    CHECK(verdict.logged_at == airlock::Timestamp{std::chrono::seconds(signed_time)});

    // As a v0.1 bundle (SET only) and as a v0.2 one with a chain.
    json v01 = message_bundle(m, bundled_manifest);
    v01["mediaType"] = "application/vnd.dev.sigstore.bundle+json;version=0.1";
    v01["verificationMaterial"]["tlogEntries"][0].erase("inclusionProof");
    CHECK(verify_bundle(v01, bundled_digest, policy).verified);
    json v02 = message_bundle(m, bundled_manifest);
    v02["mediaType"] = "application/vnd.dev.sigstore.bundle+json;version=0.2";
    v02["verificationMaterial"].erase("certificate");
    v02["verificationMaterial"]["x509CertificateChain"] = {
        {"certificates",
         {{{"rawBytes", base64_encode(m.leaf_der)}},
          {{"rawBytes", base64_encode(m.intermediate_der)}}}}};
    CHECK(verify_bundle(v02, bundled_digest, policy).verified);
}

TEST_CASE("keyless bundles fail closed with a reason", "[sigstore_bundle]") {
    const Material m;
    const UpstreamPolicy policy = bundle_keyless_policy(m);
    auto refused = [&](const json& bundle, const Digest& expected = bundled_digest) {
        const auto verdict = verify_bundle(bundle, expected, policy);
        CHECK_FALSE(verdict.verified);
        CHECK(verdict.signer.empty());
        REQUIRE(verdict.failures.size() == 1);
        return verdict.failures[0];
    };
    // Over another digest.
    CHECK_THAT(refused(message_bundle(m, bundled_manifest), Digest::of("another manifest")),
               Catch::StartsWith("the signature is over another digest (sha256:"));
    // The digest claimed is the image's, the signature is over something else.
    json lying = message_bundle(m, "something else");
    lying["messageSignature"]["messageDigest"]["digest"] =
        base64_encode(sha256_raw(bundled_manifest));
    CHECK_THAT(refused(lying), Catch::Contains("another artifact digest"));
    // Its signature replaced by one over another artifact.
    json tampered = message_bundle(m, bundled_manifest);
    tampered["messageSignature"]["signature"] = base64_encode(m.leaf_key.sign("other"));
    CHECK_THAT(refused(tampered), Catch::Contains("another signature"));
    // Expired at the entry's time.
    CHECK_THAT(refused(message_bundle(m, bundled_manifest, signed_time + 3600)),
               Catch::StartsWith("certificate expired at the entry's time 2026-01-10T11:01:00Z"));
    // Untrusted CA, missing or forged SCT.
    CHECK_THAT(
        refused(message_bundle(m, bundled_manifest, signed_time, fixture("leaf-untrusted-ca.pem"))),
        Catch::StartsWith("certificate from an untrusted CA"));
    CHECK(refused(message_bundle(m, bundled_manifest, signed_time, fixture("leaf-no-sct.pem"))) ==
          "certificate has no embedded SCT");
    CHECK_THAT(
        refused(message_bundle(m, bundled_manifest, signed_time, fixture("leaf-forged-sct.pem"))),
        Catch::StartsWith("SCT signature does not verify"));
    // No log entry; SET forged; inclusion proof wrong; checkpoint forged.
    json no_log = message_bundle(m, bundled_manifest);
    no_log["verificationMaterial"]["tlogEntries"] = json::array();
    CHECK(refused(no_log) == "transparency log proof missing (the bundle has no tlog entry)");
    json no_set = message_bundle(m, bundled_manifest);
    no_set["verificationMaterial"]["tlogEntries"][0].erase("inclusionPromise");
    CHECK(refused(no_set) == "transparency log proof missing (no signed entry timestamp)");
    json forged_set = message_bundle(m, bundled_manifest);
    forged_set["verificationMaterial"]["tlogEntries"][0]["integratedTime"] =
        std::to_string(signed_time + 1);
    CHECK_THAT(refused(forged_set), Catch::StartsWith("SET does not verify"));
    json wrong_hash = message_bundle(m, bundled_manifest);
    wrong_hash["verificationMaterial"]["tlogEntries"][0]["inclusionProof"]["hashes"][0] =
        base64_encode(sha256_raw("wrong"));
    CHECK(refused(wrong_hash) == "inclusion proof does not lead to its root hash");
    json forged_checkpoint = message_bundle(m, bundled_manifest);
    auto& entry = forged_checkpoint["verificationMaterial"]["tlogEntries"][0];
    entry["inclusionProof"]["checkpoint"]["envelope"] = airlock::test::sigstore::checkpoint(
        m.leaf_key, m.log_id, std::stoull(entry["inclusionProof"]["treeSize"].get<std::string>()),
        *airlock::base64_decode(entry["inclusionProof"]["rootHash"].get<std::string>()));
    CHECK_THAT(refused(forged_checkpoint), Catch::StartsWith("checkpoint signature does not"));
    // v0.2 and later need the inclusion proof.
    json no_proof = message_bundle(m, bundled_manifest);
    no_proof["verificationMaterial"]["tlogEntries"][0].erase("inclusionProof");
    CHECK_THAT(refused(no_proof), Catch::Contains("inclusionProof: required"));
    // An unknown log.
    json unknown_log = message_bundle(m, bundled_manifest);
    unknown_log["verificationMaterial"]["tlogEntries"][0]["logId"]["keyId"] =
        base64_encode(sha256_raw("another log"));
    CHECK_THAT(refused(unknown_log), Catch::StartsWith("transparency log entry from a log"));
}

TEST_CASE("keyless bundles check the identity", "[sigstore_bundle]") {
    const Material m;
    UpstreamPolicy policy = bundle_keyless_policy(m);
    policy.identity = IdentityPolicy::make("https://accounts.google.com", test_subject, "", "p");
    auto verdict = verify_bundle(message_bundle(m, bundled_manifest), bundled_digest, policy);
    CHECK_FALSE(verdict.verified);
    CHECK_THAT(verdict.why(), Catch::StartsWith("identity " + test_subject + " from " +
                                                test_issuer + " does not match subject"));
    policy.identity = IdentityPolicy::make(test_issuer, "", ".*@example.com", "p");
    CHECK_FALSE(
        verify_bundle(message_bundle(m, bundled_manifest), bundled_digest, policy).verified);
    // No identity in the policy: keyless bundles are refused.
    policy.identity.reset();
    verdict = verify_bundle(message_bundle(m, bundled_manifest), bundled_digest, policy);
    CHECK_FALSE(verdict.verified);
    CHECK_THAT(verdict.why(), Catch::Contains("no identity and trusted root"));
}

TEST_CASE("DSSE bundles verify when the statement names the image", "[sigstore_bundle]") {
    const Material m;
    const UpstreamPolicy policy = bundle_keyless_policy(m);
    CHECK(verify_bundle(dsse_bundle(m, bundled_digest), bundled_digest, policy).verified);
    const auto other = verify_bundle(dsse_bundle(m, Digest::of("other")), bundled_digest, policy);
    CHECK_FALSE(other.verified);
    CHECK(other.why() == "the signed statement has no subject with digest " + bundled_digest.str());
    json tampered = dsse_bundle(m, bundled_digest);
    tampered["dsseEnvelope"]["payload"] = base64_encode("{\"_type\":\"x\"}");
    CHECK_FALSE(verify_bundle(tampered, bundled_digest, policy).verified);
    json unsigned_envelope = dsse_bundle(m, bundled_digest);
    unsigned_envelope["dsseEnvelope"]["signatures"] = json::array();
    const auto none = verify_bundle(unsigned_envelope, bundled_digest, policy);
    CHECK_FALSE(none.verified);
    CHECK_THAT(none.why(), Catch::Contains("exactly one signature, it has 0"));
}

TEST_CASE("key-based bundles verify with a policy key, and the log when a root is given",
          "[sigstore_bundle]") {
    const Material m;
    const std::string signature = m.leaf_key.sign(bundled_manifest);
    const auto logged = log_entry(m, hashedrekord_body(signature, m.leaf_key.public_key().pem(),
                                                       sha256_raw(bundled_manifest)));
    json bundle = {
        {"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
        {"verificationMaterial",
         {{"publicKey", {{"hint", "some hint"}}}, {"tlogEntries", {bundle_tlog_entry(m, logged)}}}},
        {"messageSignature",
         {{"messageDigest",
           {{"algorithm", "SHA2_256"}, {"digest", base64_encode(sha256_raw(bundled_manifest))}}},
          {"signature", base64_encode(signature)}}}};
    const VerifyingKey right = VerifyingKey::from_pem(m.leaf_key.public_key().pem(), "k");
    const VerifyingKey wrong = VerifyingKey::from_pem(
        airlock::sign::PrivateKey::generate(airlock::sign::KeyType::ecdsa_p256).public_key().pem(),
        "other");
    UpstreamPolicy policy;
    policy.keys = {wrong, right};
    auto verdict = verify_bundle(bundle, bundled_digest, policy);
    CHECK(verdict.verified);
    CHECK_FALSE(verdict.tlog_checked);
    CHECK(verdict.signer == "key " + right.id().substr(0, 16));
    policy.trusted_root = m.root;
    verdict = verify_bundle(bundle, bundled_digest, policy);
    CHECK(verdict.verified);
    CHECK(verdict.tlog_checked);

    policy.keys = {wrong};
    verdict = verify_bundle(bundle, bundled_digest, policy);
    CHECK_FALSE(verdict.verified);
    CHECK(verdict.why() == "the signature does not verify with any of the policy's 1 keys");
    // Keys that cannot check a SHA-256 digest say so.
    const auto keys = json::parse(fixture("keys.json"));
    for (const auto& k : keys["keys"]) {
        if (k["name"] == "ed25519" || k["name"] == "p384") {
            policy.keys = {VerifyingKey::from_pem(k["pem"].get<std::string>(), "k")};
            const std::string why = verify_bundle(bundle, bundled_digest, policy).why();
            CHECK_THAT(why, Catch::Contains(k["name"] == "p384"
                                                ? "(a ecdsa-p384 key signs sha384 digests, the "
                                                  "bundle's is sha256)"
                                                : "(an Ed25519 message signature needs the "
                                                  "artifact's bytes"));
        }
    }
    policy.keys = {right};
    json no_log = bundle;
    no_log["verificationMaterial"].erase("tlogEntries");
    CHECK(verify_bundle(no_log, bundled_digest, policy).why() ==
          "transparency log proof missing (the bundle has no tlog entry)");
    policy.keys.clear();
    CHECK_THAT(verify_bundle(bundle, bundled_digest, policy).why(),
               Catch::Contains("the policy has no keys"));
}

TEST_CASE("sigstore bundles are parsed strictly", "[sigstore_bundle]") {
    const Material m;
    auto parse_error = [](const json& doc) {
        std::string message;
        CHECK(error_code_of([&] { (void)parse_sigstore_bundle(doc.dump()); }, &message) ==
              ErrorCode::signature);
        return message;
    };
    json bundle = message_bundle(m, bundled_manifest);
    const auto parsed = parse_sigstore_bundle(bundle.dump());
    CHECK(parsed.minor_version == 3);
    REQUIRE(parsed.tlog_entries.size() == 1);
    CHECK(parsed.tlog_entries[0].kind == "hashedrekord");
    CHECK(parsed.tlog_entries[0].inclusion_proof);

    json b = bundle;
    b["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.4+json";
    CHECK_THAT(parse_error(b), Catch::Contains("mediaType: unknown media type"));
    b = bundle;
    b["dsseEnvelope"] = json::object();
    CHECK_THAT(parse_error(b), Catch::Contains("exactly one of messageSignature and dsseEnvelope"));
    b = bundle;
    b["verificationMaterial"]["publicKey"] = {{"hint", "x"}};
    CHECK_THAT(parse_error(b), Catch::Contains("exactly one of certificate"));
    b = bundle;
    b["verificationMaterial"]["tlogEntries"][0]["logIndex"] = "-1";
    CHECK_THAT(parse_error(b),
               Catch::Contains("verificationMaterial.tlogEntries[0].logIndex: expected a "
                               "non-negative integer"));
    b = bundle;
    b["messageSignature"]["messageDigest"]["algorithm"] = "MD5";
    CHECK_THAT(parse_error(b), Catch::Contains("messageDigest.algorithm"));
    b = bundle;
    b["messageSignature"]["messageDigest"]["digest"] = base64_encode("short");
    CHECK_THAT(parse_error(b), Catch::Contains("wrong size for sha256"));

    const auto garbage = verify_sigstore_bundle("{", bundled_digest, bundle_keyless_policy(m));
    CHECK_FALSE(garbage.verified);
    CHECK_THAT(garbage.why(), Catch::StartsWith("sigstore bundle: "));
}

TEST_CASE("no single-byte change to a bundle verifies, and none throws", "[sigstore_bundle]") {
    const Material m;
    const UpstreamPolicy policy = bundle_keyless_policy(m);
    const std::string good = message_bundle(m, bundled_manifest).dump();
    REQUIRE(verify_sigstore_bundle(good, bundled_digest, policy).verified);
    std::size_t refused = 0;
    for (std::size_t i = 0; i < good.size(); i += 23) {
        std::string changed = good;
        changed[i] = static_cast<char>(changed[i] ^ 0x01);
        UpstreamVerdict verdict;
        REQUIRE_NOTHROW(verdict = verify_sigstore_bundle(changed, bundled_digest, policy));
        INFO("byte " << i << ": " << changed.substr(i > 20 ? i - 20 : 0, 40));
        CHECK_FALSE(verdict.verified);
        CHECK_FALSE(verdict.failures.empty());
        refused += verdict.verified ? 0 : 1;
    }
    CHECK(refused > 100);
}
