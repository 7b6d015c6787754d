#pragma once
// The validity statement: an in-toto Statement v1 whose subject is the
// bundle's bom.json (by sha256) and whose predicate
// (https://airlock.dev/validity/v1) says which role vouches for which bundle
// and for how long. Expiry lives here, not in the BOM, so re-signing issues
// a fresh statement without touching the BOM or payload.
// Schema: schemas/validity-statement.schema.json.
#include "common/core/time.hpp"
#include "common/digest/digest.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/in_toto.hpp"

#include <chrono>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace airlock::sign {

class PrivateKey;
class PublicKey;

inline constexpr std::string_view validity_predicate_type = "https://airlock.dev/validity/v1";
inline constexpr std::string_view bom_subject_name = "bom.json";

struct ValidityStatement {
    Digest bom;       // sha256 of airlock/bom.json
    std::string role; // "vendor", "customer", ...: [a-z0-9][a-z0-9-]*, at most 64
    std::string bundle_name;
    std::string bundle_version;
    Timestamp issued_at;
    Timestamp not_before;
    Timestamp not_after;
    bool operator==(const ValidityStatement&) const = default;
};

// A statement issued at `issued_at`, valid from then for `valid_for`.
// Throws as validate() does.
ValidityStatement make_validity_statement(const Digest& bom, std::string role,
                                          std::string bundle_name, std::string bundle_version,
                                          Timestamp issued_at, std::chrono::seconds valid_for);

// Throws Error(signature) "validity statement: <field>: <why>" when a field is
// out of range: bad role, empty or oversized names, not_before >= not_after,
// issued_at after not_after.
void validate(const ValidityStatement& statement);

// Role names as statements and trust policies spell them.
bool is_valid_role(std::string_view role);

nlohmann::json to_json(const ValidityStatement& statement);
// The exact payload bytes that get signed (compact JSON, sorted keys).
std::string serialize(const ValidityStatement& statement);

// Strict: wrong _type or predicateType, missing fields, wrong types, unknown
// predicate fields, anything but exactly one "bom.json" subject with a sha256
// digest, or unparsable timestamps throw Error(signature). Unknown fields of
// the statement and subject layers are ignored, as in-toto requires.
ValidityStatement statement_from_json(const nlohmann::json& value);
ValidityStatement parse_statement(std::string_view text);

// A DSSE envelope (payloadType application/vnd.in-toto+json) with one
// signature by `key`, keyid = key id.
dsse::Envelope sign_statement(const ValidityStatement& statement, const PrivateKey& key);

// Checks the payload type and that `key` signed the envelope, and only then
// parses the payload. Throws Error(signature) otherwise. Says nothing about
// trust or the validity window: that is the caller's policy.
ValidityStatement verify_validity(const dsse::Envelope& envelope, const PublicKey& key);

} // namespace airlock::sign
