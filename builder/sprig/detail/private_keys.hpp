#pragma once
// PRIVATE to builder/sprig (include from .cpp files only: OpenSSL types):
// private keys as sprig makes and reads them. New keys are written in the
// PEM forms Go's sprig writes: PKCS#1 "RSA PRIVATE KEY", SEC 1 "EC PRIVATE
// KEY", the OpenSSL-style "DSA PRIVATE KEY" (version, p, q, g, y, x), and
// PKCS#8 "PRIVATE KEY" for Ed25519.
#include "builder/sprig/detail/openssl_owners.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace airlock::sprig::data_detail {

// genPrivateKey's key types: "" and "rsa" (4096 bits), "dsa" (L2048 N256),
// "ecdsa" (P-256), "ed25519". nullptr for any other type.
PkeyPtr generate_private_key(std::string_view type);
// An RSA key of `bits` (genCA and friends make 2048-bit keys).
PkeyPtr generate_rsa_key(int bits);

// Go's pem.EncodeToMemory of sprig's pemBlockForKey.
std::string private_key_pem(EVP_PKEY* key);

// One PEM block as Go's pem.Decode finds it: the first well-formed block
// anywhere in the text.
struct PemBlock {
    std::string type;
    std::string bytes;
};
std::optional<PemBlock> go_pem_decode(std::string_view text);

// sprig's parsePrivateKeyPEM; throws go_error with its messages ("no PEM
// data in input", "no private key data in PEM block of type X", ...).
PkeyPtr parse_private_key_pem(std::string_view pem);

// A Go crypto.Signer: RSA, ECDSA and Ed25519 keys (not DSA or X25519).
bool is_go_signer(EVP_PKEY* key);
// Go's %T of the public key, for "x509: unsupported public key type: %T".
std::string go_public_key_type(EVP_PKEY* key);

} // namespace airlock::sprig::data_detail
