#pragma once
// The offline license: an in-toto Statement v1 whose predicate
// (https://airlock.dev/license/v1) grants a customer the use of a product,
// with free-form entitlements, inside a validity window. It travels as a
// DSSE envelope (payloadType application/vnd.in-toto+json), like the
// bundle's validity statements. Which keys may issue licenses is the
// loader's policy, not this file's. Schema: schemas/license.schema.json.
#include "common/core/time.hpp"
#include "common/sign/dsse.hpp"

#include <chrono>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>

namespace airlock::sign {
class PrivateKey;
class PublicKey;
} // namespace airlock::sign

namespace airlock::license {

inline constexpr std::string_view license_predicate_type = "https://airlock.dev/license/v1";
// in-toto needs a subject, but a license is about a product, not a file. The
// subject names the product ("product:<P>") with the sha256 of the product
// name as its digest, so generic in-toto tools that match subjects by digest
// see one stable identifier per product. It is derived from the predicate
// and checked against it, so it cannot disagree with predicate.product.
inline constexpr std::string_view license_subject_prefix = "product:";

inline constexpr std::size_t max_license_id_bytes = 128;
inline constexpr std::size_t max_entitlements = 64;

struct License {
    // [A-Za-z0-9][A-Za-z0-9._-]*, at most 128: the loader stores the license
    // under this name.
    std::string id;
    std::string customer; // 1 to 256 printable bytes
    std::string product;  // 1 to 256 printable bytes; a bundle's requires.license
    // At most 64; keys [A-Za-z0-9][A-Za-z0-9._-]* up to 64 bytes, values up
    // to 1024 printable bytes (may be empty).
    std::map<std::string, std::string> entitlements;
    Timestamp issued_at;
    Timestamp not_before;
    Timestamp not_after;
    bool operator==(const License&) const = default;
};

// Throws Error(signature) "license: <field>: <why>" for a field out of range,
// not_before >= not_after, or issued_at after not_after.
void validate(const License& license);

bool is_valid_license_id(std::string_view id);

// A content-derived id, "lic-" and 24 hex digits of the sha256 of the
// license's other fields: issuing the same license twice (same
// SOURCE_DATE_EPOCH) gives the same id, and different licenses practically
// never share one. `license.id` is ignored.
std::string derive_license_id(const License& license);

// The subject digest: sha256 of the product name, in lowercase hex.
std::string product_subject_hex(std::string_view product);

nlohmann::json to_json(const License& license);
// The exact payload bytes that get signed (compact JSON, sorted keys).
std::string serialize(const License& license);

// Strict, like the validity statement: wrong _type or predicateType, missing
// fields, wrong types, unknown predicate fields, a subject that is not
// exactly the product's, or unparsable times throw Error(signature).
// Unknown fields of the statement and subject layers are ignored, as in-toto
// requires.
License license_from_json(const nlohmann::json& value);
License parse_license(std::string_view text);

// A DSSE envelope with one signature by `key`, keyid = key id.
dsse::Envelope sign_license(const License& license, const sign::PrivateKey& key);

// Checks the payload type and that `key` signed the envelope, and only then
// parses the payload. Throws Error(signature) otherwise. Says nothing about
// trust or the validity window.
License verify_license(const dsse::Envelope& envelope, const sign::PublicKey& key);

} // namespace airlock::license
