#include "common/sign/statement.hpp"

#include "common/core/error.hpp"
#include "common/sign/keys.hpp"
#include "common/sign/strict_json.hpp"

namespace airlock::sign {

namespace {

using nlohmann::json;

constexpr std::string_view what = "validity statement";
constexpr std::size_t max_depth = 16;
constexpr std::size_t max_role_bytes = 64;
constexpr std::size_t max_name_bytes = 256;
constexpr std::size_t max_version_bytes = 128;
constexpr std::size_t max_subjects = 64;
constexpr std::size_t max_timestamp_bytes = 64;

[[noreturn]] void reject(std::string_view field, const std::string& why) {
    fail(ErrorCode::signature, std::string(what) + ": " + std::string(field) + ": " + why);
}

bool has_control_characters(std::string_view s) {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            return true;
        }
    }
    return false;
}

bool is_lower_hex(std::string_view s) {
    for (char c : s) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

Timestamp read_time(const JsonFields& fields, std::string_view key) {
    const std::string text = fields.string(key, max_timestamp_bytes);
    auto t = try_parse_rfc3339(text);
    if (!t) {
        fields.fail_at(key, "'" + printable(text) +
                                "' is not an RFC 3339 time such as 2026-11-23T10:00:00Z");
    }
    return *t;
}

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
        reject("subject[0].digest.sha256", "missing the BOM digest");
    }
    if (!is_valid_role(s.role)) {
        reject("predicate.role", "'" + printable(s.role) +
                                     "' is not a role name (lowercase letters, digits and '-', "
                                     "at most 64)");
    }
    if (s.bundle_name.empty() || s.bundle_name.size() > max_name_bytes ||
        has_control_characters(s.bundle_name)) {
        reject("predicate.bundle.name", "must be 1 to 256 printable bytes");
    }
    if (s.bundle_version.empty() || s.bundle_version.size() > max_version_bytes ||
        has_control_characters(s.bundle_version)) {
        reject("predicate.bundle.version", "must be 1 to 128 printable bytes");
    }
    if (s.not_before >= s.not_after) {
        reject("predicate.notAfter", format_rfc3339(s.not_after) + " is not after notBefore " +
                                         format_rfc3339(s.not_before));
    }
    if (s.issued_at > s.not_after) {
        reject("predicate.issuedAt",
               format_rfc3339(s.issued_at) + " is after notAfter " + format_rfc3339(s.not_after));
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
    const JsonFields root(value, ErrorCode::signature, std::string(what));
    if (root.string("_type", max_name_bytes) != statement_type) {
        root.fail_at("_type", "expected " + std::string(statement_type));
    }
    if (root.string("predicateType", max_name_bytes) != validity_predicate_type) {
        root.fail_at("predicateType", "expected " + std::string(validity_predicate_type));
    }
    const json& subjects = root.array("subject", max_subjects);
    if (subjects.size() != 1) {
        root.fail_at("subject", "expected exactly one subject, bom.json; found " +
                                    std::to_string(subjects.size()));
    }
    const JsonFields subject = root.nested(subjects[0], "subject[0]");
    if (subject.string("name", max_name_bytes) != bom_subject_name) {
        subject.fail_at("name", "expected \"bom.json\"");
    }
    const JsonFields digest = subject.object("digest");
    const std::string hex = digest.string("sha256", 64);
    if (hex.size() != 64 || !is_lower_hex(hex)) {
        digest.fail_at("sha256", "expected 64 lowercase hex digits");
    }

    const JsonFields predicate = root.object("predicate");
    predicate.only({"role", "bundle", "issuedAt", "notBefore", "notAfter"});
    const JsonFields bundle = predicate.object("bundle");
    bundle.only({"name", "version"});

    ValidityStatement s;
    s.bom = Digest::from_hex(hex);
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
    return statement_from_json(
        parse_strict_json(text, dsse::max_payload_bytes, max_depth, ErrorCode::signature, what));
}

dsse::Envelope sign_statement(const ValidityStatement& statement, const PrivateKey& key) {
    validate(statement);
    return dsse::sign(std::string(in_toto_payload_type), serialize(statement), key);
}

ValidityStatement verify_envelope(const dsse::Envelope& envelope, const PublicKey& key) {
    if (envelope.payload_type != in_toto_payload_type) {
        fail(ErrorCode::signature, "DSSE envelope: payloadType '" +
                                       printable(envelope.payload_type) + "' is not " +
                                       std::string(in_toto_payload_type));
    }
    if (envelope.signatures.empty()) {
        fail(ErrorCode::signature, "DSSE envelope has no signatures");
    }
    // Verify before parsing: an unauthenticated payload is never interpreted.
    if (!dsse::is_signed_by(envelope, key)) {
        fail(ErrorCode::signature, "DSSE envelope: no signature verifies under key " + key.id());
    }
    return parse_statement(envelope.payload);
}

} // namespace airlock::sign
