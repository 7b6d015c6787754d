#include "common/sign/statement.hpp"

#include "common/core/error.hpp"
#include "common/json/strict_json.hpp"
#include "common/sign/in_toto.hpp"
#include "common/sign/keys.hpp"
#include <nlohmann/json.hpp>

namespace airlock::sign {

namespace {

using nlohmann::json;

constexpr std::string_view statement_document = "validity statement";
constexpr std::size_t max_statement_depth = 16;
constexpr std::size_t max_role_bytes = 64;
constexpr std::size_t max_version_bytes = 128;

} // namespace

bool is_valid_role(std::string_view role) {
    if (role.empty() || role.size() > max_role_bytes || role.front() == '-') {
        return false;
    }
    for (char c : role) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
            return false;
        }
    }
    return true;
}

void validate(const ValidityStatement& s) {
    if (s.bom.empty()) {
        reject_statement_field(statement_document, "subject[0].digest.sha256",
                               "missing the BOM digest");
    }
    if (!is_valid_role(s.role)) {
        reject_statement_field(statement_document, "predicate.role",
                               "'" + printable(s.role) +
                                   "' is not a role name (lowercase letters, digits and '-', "
                                   "at most 64)");
    }
    if (s.bundle_name.empty() || s.bundle_name.size() > max_name_bytes ||
        has_control_characters(s.bundle_name)) {
        reject_statement_field(statement_document, "predicate.bundle.name",
                               "must be 1 to 256 printable bytes");
    }
    if (s.bundle_version.empty() || s.bundle_version.size() > max_version_bytes ||
        has_control_characters(s.bundle_version)) {
        reject_statement_field(statement_document, "predicate.bundle.version",
                               "must be 1 to 128 printable bytes");
    }
    if (s.not_before >= s.not_after) {
        reject_statement_field(statement_document, "predicate.notAfter",
                               format_rfc3339(s.not_after) + " is not after notBefore " +
                                   format_rfc3339(s.not_before));
    }
    if (s.issued_at > s.not_after) {
        reject_statement_field(statement_document, "predicate.issuedAt",
                               format_rfc3339(s.issued_at) + " is after notAfter " +
                                   format_rfc3339(s.not_after));
    }
}

ValidityStatement make_validity_statement(const Digest& bom, std::string role,
                                          std::string bundle_name, std::string bundle_version,
                                          Timestamp issued_at, std::chrono::seconds valid_for) {
    ValidityStatement s{
        bom,       std::move(role), std::move(bundle_name), std::move(bundle_version),
        issued_at, issued_at,       issued_at + valid_for};
    validate(s);
    return s;
}

json to_json(const ValidityStatement& s) {
    return {{"_type", statement_type},
            {"subject",
             json::array({{{"name", bom_subject_name}, {"digest", {{"sha256", s.bom.hex()}}}}})},
            {"predicateType", validity_predicate_type},
            {"predicate",
             {{"role", s.role},
              {"bundle", {{"name", s.bundle_name}, {"version", s.bundle_version}}},
              {"issuedAt", format_rfc3339(s.issued_at)},
              {"notBefore", format_rfc3339(s.not_before)},
              {"notAfter", format_rfc3339(s.not_after)}}}};
}

std::string serialize(const ValidityStatement& s) {
    return to_json(s).dump();
}

ValidityStatement statement_from_json(const json& value) {
    const JsonFields root(value, ErrorCode::signature, std::string(statement_document));
    read_statement_header(root, validity_predicate_type);
    const StatementSubject subject = read_single_subject(root, bom_subject_name);

    const JsonFields predicate = root.object("predicate");
    predicate.only({"role", "bundle", "issuedAt", "notBefore", "notAfter"});
    const JsonFields bundle = predicate.object("bundle");
    bundle.only({"name", "version"});

    ValidityStatement s;
    s.bom = Digest::from_hex(subject.sha256_hex);
    s.role = predicate.string("role", max_role_bytes);
    s.bundle_name = bundle.string("name", max_name_bytes);
    s.bundle_version = bundle.string("version", max_version_bytes);
    s.issued_at = read_time(predicate, "issuedAt");
    s.not_before = read_time(predicate, "notBefore");
    s.not_after = read_time(predicate, "notAfter");
    validate(s);
    return s;
}

ValidityStatement parse_statement(std::string_view text) {
    return statement_from_json(parse_strict_json(text, dsse::max_payload_bytes, max_statement_depth,
                                                 ErrorCode::signature, statement_document));
}

dsse::Envelope sign_statement(const ValidityStatement& statement, const PrivateKey& key) {
    validate(statement);
    return dsse::sign(std::string(in_toto_payload_type), serialize(statement), key);
}

ValidityStatement verify_validity(const dsse::Envelope& envelope, const PublicKey& key) {
    return parse_statement(authenticated_payload(envelope, key));
}

} // namespace airlock::sign
