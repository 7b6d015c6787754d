#include "common/sign/rekor.hpp"

#include "common/core/base64.hpp"
#include "common/core/text.hpp"
#include "common/json/strict_json.hpp"
#include "common/sign/detail/upstream_bytes.hpp"

#include <nlohmann/json.hpp>

namespace airlock::sign {

using namespace sign_detail;

namespace {

// Trees of 2^64 leaves need at most 64 hashes.
constexpr std::size_t max_proof_hashes = 64;
constexpr std::size_t max_checkpoint_bytes = 64 * 1024;
constexpr std::size_t max_checkpoint_signatures = 16;
constexpr std::size_t rekor_body_depth = 12;
constexpr std::string_view em_dash = "\xe2\x80\x94";

std::string node_hash(std::string_view left, std::string_view right) {
    std::string data(1, '\x01');
    data += left;
    data += right;
    return hash_bytes(HashAlgorithm::sha256, data);
}

bool tlog_verifies(const TransparencyLog& log, std::string_view message,
                   std::string_view signature) {
    return log.key && log.key->verify(message, signature, log.key_hash, log.key_padding);
}

std::optional<std::uint64_t> decimal(std::string_view text) {
    if (text.empty() || text.size() > 19 || (text.size() > 1 && text[0] == '0')) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    return value;
}

// The DER of the single PEM block in base64 `content`, and whether it is a
// certificate (else a public key, re-encoded as OpenSSL writes SPKI).
std::optional<std::pair<std::string, bool>> logged_verifier(std::string_view content) {
    const auto pem = base64_decode(content, 64 * 1024);
    if (!pem) {
        return std::nullopt;
    }
    try {
        return std::pair{pem_blocks(*pem, "CERTIFICATE", 1, ErrorCode::signature, "").front(),
                         true};
    } catch (const Error&) {
    }
    try {
        return std::pair{VerifyingKey::from_pem(*pem, "logged key").spki_der(), false};
    } catch (const Error&) {
    }
    return std::nullopt;
}

bool same_verifier(std::string_view content, const LoggedSignature& signed_thing) {
    const auto verifier = logged_verifier(content);
    return verifier && verifier->second == signed_thing.verifier_is_certificate &&
           verifier->first == signed_thing.verifier_der;
}

std::string hashedrekord_binds(const JsonFields& spec, const LoggedSignature& signed_thing) {
    const JsonFields hash = spec.object("data").object("hash");
    if (hash.string("algorithm", 16) != to_string(signed_thing.digest_algorithm) ||
        hash.string("value", 256) != hex_encode(signed_thing.digest)) {
        return "the transparency log entry is about another artifact digest";
    }
    const JsonFields signature = spec.object("signature");
    const auto logged = base64_decode(signature.string("content", 64 * 1024), 16 * 1024);
    if (!logged || *logged != signed_thing.signature) {
        return "the transparency log entry holds another signature";
    }
    if (!same_verifier(signature.object("publicKey").string("content", 64 * 1024), signed_thing)) {
        return "the transparency log entry names another certificate or key";
    }
    return {};
}

std::string dsse_binds(const JsonFields& spec, const LoggedSignature& signed_thing) {
    const JsonFields payload_hash = spec.object("payloadHash");
    if (payload_hash.string("algorithm", 16) != "sha256" ||
        payload_hash.string("value", 256) !=
            hex_encode(hash_bytes(HashAlgorithm::sha256, signed_thing.dsse_payload))) {
        return "the transparency log entry is about another DSSE payload";
    }
    const nlohmann::json& signatures = spec.array("signatures", 16);
    for (std::size_t i = 0; i < signatures.size(); ++i) {
        const JsonFields one = spec.nested(signatures[i], "signatures[" + std::to_string(i) + "]");
        const auto logged = base64_decode(one.string("signature", 64 * 1024), 16 * 1024);
        if (logged && *logged == signed_thing.signature &&
            same_verifier(one.string("verifier", 64 * 1024), signed_thing)) {
            return {};
        }
    }
    return "the transparency log entry holds another DSSE signature or verifier";
}

} // namespace

std::string merkle_leaf_hash(std::string_view body) {
    std::string data(1, '\0');
    data += body;
    return hash_bytes(HashAlgorithm::sha256, data);
}

std::optional<std::string> merkle_root_from_proof(std::uint64_t index, std::uint64_t tree_size,
                                                  std::string_view leaf_hash,
                                                  const std::vector<std::string>& hashes) {
    if (index >= tree_size || hashes.size() > max_proof_hashes) {
        return std::nullopt;
    }
    std::uint64_t fn = index;
    std::uint64_t sn = tree_size - 1;
    std::string r(leaf_hash);
    for (const std::string& p : hashes) {
        if (sn == 0 || p.size() != 32) {
            return std::nullopt;
        }
        if ((fn & 1) != 0 || fn == sn) {
            r = node_hash(p, r);
            while ((fn & 1) == 0 && fn != 0) {
                fn >>= 1;
                sn >>= 1;
            }
        } else {
            r = node_hash(r, p);
        }
        fn >>= 1;
        sn >>= 1;
    }
    if (sn != 0) {
        return std::nullopt;
    }
    return r;
}

std::optional<Checkpoint> parse_checkpoint(std::string_view note) {
    if (note.size() > max_checkpoint_bytes) {
        return std::nullopt;
    }
    const std::size_t split = note.find("\n\n");
    if (split == std::string_view::npos) {
        return std::nullopt;
    }
    Checkpoint out;
    out.signed_text = std::string(note.substr(0, split + 1));
    std::vector<std::string_view> lines;
    for (std::string_view rest = out.signed_text; !rest.empty();) {
        const std::size_t end = rest.find('\n');
        lines.push_back(rest.substr(0, end));
        rest.remove_prefix(end + 1);
    }
    if (lines.size() < 3 || lines[0].empty()) {
        return std::nullopt;
    }
    out.origin = std::string(lines[0]);
    const auto size = decimal(lines[1]);
    const auto root = base64_decode(lines[2], 64);
    if (!size || !root || root->size() != 32) {
        return std::nullopt;
    }
    out.tree_size = *size;
    out.root_hash = *root;
    std::string_view signatures = note.substr(split + 2);
    if (signatures.empty() || signatures.back() != '\n') {
        return std::nullopt;
    }
    while (!signatures.empty()) {
        const std::size_t end = signatures.find('\n');
        std::string_view line = signatures.substr(0, end);
        signatures.remove_prefix(end + 1);
        if (line.substr(0, em_dash.size() + 1) != std::string(em_dash) + " " ||
            out.signatures.size() == max_checkpoint_signatures) {
            return std::nullopt;
        }
        line.remove_prefix(em_dash.size() + 1);
        const std::size_t space = line.rfind(' ');
        if (space == std::string_view::npos || space == 0) {
            return std::nullopt;
        }
        const auto raw = base64_decode(line.substr(space + 1), 4096);
        if (!raw || raw->size() < 5) {
            return std::nullopt;
        }
        out.signatures.push_back(
            {std::string(line.substr(0, space)), raw->substr(0, 4), raw->substr(4)});
    }
    return out;
}

std::string check_signed_entry_timestamp(const RekorEntry& entry, const TrustedRoot& root) {
    if (entry.signed_entry_timestamp.empty()) {
        return "transparency log proof missing (no signed entry timestamp)";
    }
    const TransparencyLog* log = root.find_tlog(entry.log_id);
    if (log == nullptr || !log->key) {
        return "transparency log entry from a log the trusted root does not list (log id " +
               hex_encode(entry.log_id).substr(0, 16) + ")";
    }
    if (!log->valid_for.covers(Timestamp{std::chrono::seconds(entry.integrated_time)})) {
        return "transparency log " + log->base_url + " was not trusted at the entry's time";
    }
    // RFC 8785 canonical form: the keys in this order, no white space; base64
    // and hex need no escaping, and integers print as decimal.
    const std::string canonical = "{\"body\":\"" + base64_encode(entry.body) +
                                  "\",\"integratedTime\":" + std::to_string(entry.integrated_time) +
                                  ",\"logID\":\"" + hex_encode(entry.log_id) +
                                  "\",\"logIndex\":" + std::to_string(entry.log_index) + "}";
    if (!tlog_verifies(*log, canonical, entry.signed_entry_timestamp)) {
        return "SET does not verify with transparency log " + log->base_url + "'s key";
    }
    return {};
}

std::string check_inclusion_proof(const RekorEntry& entry, const TrustedRoot& root) {
    if (!entry.inclusion_proof) {
        return "transparency log proof missing (no inclusion proof)";
    }
    const InclusionProof& proof = *entry.inclusion_proof;
    const TransparencyLog* log = root.find_tlog(entry.log_id);
    if (log == nullptr || !log->key) {
        return "transparency log entry from a log the trusted root does not list (log id " +
               hex_encode(entry.log_id).substr(0, 16) + ")";
    }
    const auto computed = merkle_root_from_proof(proof.log_index, proof.tree_size,
                                                 merkle_leaf_hash(entry.body), proof.hashes);
    if (!computed) {
        return "inclusion proof does not fit a tree of " + std::to_string(proof.tree_size) +
               " entries";
    }
    if (*computed != proof.root_hash) {
        return "inclusion proof does not lead to its root hash";
    }
    const auto checkpoint = parse_checkpoint(proof.checkpoint);
    if (!checkpoint) {
        return "inclusion proof's checkpoint is not a signed note";
    }
    if (checkpoint->tree_size != proof.tree_size || checkpoint->root_hash != proof.root_hash) {
        return "inclusion proof's checkpoint names another tree (size or root hash)";
    }
    for (const CheckpointSignature& signature : checkpoint->signatures) {
        if (signature.key_hint == std::string_view(entry.log_id).substr(0, 4) &&
            tlog_verifies(*log, checkpoint->signed_text, signature.signature)) {
            return {};
        }
    }
    return "checkpoint signature does not verify with transparency log " + log->base_url + "'s key";
}

std::string check_entry_binds(const RekorEntry& entry, const LoggedSignature& signed_thing) {
    try {
        const nlohmann::json doc =
            parse_strict_json(entry.body, max_rekor_body_bytes, rekor_body_depth,
                              ErrorCode::signature, "transparency log entry body");
        const JsonFields body(doc, ErrorCode::signature, "transparency log entry body");
        const std::string kind = body.string("kind", 64);
        const std::string version = body.string("apiVersion", 32);
        if ((!entry.kind.empty() && entry.kind != kind) ||
            (!entry.version.empty() && entry.version != version)) {
            return "transparency log entry's body is a " + printable(kind, 64) + " " +
                   printable(version, 32) + " entry, not the " + printable(entry.kind, 64) + " " +
                   printable(entry.version, 32) + " its container says";
        }
        const JsonFields spec = body.object("spec");
        if (kind == "hashedrekord" && version == "0.0.1" && !signed_thing.dsse) {
            return hashedrekord_binds(spec, signed_thing);
        }
        if (kind == "dsse" && version == "0.0.1" && signed_thing.dsse) {
            return dsse_binds(spec, signed_thing);
        }
        return "transparency log entry kind " + printable(kind, 64) + " " + printable(version, 32) +
               " is not supported for this signature";
    } catch (const Error& e) {
        return e.what();
    }
}

} // namespace airlock::sign
