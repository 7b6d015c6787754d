#pragma once
// Keys that verify upstream signatures (cosign --key, sigstore bundles,
// Rekor and CT logs, Fulcio leaf certificates): ECDSA on P-256, P-384 and
// P-521, Ed25519, and RSA of at least 2048 bits with PKCS#1 v1.5 or PSS
// padding. Verification only: airlock never signs with these algorithms, and
// the bundle trust model (keys.hpp: Ed25519 and P-256 only) does not use them.
//
// Which hash goes with a key is the caller's decision, because the formats
// disagree:
// - cosign `--key` verification hashes with SHA-256 whatever the key: cosign
//   loads a public key file with the hash of --signature-digest-algorithm,
//   sha256 by default, so a P-384 cosign key still signs SHA-256 digests;
//   RSA keys use PKCS#1 v1.5 there.
// - sigstore bundles and the trusted root name the algorithm through the key
//   (protobuf-specs PublicKeyDetails): P-256 with SHA-256, P-384 with
//   SHA-384, P-521 with SHA-512, RSA with SHA-256 (PKCS#1 v1.5 or PSS as the
//   key details say; PSS with MGF1 of the same hash, any salt length);
//   Fulcio leaf keys follow the same rule (implied_hash()).
// - Ed25519 is always pure Ed25519 over the whole message: the hash argument
//   does not apply and is ignored, and a prehashed digest cannot be verified.
//
// A key's id is the lowercase hex sha256 of its DER SubjectPublicKeyInfo, as
// for keys.hpp.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace airlock::sign {

enum class HashAlgorithm { sha256, sha384, sha512 };
enum class RsaPadding { pkcs1v15, pss };
enum class VerifyingKeyType { ecdsa_p256, ecdsa_p384, ecdsa_p521, ed25519, rsa };

// "sha256", "sha384", "sha512"; and the digest size in bytes (32, 48, 64).
std::string_view to_string(HashAlgorithm hash);
std::size_t digest_size(HashAlgorithm hash);
// The digest of `bytes`, raw.
std::string hash_bytes(HashAlgorithm hash, std::string_view bytes);
// "ecdsa-p256", "ecdsa-p384", "ecdsa-p521", "ed25519", "rsa".
std::string_view to_string(VerifyingKeyType type);

// Immutable and cheap to copy; safe to share between threads.
class VerifyingKey {
  public:
    // `origin` names the input in errors ("spec verify.keys[0]"). Each throws
    // Error(spec) unless the input holds exactly one key of a supported type:
    // one PEM "PUBLIC KEY" block; a DER SubjectPublicKeyInfo with nothing
    // after it; one DER X.509 certificate (its subject public key).
    static VerifyingKey from_pem(std::string_view pem, std::string_view origin);
    static VerifyingKey from_spki_der(std::string_view der, std::string_view origin);
    static VerifyingKey from_certificate_der(std::string_view der, std::string_view origin);

    VerifyingKeyType type() const;
    // Key size in bits (256 for P-256 and Ed25519, the modulus for RSA).
    int bits() const;
    const std::string& id() const;
    const std::string& spki_der() const;
    std::string pem() const;
    // The hash a sigstore bundle implies for this key (see above); sha256 for
    // Ed25519, where it is not used.
    HashAlgorithm implied_hash() const;

    // False for any signature that does not verify over `message` hashed with
    // `hash` (ignored for Ed25519); never throws for bad signatures. ECDSA
    // signatures are DER (r, s) as Go and OpenSSL write them.
    bool verify(std::string_view message, std::string_view signature, HashAlgorithm hash,
                RsaPadding padding = RsaPadding::pkcs1v15) const;
    // As verify, with the message's digest under `hash` given instead of the
    // message (hashedrekord entries and digest-only artifacts). Always false
    // for Ed25519, which signs messages, not digests.
    bool verify_digest(std::string_view digest, std::string_view signature, HashAlgorithm hash,
                       RsaPadding padding = RsaPadding::pkcs1v15) const;

    bool operator==(const VerifyingKey& other) const { return id() == other.id(); }

  private:
    struct Impl;
    explicit VerifyingKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
    std::shared_ptr<const Impl> impl_;
};

} // namespace airlock::sign
