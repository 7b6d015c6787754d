#include "common/sign/in_toto.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/digest/digest.hpp"
#include "common/sign/keys.hpp"
#include <nlohmann/json.hpp>

namespace airlock::sign {

namespace {
constexpr std::size_t max_subjects = 64;
} // namespace

void reject_statement_field(std::string_view document, std::string_view field,
                            const std::string& why) {
    fail(ErrorCode::signature, std::string(document) + ": " + std::string(field) + ": " + why);
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

void read_statement_header(const JsonFields& root, std::string_view predicate_type) {
    if (root.string("_type", max_name_bytes) != statement_type) {
        root.fail_at("_type", "expected " + std::string(statement_type));
    }
    if (root.string("predicateType", max_name_bytes) != predicate_type) {
        root.fail_at("predicateType", "expected " + std::string(predicate_type));
    }
}

StatementSubject read_single_subject(const JsonFields& root, std::string_view expected_name) {
    const nlohmann::json& subjects = root.array("subject", max_subjects);
    if (subjects.size() != 1) {
        const std::string which =
            expected_name.empty() ? std::string() : ", " + std::string(expected_name);
        root.fail_at("subject", "expected exactly one subject" + which + "; found " +
                                    std::to_string(subjects.size()));
    }
    const JsonFields subject = root.nested(subjects[0], "subject[0]");
    StatementSubject out;
    out.name = subject.string("name", max_name_bytes);
    if (!expected_name.empty() && out.name != expected_name) {
        subject.fail_at("name", "expected \"" + std::string(expected_name) + "\"");
    }
    const JsonFields digest = subject.object("digest");
    out.sha256_hex = digest.string("sha256", 64);
    if (!is_sha256_hex(out.sha256_hex)) {
        digest.fail_at("sha256", "expected 64 lowercase hex digits");
    }
    return out;
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

const std::string& authenticated_payload(const dsse::Envelope& envelope, const PublicKey& key) {
    if (envelope.payload_type != in_toto_payload_type) {
        fail(ErrorCode::signature, "DSSE envelope: payloadType '" +
                                       printable(envelope.payload_type) + "' is not " +
                                       std::string(in_toto_payload_type));
    }
    if (envelope.signatures.empty()) {
        fail(ErrorCode::signature, "DSSE envelope has no signatures");
    }
    if (!dsse::is_signed_by(envelope, key)) {
        fail(ErrorCode::signature, "DSSE envelope: no signature verifies under key " + key.id());
    }
    return envelope.payload;
}

} // namespace airlock::sign
