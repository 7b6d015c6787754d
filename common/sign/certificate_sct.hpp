#pragma once
// Signed certificate timestamps embedded in a certificate (RFC 6962 section
// 3.3, extension 1.3.6.1.4.1.11129.2.4.2): the CT log signed the
// precertificate, so the signed data is rebuilt from the final certificate:
// its TBSCertificate without the SCT list extension (the precertificate's
// poison is not in it either), and the sha256 of the issuer's
// SubjectPublicKeyInfo:
//   version(0) signature_type(0 = certificate_timestamp) timestamp(8, ms)
//   entry_type(2 bytes, 1 = precert_entry) issuer_key_hash(32)
//   tbs_certificate(3-byte length + bytes) extensions(2-byte length + bytes)
// An SCT counts when its log id names a CT log of the trusted root whose
// validity covers the SCT's timestamp and its signature verifies with that
// log's key (hash and signature algorithm as the SCT says, which must match
// the key).
#include "common/sign/trusted_root.hpp"

#include <string>
#include <string_view>

namespace airlock::sign {

inline constexpr std::string_view sct_list_oid = "1.3.6.1.4.1.11129.2.4.2";

// Empty when at least one embedded SCT verifies; otherwise one line saying
// why none did ("no embedded SCT", "SCT from an unknown CT log ...",
// "SCT signature does not verify"). Never throws for bad input.
std::string check_embedded_sct(std::string_view leaf_der, std::string_view issuer_der,
                               const TrustedRoot& root);

} // namespace airlock::sign
