#pragma once
// A sigstore trusted root (media type
// application/vnd.dev.sigstore.trustedroot+json;version=0.1, as TUF
// distributes it as trusted_root.json): the certificate authorities (Fulcio),
// transparency logs (Rekor), certificate transparency logs and timestamp
// authorities an offline verification trusts, each with the period it is
// trusted for.
//
// Parsing is strict (size and depth bounded, no duplicate keys, every field
// read is typed; errors name the field). Fields this code does not read
// ("subject", "operator", ...) are ignored, as protobuf JSON readers ignore
// them, so a newer root still parses. One more leniency: a log whose keyDetails
// names an algorithm this code does not know is kept without a key, so it
// never verifies anything but does not make a public root unreadable when
// sigstore adds an algorithm. Timestamp authorities are parsed and checked
// for shape; no verification here uses them yet.
#include "common/core/time.hpp"
#include "common/sign/verifying_key.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sign {

inline constexpr std::string_view trusted_root_media_type =
    "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
// The public-good root is about 10 KiB.
inline constexpr std::size_t max_trusted_root_bytes = 1024 * 1024;

// validFor: start is required by the specification, end is open when absent.
struct ValidityPeriod {
    Timestamp start;
    std::optional<Timestamp> end;
    bool covers(Timestamp t) const { return t >= start && (!end || t <= *end); }
};

// A Rekor log or a CT log.
struct TransparencyLog {
    std::string base_url;
    std::string hash_algorithm;      // "SHA2_256"
    std::string key_details;         // "PKIX_ECDSA_P256_SHA_256", ...
    std::optional<VerifyingKey> key; // absent when key_details is unknown
    HashAlgorithm key_hash = HashAlgorithm::sha256;
    RsaPadding key_padding = RsaPadding::pkcs1v15;
    std::string log_id;       // raw bytes of logId.keyId (sha256 of the DER key for both log kinds)
    ValidityPeriod valid_for; // the key's publicKey.validFor
};

// A Fulcio CA or a timestamp authority: a chain, leaf-most first, ending with
// the root.
struct CertificateAuthority {
    std::string uri;
    std::vector<std::string> chain_der;
    ValidityPeriod valid_for;
};

struct TrustedRoot {
    std::vector<TransparencyLog> tlogs;
    std::vector<TransparencyLog> ctlogs;
    std::vector<CertificateAuthority> certificate_authorities;
    std::vector<CertificateAuthority> timestamp_authorities;

    // The log with this raw log id, or null.
    const TransparencyLog* find_tlog(std::string_view log_id) const;
    const TransparencyLog* find_ctlog(std::string_view log_id) const;
};

// Throws Error(spec) "<origin>: tlogs[0].publicKey.rawBytes: ..." for anything
// that is not a trusted root as described above.
TrustedRoot parse_trusted_root(std::string_view json, std::string_view origin);
// As parse_trusted_root; Error(io) when the file cannot be read.
TrustedRoot load_trusted_root(const std::filesystem::path& file);

} // namespace airlock::sign
