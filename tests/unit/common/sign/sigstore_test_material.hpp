#pragma once
// Test material for the upstream (sigstore, cosign keyless) verification
// tests: the fixtures of tests/fixtures/sigstore (SOURCES.md), and builders
// that sign what a Rekor log and a cosign client would, with the fixtures'
// private keys. Independent of the code under test where it can be: JSON is
// written by nlohmann (sorted keys, compact), Merkle trees are computed from
// RFC 6962's definition.
#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/sign/keys.hpp"
#include "common/sign/trusted_root.hpp"
#include "common/sign/verifying_key.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace airlock::test::sigstore {

inline std::string fixture(const std::string& name) {
    const std::string path = std::string(AIRLOCK_SOURCE_DIR) + "/tests/fixtures/sigstore/" + name;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        FAIL("missing fixture " << path);
    }
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The DER of the first PEM block of `pem`.
inline std::string pem_der(const std::string& pem) {
    const auto begin = pem.find("-----\n");
    const auto end = pem.find("-----END");
    std::string body;
    for (char c : pem.substr(begin + 6, end - begin - 6)) {
        if (c != '\n') {
            body += c;
        }
    }
    auto der = base64_decode(body);
    REQUIRE(der);
    return *der;
}

inline std::string sha256_raw(std::string_view bytes) {
    return sign::hash_bytes(sign::HashAlgorithm::sha256, bytes);
}

inline std::string to_hex(std::string_view raw) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (char c : raw) {
        out += digits[static_cast<unsigned char>(c) >> 4];
        out += digits[static_cast<unsigned char>(c) & 0x0f];
    }
    return out;
}

// The fixtures' keys and trusted root, loaded once per use.
struct Material {
    sign::PrivateKey leaf_key = sign::PrivateKey::from_pem(fixture("leaf-key.pem"), "leaf key");
    sign::PrivateKey rekor_key = sign::PrivateKey::from_pem(fixture("rekor-key.pem"), "rekor key");
    std::string leaf_pem = fixture("leaf.pem");
    std::string leaf_der = pem_der(leaf_pem);
    std::string intermediate_pem = fixture("intermediate.pem");
    std::string intermediate_der = pem_der(intermediate_pem);
    std::string trusted_root_json = fixture("trusted_root.json");
    sign::TrustedRoot root = sign::parse_trusted_root(trusted_root_json, "test trusted root");
    std::string log_id = sha256_raw(rekor_key.public_key().spki_der());
};

// The leaf certificates' validity starts here; they live ten minutes.
inline constexpr std::int64_t leaf_not_before = 1768039200; // 2026-01-10T10:00:00Z
inline constexpr std::int64_t signed_time = leaf_not_before + 60;
inline const std::string test_subject =
    "https://github.com/example/app/.github/workflows/release.yml@refs/heads/main";
inline const std::string test_issuer = "https://token.actions.githubusercontent.com";

// A hashedrekord 0.0.1 body, canonical as Rekor writes it.
inline std::string hashedrekord_body(std::string_view signature, const std::string& verifier_pem,
                                     std::string_view artifact_sha256_raw) {
    const nlohmann::json body = {
        {"apiVersion", "0.0.1"},
        {"kind", "hashedrekord"},
        {"spec",
         {{"data", {{"hash", {{"algorithm", "sha256"}, {"value", to_hex(artifact_sha256_raw)}}}}},
          {"signature",
           {{"content", base64_encode(signature)},
            {"publicKey", {{"content", base64_encode(verifier_pem)}}}}}}}};
    return body.dump();
}

// A dsse 0.0.1 body.
inline std::string dsse_body(std::string_view envelope_json, std::string_view payload,
                             std::string_view signature, const std::string& verifier_pem) {
    const nlohmann::json body = {
        {"apiVersion", "0.0.1"},
        {"kind", "dsse"},
        {"spec",
         {{"envelopeHash", {{"algorithm", "sha256"}, {"value", to_hex(sha256_raw(envelope_json))}}},
          {"payloadHash", {{"algorithm", "sha256"}, {"value", to_hex(sha256_raw(payload))}}},
          {"signatures",
           {{{"signature", base64_encode(signature)},
             {"verifier", base64_encode(verifier_pem)}}}}}}};
    return body.dump();
}

// The signed entry timestamp a Rekor log gives: its signature over the
// canonical JSON of the entry's payload.
inline std::string sign_set(const sign::PrivateKey& log_key, const std::string& body,
                            std::int64_t integrated_time, std::int64_t log_index,
                            std::string_view log_id) {
    const nlohmann::json payload = {{"body", base64_encode(body)},
                                    {"integratedTime", integrated_time},
                                    {"logIndex", log_index},
                                    {"logID", to_hex(log_id)}};
    return log_key.sign(payload.dump());
}

// RFC 6962 Merkle tree hash of leaves [begin, end), and an audit path.
inline std::string merkle_hash(const std::vector<std::string>& leaves, std::size_t begin,
                               std::size_t end) {
    if (end - begin == 1) {
        return sha256_raw(std::string(1, '\0') + leaves[begin]);
    }
    std::size_t k = 1;
    while (k * 2 < end - begin) {
        k *= 2;
    }
    return sha256_raw(std::string(1, '\x01') + merkle_hash(leaves, begin, begin + k) +
                      merkle_hash(leaves, begin + k, end));
}

inline std::vector<std::string> merkle_path(const std::vector<std::string>& leaves,
                                            std::size_t index, std::size_t begin, std::size_t end) {
    if (end - begin == 1) {
        return {};
    }
    std::size_t k = 1;
    while (k * 2 < end - begin) {
        k *= 2;
    }
    std::vector<std::string> path;
    if (index < begin + k) {
        path = merkle_path(leaves, index, begin, begin + k);
        path.push_back(merkle_hash(leaves, begin + k, end));
    } else {
        path = merkle_path(leaves, index, begin + k, end);
        path.push_back(merkle_hash(leaves, begin, begin + k));
    }
    return path;
}

// A checkpoint signed note for a tree, signed by `log_key`.
inline std::string checkpoint(const sign::PrivateKey& log_key, std::string_view log_id,
                              std::uint64_t tree_size, const std::string& root_hash) {
    const std::string text = "rekor.test.example - 1234\n" + std::to_string(tree_size) + "\n" +
                             base64_encode(root_hash) + "\n";
    const std::string signature = std::string(log_id.substr(0, 4)) + log_key.sign(text);
    return text + "\n\xe2\x80\x94 rekor.test.example " + base64_encode(signature) + "\n";
}

// A logged entry: the body at `index` of a tree of `size` leaves (the others
// filler), with SET, inclusion proof and checkpoint.
struct LoggedEntry {
    std::string body;
    std::int64_t integrated_time = signed_time;
    std::int64_t log_index = 0;
    std::string set;
    std::uint64_t proof_index = 0;
    std::uint64_t tree_size = 0;
    std::string root_hash;
    std::vector<std::string> hashes;
    std::string checkpoint;
};

inline LoggedEntry log_entry(const Material& m, const std::string& body,
                             std::int64_t integrated_time = signed_time, std::size_t index = 5,
                             std::size_t size = 11) {
    LoggedEntry e;
    e.body = body;
    e.integrated_time = integrated_time;
    e.log_index = 700000 + static_cast<std::int64_t>(index);
    e.set = sign_set(m.rekor_key, body, integrated_time, e.log_index, m.log_id);
    std::vector<std::string> leaves;
    for (std::size_t i = 0; i < size; ++i) {
        leaves.push_back(i == index ? body : "filler entry " + std::to_string(i));
    }
    e.proof_index = index;
    e.tree_size = size;
    e.root_hash = merkle_hash(leaves, 0, size);
    e.hashes = merkle_path(leaves, index, 0, size);
    e.checkpoint = checkpoint(m.rekor_key, m.log_id, size, e.root_hash);
    return e;
}

// A tlogEntries item of a sigstore bundle.
inline nlohmann::json bundle_tlog_entry(const Material& m, const LoggedEntry& e,
                                        const std::string& kind = "hashedrekord") {
    nlohmann::json hashes = nlohmann::json::array();
    for (const std::string& h : e.hashes) {
        hashes.push_back(base64_encode(h));
    }
    return {{"logIndex", std::to_string(e.log_index)},
            {"logId", {{"keyId", base64_encode(m.log_id)}}},
            {"kindVersion", {{"kind", kind}, {"version", "0.0.1"}}},
            {"integratedTime", std::to_string(e.integrated_time)},
            {"inclusionPromise", {{"signedEntryTimestamp", base64_encode(e.set)}}},
            {"inclusionProof",
             {{"logIndex", std::to_string(e.proof_index)},
              {"rootHash", base64_encode(e.root_hash)},
              {"treeSize", std::to_string(e.tree_size)},
              {"hashes", hashes},
              {"checkpoint", {{"envelope", e.checkpoint}}}}},
            {"canonicalizedBody", base64_encode(e.body)}};
}

// cosign's dev.sigstore.cosign/bundle annotation for an entry.
inline std::string cosign_bundle(const Material& m, const LoggedEntry& e) {
    const nlohmann::json bundle = {{"SignedEntryTimestamp", base64_encode(e.set)},
                                   {"Payload",
                                    {{"body", base64_encode(e.body)},
                                     {"integratedTime", e.integrated_time},
                                     {"logIndex", e.log_index},
                                     {"logID", to_hex(m.log_id)}}}};
    return bundle.dump();
}

} // namespace airlock::test::sigstore
