#pragma once
// What every airlock in-toto statement shares (the validity statement, the
// license): the Statement v1 header, the single subject, timestamps and
// printable strings, and the DSSE step that authenticates a payload before
// anything reads it. Each statement keeps its own model and predicate.
#include "common/core/time.hpp"
#include "common/json/strict_json.hpp"
#include "common/sign/dsse.hpp"

#include <string>
#include <string_view>

namespace airlock::sign {

class PublicKey;

inline constexpr std::string_view statement_type = "https://in-toto.io/Statement/v1";
inline constexpr std::string_view in_toto_payload_type = "application/vnd.in-toto+json";

// Names a statement carries (subject, bundle, customer, product).
inline constexpr std::size_t max_name_bytes = 256;
// One RFC 3339 time field.
inline constexpr std::size_t max_timestamp_bytes = 64;

// Throws Error(signature) "<document>: <field>: <why>": a signed statement
// whose content breaks one of its rules.
[[noreturn]] void reject_statement_field(std::string_view document, std::string_view field,
                                         const std::string& why);

// Bytes below 0x20 or 0x7f: names that carry them could forge log lines.
bool has_control_characters(std::string_view s);

// Checks _type and predicateType; the caller reads the rest.
void read_statement_header(const JsonFields& root, std::string_view predicate_type);

struct StatementSubject {
    std::string name;
    std::string sha256_hex; // 64 lowercase hex digits
};
// The one subject the statement must have, named `expected_name` when that is
// not empty (else any name up to 256 bytes). Unknown subject fields are ignored.
StatementSubject read_single_subject(const JsonFields& root, std::string_view expected_name);

// An RFC 3339 field, as the predicate carries issuedAt/notBefore/notAfter.
Timestamp read_time(const JsonFields& fields, std::string_view key);

// The payload of an in-toto envelope that `key` signed. Throws
// Error(signature) for another payload type, no signatures, or no signature
// that verifies: an unauthenticated payload is never handed to a parser.
const std::string& authenticated_payload(const dsse::Envelope& envelope, const PublicKey& key);

} // namespace airlock::sign
