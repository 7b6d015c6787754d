#pragma once
// Offline proof that an entry is in a Rekor (v1) transparency log of the
// trusted root, and that the entry is about the signature being verified.
//
// - Signed entry timestamp (SET, the inclusion promise): the log's signature
//   (its key's algorithm; ECDSA P-256 with SHA-256 for Rekor) over the RFC
//   8785 canonical JSON of {"body": base64 of the canonicalized body,
//   "integratedTime": n, "logID": lowercase hex log id, "logIndex": n}: keys
//   sorted, no white space, integers in decimal. It is the only signature
//   over the integrated time, so keyless checks take their time T from it.
// - Inclusion proof: the RFC 6962 / RFC 9162 audit path from the leaf hash
//   sha256(0x00 || body) to the root (inner nodes sha256(0x01 || l || r)),
//   and a checkpoint in the signed note format whose tree size and root hash
//   are the proof's:
//       <origin>\n<tree size>\n<base64 root hash>\n[other lines\n]
//       \n
//       — <name> <base64(key hint (4 bytes) || signature)>\n
//   signed over the text before the blank line by the entry's log, whose
//   key hint is the first 4 bytes of the log id.
// - Binding: the canonicalized body must describe the signature checked.
//   Supported kinds: hashedrekord 0.0.1 (signature bytes, the signing
//   certificate or public key, and the artifact digest all equal) and dsse
//   0.0.1 (payload hash, and a signature entry with the same signature and
//   verifier). Other kinds (rekord, intoto, ...) are refused.
#include "common/sign/trusted_root.hpp"
#include "common/sign/verifying_key.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sign {

inline constexpr std::size_t max_rekor_body_bytes = 256 * 1024;

struct InclusionProof {
    std::uint64_t log_index = 0; // the leaf's index in this tree (a shard's own index)
    std::string root_hash;       // raw, 32 bytes
    std::uint64_t tree_size = 0;
    std::vector<std::string> hashes; // raw, leaf to root
    std::string checkpoint;          // the signed note, as text
};

struct RekorEntry {
    std::string body; // canonicalized body, raw JSON bytes
    std::int64_t integrated_time = 0;
    std::int64_t log_index = 0;         // the log-wide index the SET signs
    std::string log_id;                 // raw, 32 bytes
    std::string kind;                   // kindVersion, when the container says: "hashedrekord"
    std::string version;                // "0.0.1"
    std::string signed_entry_timestamp; // raw signature; empty when absent
    std::optional<InclusionProof> inclusion_proof;
};

// Each returns an empty string when the check passes, else one line saying
// why. They never throw for bad input.

// The SET verifies with the key of the tlog named by the entry's log id, and
// that log's validity covers the integrated time.
std::string check_signed_entry_timestamp(const RekorEntry& entry, const TrustedRoot& root);
// The inclusion proof leads to its root hash, and the checkpoint is signed by
// the entry's log and names the same tree size and root hash.
std::string check_inclusion_proof(const RekorEntry& entry, const TrustedRoot& root);

// sha256(0x00 || body).
std::string merkle_leaf_hash(std::string_view body);
// The root an RFC 9162 inclusion proof leads to; nullopt when the proof does
// not fit the tree (index out of range, wrong number of hashes).
std::optional<std::string> merkle_root_from_proof(std::uint64_t index, std::uint64_t tree_size,
                                                  std::string_view leaf_hash,
                                                  const std::vector<std::string>& hashes);

struct CheckpointSignature {
    std::string name;
    std::string key_hint; // 4 bytes
    std::string signature;
};
struct Checkpoint {
    std::string origin;
    std::uint64_t tree_size = 0;
    std::string root_hash; // raw
    std::string signed_text;
    std::vector<CheckpointSignature> signatures;
};
// nullopt when the note is not a checkpoint of the shape above.
std::optional<Checkpoint> parse_checkpoint(std::string_view note);

// What the entry must be about.
struct LoggedSignature {
    std::string signature;    // raw signature bytes
    std::string verifier_der; // the signing certificate (DER) or public key (DER SPKI)
    bool verifier_is_certificate = false;
    // hashedrekord: the digest of the signed artifact.
    HashAlgorithm digest_algorithm = HashAlgorithm::sha256;
    std::string digest; // raw
    // dsse: the envelope's payload (raw bytes).
    bool dsse = false;
    std::string dsse_payload;
};
std::string check_entry_binds(const RekorEntry& entry, const LoggedSignature& signed_thing);

} // namespace airlock::sign
