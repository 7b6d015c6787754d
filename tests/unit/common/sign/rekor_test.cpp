#include "common/sign/rekor.hpp"

#include "common/core/base64.hpp"
#include "tests/unit/common/sign/sigstore_test_material.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using airlock::base64_decode;
using airlock::sign::check_entry_binds;
using airlock::sign::check_inclusion_proof;
using airlock::sign::check_signed_entry_timestamp;
using airlock::sign::InclusionProof;
using airlock::sign::LoggedSignature;
using airlock::sign::merkle_leaf_hash;
using airlock::sign::merkle_root_from_proof;
using airlock::sign::parse_checkpoint;
using airlock::sign::parse_trusted_root;
using airlock::sign::RekorEntry;
using airlock::test::sigstore::fixture;
using airlock::test::sigstore::hashedrekord_body;
using airlock::test::sigstore::LoggedEntry;
using airlock::test::sigstore::Material;
using airlock::test::sigstore::sha256_raw;

namespace {

RekorEntry rekor_entry_of(const Material& m, const LoggedEntry& e) {
    RekorEntry entry;
    entry.body = e.body;
    entry.integrated_time = e.integrated_time;
    entry.log_index = e.log_index;
    entry.log_id = m.log_id;
    entry.kind = "hashedrekord";
    entry.version = "0.0.1";
    entry.signed_entry_timestamp = e.set;
    entry.inclusion_proof =
        InclusionProof{e.proof_index, e.root_hash, e.tree_size, e.hashes, e.checkpoint};
    return entry;
}

struct RekorCase {
    Material m;
    std::string artifact = "artifact bytes";
    std::string signature = m.leaf_key.sign(artifact);
    std::string body = hashedrekord_body(signature, m.leaf_pem, sha256_raw(artifact));
    LoggedEntry logged = airlock::test::sigstore::log_entry(m, body);
    RekorEntry entry = rekor_entry_of(m, logged);

    LoggedSignature by_certificate() const {
        LoggedSignature s;
        s.signature = signature;
        s.verifier_der = m.leaf_der;
        s.verifier_is_certificate = true;
        s.digest = sha256_raw(artifact);
        return s;
    }
};

} // namespace

TEST_CASE("a real Rekor entry's SET, inclusion proof and checkpoint verify", "[rekor]") {
    const auto bundle = nlohmann::json::parse(fixture("public/staging-bundle_v3.txt.sigstore"));
    const auto root = parse_trusted_root(fixture("public/staging-trusted_root.json"), "staging");
    const auto& e = bundle["verificationMaterial"]["tlogEntries"][0];
    RekorEntry entry;
    entry.body = *base64_decode(e["canonicalizedBody"].get<std::string>());
    entry.integrated_time = std::stoll(e["integratedTime"].get<std::string>());
    entry.log_index = std::stoll(e["logIndex"].get<std::string>());
    entry.log_id = *base64_decode(e["logId"]["keyId"].get<std::string>());
    entry.signed_entry_timestamp =
        *base64_decode(e["inclusionPromise"]["signedEntryTimestamp"].get<std::string>());
    const auto& p = e["inclusionProof"];
    InclusionProof proof;
    proof.log_index = std::stoull(p["logIndex"].get<std::string>());
    proof.tree_size = std::stoull(p["treeSize"].get<std::string>());
    proof.root_hash = *base64_decode(p["rootHash"].get<std::string>());
    for (const auto& h : p["hashes"]) {
        proof.hashes.push_back(*base64_decode(h.get<std::string>()));
    }
    proof.checkpoint = p["checkpoint"]["envelope"].get<std::string>();
    entry.inclusion_proof = proof;
    CHECK(check_signed_entry_timestamp(entry, root).empty());
    CHECK(check_inclusion_proof(entry, root).empty());
    const auto checkpoint = parse_checkpoint(proof.checkpoint);
    REQUIRE(checkpoint);
    CHECK(checkpoint->origin == "rekor.sigstage.dev - 8050909264565447525");
    CHECK(checkpoint->tree_size == proof.tree_size);
    REQUIRE(checkpoint->signatures.size() == 1);
    CHECK(checkpoint->signatures[0].name == "rekor.sigstage.dev");
    // The SET signs the log-wide index, not the shard's.
    entry.log_index = static_cast<std::int64_t>(proof.log_index);
    CHECK(check_signed_entry_timestamp(entry, root) ==
          "SET does not verify with transparency log https://rekor.sigstage.dev's key");
}

TEST_CASE("signed entry timestamps fail closed", "[rekor]") {
    RekorCase c;
    CHECK(check_signed_entry_timestamp(c.entry, c.m.root).empty());
    RekorEntry forged = c.entry;
    forged.integrated_time += 1;
    CHECK(check_signed_entry_timestamp(forged, c.m.root) ==
          "SET does not verify with transparency log https://rekor.test.example's key");
    forged = c.entry;
    forged.body += " ";
    CHECK_THAT(check_signed_entry_timestamp(forged, c.m.root), Catch::StartsWith("SET does not"));
    forged = c.entry;
    forged.signed_entry_timestamp = c.m.leaf_key.sign("anything");
    CHECK_THAT(check_signed_entry_timestamp(forged, c.m.root), Catch::StartsWith("SET does not"));
    forged = c.entry;
    forged.signed_entry_timestamp.clear();
    CHECK(check_signed_entry_timestamp(forged, c.m.root) ==
          "transparency log proof missing (no signed entry timestamp)");
    forged = c.entry;
    forged.log_id = sha256_raw("another log");
    CHECK_THAT(
        check_signed_entry_timestamp(forged, c.m.root),
        Catch::StartsWith("transparency log entry from a log the trusted root does not list"));

    auto doc = nlohmann::json::parse(c.m.trusted_root_json);
    doc["tlogs"][0]["publicKey"]["validFor"]["end"] = "2025-06-01T00:00:00Z";
    CHECK_THAT(check_signed_entry_timestamp(c.entry, parse_trusted_root(doc.dump(), "root")),
               Catch::Contains("was not trusted at the entry's time"));
}

TEST_CASE("inclusion proofs and checkpoints fail closed", "[rekor]") {
    RekorCase c;
    CHECK(check_inclusion_proof(c.entry, c.m.root).empty());

    RekorEntry bad = c.entry;
    bad.inclusion_proof->hashes[1][0] ^= 1;
    CHECK(check_inclusion_proof(bad, c.m.root) == "inclusion proof does not lead to its root hash");
    bad = c.entry;
    bad.body += " ";
    CHECK(check_inclusion_proof(bad, c.m.root) == "inclusion proof does not lead to its root hash");
    bad = c.entry;
    bad.inclusion_proof->hashes.pop_back();
    CHECK_THAT(check_inclusion_proof(bad, c.m.root),
               Catch::StartsWith("inclusion proof does not fit"));
    bad = c.entry;
    bad.inclusion_proof->log_index = bad.inclusion_proof->tree_size;
    CHECK_THAT(check_inclusion_proof(bad, c.m.root),
               Catch::StartsWith("inclusion proof does not fit"));
    bad = c.entry;
    bad.inclusion_proof.reset();
    CHECK(check_inclusion_proof(bad, c.m.root) ==
          "transparency log proof missing (no inclusion proof)");

    // A checkpoint for another tree, correctly signed.
    bad = c.entry;
    bad.inclusion_proof->checkpoint = airlock::test::sigstore::checkpoint(
        c.m.rekor_key, c.m.log_id, c.logged.tree_size + 1, c.logged.root_hash);
    CHECK(check_inclusion_proof(bad, c.m.root) ==
          "inclusion proof's checkpoint names another tree (size or root hash)");
    // A checkpoint signed by another key.
    bad = c.entry;
    bad.inclusion_proof->checkpoint = airlock::test::sigstore::checkpoint(
        c.m.leaf_key, c.m.log_id, c.logged.tree_size, c.logged.root_hash);
    CHECK(check_inclusion_proof(bad, c.m.root) ==
          "checkpoint signature does not verify with transparency log "
          "https://rekor.test.example's key");
    // The right signature under another key hint.
    bad = c.entry;
    bad.inclusion_proof->checkpoint = airlock::test::sigstore::checkpoint(
        c.m.rekor_key, "ABCD", c.logged.tree_size, c.logged.root_hash);
    CHECK_THAT(check_inclusion_proof(bad, c.m.root), Catch::StartsWith("checkpoint signature"));
    // A note with its text changed after signing.
    bad = c.entry;
    std::string& note = bad.inclusion_proof->checkpoint;
    note.insert(note.find("\n\n") + 1, "extra line\n");
    CHECK_THAT(check_inclusion_proof(bad, c.m.root), Catch::StartsWith("checkpoint signature"));
    bad = c.entry;
    bad.inclusion_proof->checkpoint = "not a note";
    CHECK(check_inclusion_proof(bad, c.m.root) ==
          "inclusion proof's checkpoint is not a signed note");
}

TEST_CASE("Merkle proofs follow RFC 9162 for every leaf of small trees", "[rekor]") {
    for (std::size_t size = 1; size <= 9; ++size) {
        std::vector<std::string> leaves;
        for (std::size_t i = 0; i < size; ++i) {
            leaves.push_back("leaf " + std::to_string(i));
        }
        const std::string root = airlock::test::sigstore::merkle_hash(leaves, 0, size);
        for (std::size_t i = 0; i < size; ++i) {
            const auto path = airlock::test::sigstore::merkle_path(leaves, i, 0, size);
            const auto computed =
                merkle_root_from_proof(i, size, merkle_leaf_hash(leaves[i]), path);
            INFO("size " << size << " index " << i);
            REQUIRE(computed);
            CHECK(*computed == root);
            if (size > 1) {
                CHECK(merkle_root_from_proof(i, size, merkle_leaf_hash("other"), path) != root);
            }
        }
    }
}

TEST_CASE("checkpoints parse as signed notes", "[rekor]") {
    CHECK_FALSE(parse_checkpoint(""));
    CHECK_FALSE(parse_checkpoint("origin\n12\nAAAA\n\n"));
    CHECK_FALSE(parse_checkpoint("origin\n012\n" + airlock::base64_encode(std::string(32, 'r')) +
                                 "\n\n\xe2\x80\x94 name AAAAAAAA\n"));
    const std::string root = airlock::base64_encode(std::string(32, 'r'));
    CHECK_FALSE(parse_checkpoint("origin\n12\n" + root + "\n\n- name AAAAAAAA\n"));
    CHECK_FALSE(parse_checkpoint("origin\n12\n" + root + "\n\n\xe2\x80\x94 name AAAAAAAA"));
    const auto ok = parse_checkpoint("origin\n12\n" + root + "\nextension\n\n\xe2\x80\x94 a b " +
                                     airlock::base64_encode("hintsignature") + "\n");
    REQUIRE(ok);
    CHECK(ok->signed_text == "origin\n12\n" + root + "\nextension\n");
    CHECK(ok->signatures[0].name == "a b");
    CHECK(ok->signatures[0].key_hint == "hint");
    CHECK(ok->signatures[0].signature == "signature");
}

TEST_CASE("entry bodies must bind the signature being verified", "[rekor]") {
    RekorCase c;
    const LoggedSignature good = c.by_certificate();
    CHECK(check_entry_binds(c.entry, good).empty());

    LoggedSignature other = good;
    other.signature = c.m.leaf_key.sign("other");
    CHECK(check_entry_binds(c.entry, other) ==
          "the transparency log entry holds another signature");
    other = good;
    other.digest = sha256_raw("other artifact");
    CHECK(check_entry_binds(c.entry, other) ==
          "the transparency log entry is about another artifact digest");
    other = good;
    other.verifier_der = c.m.intermediate_der;
    CHECK(check_entry_binds(c.entry, other) ==
          "the transparency log entry names another certificate or key");
    other = good;
    other.verifier_is_certificate = false;
    other.verifier_der = c.m.leaf_key.public_key().spki_der();
    CHECK(check_entry_binds(c.entry, other) ==
          "the transparency log entry names another certificate or key");

    // Logged with the key instead of the certificate.
    RekorEntry by_key = c.entry;
    by_key.body =
        hashedrekord_body(c.signature, c.m.leaf_key.public_key().pem(), sha256_raw(c.artifact));
    CHECK(check_entry_binds(by_key, other).empty());

    RekorEntry wrong_kind = c.entry;
    wrong_kind.kind = "intoto";
    CHECK_THAT(check_entry_binds(wrong_kind, good), Catch::Contains("not the intoto"));
    RekorEntry rekord = c.entry;
    auto body = nlohmann::json::parse(c.body);
    body["kind"] = "rekord";
    rekord.body = body.dump();
    rekord.kind.clear();
    CHECK(check_entry_binds(rekord, good) ==
          "transparency log entry kind rekord 0.0.1 is not supported for this signature");
    rekord.body = "{not json";
    CHECK_THAT(check_entry_binds(rekord, good), Catch::StartsWith("transparency log entry body"));
}

TEST_CASE("dsse entry bodies bind the payload and the signature", "[rekor]") {
    RekorCase c;
    const std::string payload = "{\"_type\":\"https://in-toto.io/Statement/v1\"}";
    const std::string signature = c.m.leaf_key.sign("pae");
    RekorEntry entry = c.entry;
    entry.kind = "dsse";
    entry.body = airlock::test::sigstore::dsse_body("{}", payload, signature, c.m.leaf_pem);
    LoggedSignature s = c.by_certificate();
    s.dsse = true;
    s.dsse_payload = payload;
    s.signature = signature;
    CHECK(check_entry_binds(entry, s).empty());
    s.dsse_payload += " ";
    CHECK(check_entry_binds(entry, s) ==
          "the transparency log entry is about another DSSE payload");
    s.dsse_payload = payload;
    s.signature = c.m.leaf_key.sign("other");
    CHECK(check_entry_binds(entry, s) ==
          "the transparency log entry holds another DSSE signature or verifier");
}
