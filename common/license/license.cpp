#include "common/license/license.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/digest/digest.hpp"
#include "common/json/strict_json.hpp"
#include "common/sign/in_toto.hpp"
#include "common/sign/keys.hpp"
#include <nlohmann/json.hpp>

namespace airlock::license {

using sign::has_control_characters;
using sign::in_toto_payload_type;
using sign::max_name_bytes;
using sign::read_single_subject;
using sign::read_statement_header;
using sign::read_time;
using sign::reject_statement_field;
using sign::statement_type;
using sign::StatementSubject;

using sign::PrivateKey;
using sign::PublicKey;

namespace {

using nlohmann::json;

constexpr std::string_view license_document = "license";
// Statement, predicate, entitlements: three levels, and slack for ignored
// in-toto extensions.
constexpr std::size_t max_license_depth = 16;
constexpr std::size_t max_entitlement_key_bytes = 64;
constexpr std::size_t max_entitlement_value_bytes = 1024;

// Letters, digits, '.', '_' and '-', not starting with a separator: safe as
// a file name and in a log line.
bool is_token(std::string_view s, std::size_t max_bytes) {
    if (s.empty() || s.size() > max_bytes || s.front() == '.' || s.front() == '-' ||
        s.front() == '_') {
        return false;
    }
    for (char c : s) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-')) {
            return false;
        }
    }
    return true;
}

bool is_printable_name(std::string_view s) {
    return !s.empty() && s.size() <= max_name_bytes && !has_control_characters(s);
}

json predicate_json(const License& l, bool with_id) {
    json p = {{"customer", l.customer},
              {"product", l.product},
              {"entitlements", l.entitlements},
              {"issuedAt", format_rfc3339(l.issued_at)},
              {"notBefore", format_rfc3339(l.not_before)},
              {"notAfter", format_rfc3339(l.not_after)}};
    if (with_id) {
        p["licenseId"] = l.id;
    }
    return p;
}

} // namespace

bool is_valid_license_id(std::string_view id) {
    return is_token(id, max_license_id_bytes);
}

void validate(const License& l) {
    if (!is_valid_license_id(l.id)) {
        reject_statement_field(
            license_document, "predicate.licenseId",
            "'" + printable(l.id) +
                "' is not a license id (letters, digits, '.', '_' and '-', at most 128)");
    }
    if (!is_printable_name(l.customer)) {
        reject_statement_field(license_document, "predicate.customer",
                               "must be 1 to 256 printable bytes");
    }
    if (!is_printable_name(l.product)) {
        reject_statement_field(license_document, "predicate.product",
                               "must be 1 to 256 printable bytes");
    }
    if (l.entitlements.size() > max_entitlements) {
        reject_statement_field(license_document, "predicate.entitlements",
                               "more than " + std::to_string(max_entitlements));
    }
    for (const auto& [key, value] : l.entitlements) {
        if (!is_token(key, max_entitlement_key_bytes)) {
            reject_statement_field(
                license_document, "predicate.entitlements",
                "'" + printable(key) +
                    "' is not an entitlement name (letters, digits, '.', '_' and '-', at "
                    "most 64)");
        }
        if (value.size() > max_entitlement_value_bytes || has_control_characters(value)) {
            reject_statement_field(license_document, "predicate.entitlements." + key,
                                   "must be at most 1024 printable bytes");
        }
    }
    if (l.not_before >= l.not_after) {
        reject_statement_field(license_document, "predicate.notAfter",
                               format_rfc3339(l.not_after) + " is not after notBefore " +
                                   format_rfc3339(l.not_before));
    }
    if (l.issued_at > l.not_after) {
        reject_statement_field(license_document, "predicate.issuedAt",
                               format_rfc3339(l.issued_at) + " is after notAfter " +
                                   format_rfc3339(l.not_after));
    }
}

std::string derive_license_id(const License& l) {
    return "lic-" + Digest::of(predicate_json(l, false).dump()).hex().substr(0, 24);
}

std::string product_subject_hex(std::string_view product) {
    return Digest::of(product).hex();
}

json to_json(const License& l) {
    return {{"_type", statement_type},
            {"subject", json::array({{{"name", std::string(license_subject_prefix) + l.product},
                                      {"digest", {{"sha256", product_subject_hex(l.product)}}}}})},
            {"predicateType", license_predicate_type},
            {"predicate", predicate_json(l, true)}};
}

std::string serialize(const License& l) {
    return to_json(l).dump();
}

License license_from_json(const json& value) {
    const JsonFields root(value, ErrorCode::signature, std::string(license_document));
    read_statement_header(root, license_predicate_type);
    const StatementSubject subject = read_single_subject(root, {});

    const JsonFields predicate = root.object("predicate");
    predicate.only(
        {"licenseId", "customer", "product", "entitlements", "issuedAt", "notBefore", "notAfter"});
    License l;
    l.id = predicate.string("licenseId", max_license_id_bytes);
    l.customer = predicate.string("customer", max_name_bytes);
    l.product = predicate.string("product", max_name_bytes);
    const JsonFields ents = predicate.object("entitlements");
    const json& entitlements = predicate.required("entitlements");
    if (entitlements.size() > max_entitlements) {
        predicate.fail_at("entitlements", "more than " + std::to_string(max_entitlements));
    }
    for (const auto& [key, v] : entitlements.items()) {
        if (key.size() > max_entitlement_key_bytes) {
            predicate.fail_at("entitlements", "an entitlement name is longer than 64 bytes");
        }
        l.entitlements[key] = ents.string(key, max_entitlement_value_bytes, true);
    }
    l.issued_at = read_time(predicate, "issuedAt");
    l.not_before = read_time(predicate, "notBefore");
    l.not_after = read_time(predicate, "notAfter");
    validate(l);

    if (subject.name != std::string(license_subject_prefix) + l.product) {
        root.fail_at("subject[0].name", "expected \"" + std::string(license_subject_prefix) +
                                            printable(l.product) + "\"");
    }
    if (subject.sha256_hex != product_subject_hex(l.product)) {
        root.fail_at("subject[0].digest.sha256", "is not the sha256 of the product name");
    }
    return l;
}

License parse_license(std::string_view text) {
    return license_from_json(parse_strict_json(text, dsse::max_payload_bytes, max_license_depth,
                                               ErrorCode::signature, license_document));
}

dsse::Envelope sign_license(const License& license, const PrivateKey& key) {
    validate(license);
    return dsse::sign(std::string(in_toto_payload_type), serialize(license), key);
}

License verify_license(const dsse::Envelope& envelope, const PublicKey& key) {
    return parse_license(authenticated_payload(envelope, key));
}

} // namespace airlock::license
