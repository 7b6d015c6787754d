#pragma once
// PRIVATE to common/sign (upstream verification): byte-level helpers the
// keyless, Rekor and bundle code share: hex, PEM blocks, DER certificates,
// and a DER reader for the few structures OpenSSL has no API for.
#include "common/core/error.hpp"
#include "common/sign/openssl_handles.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sign_detail {

std::string hex_encode(std::string_view raw);
// Lowercase or uppercase hex; nullopt for anything else or an odd length.
std::optional<std::string> hex_decode(std::string_view hex);

// Every PEM block labelled `label` ("CERTIFICATE") in `text`, as DER, in
// order. Throws Error(code) "<what>: ..." when the text is not PEM, holds a
// block with another label, or more than max_blocks blocks.
std::vector<std::string> pem_blocks(std::string_view text, std::string_view label,
                                    std::size_t max_blocks, airlock::ErrorCode code,
                                    std::string_view what);

// One DER certificate with nothing after it; null when it does not parse.
X509Ptr parse_certificate(std::string_view der);
std::string certificate_der(X509* cert);
// The DER SubjectPublicKeyInfo of a certificate's key.
std::string certificate_spki(X509* cert);

// The contents of one DER TLV at the start of `der`: its tag and value, and
// how many bytes the whole TLV took. Definite lengths only (DER).
struct DerItem {
    unsigned char tag = 0;
    std::string_view value;
    std::size_t size = 0;
};
std::optional<DerItem> read_der(std::string_view der);

// Seconds since the epoch of an ASN1_TIME (a certificate's notBefore or
// notAfter); nullopt when it does not parse.
std::optional<std::int64_t> asn1_time_seconds(const ASN1_TIME* time);

} // namespace airlock::sign_detail
