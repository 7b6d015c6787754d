#include "common/sign/cosign_signature.hpp"

#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/json/strict_json.hpp"

#include <nlohmann/json.hpp>

namespace airlock::sign {

namespace {

// The payload nests three levels; a little room for the optional section.
constexpr std::size_t max_payload_depth = 16;
constexpr std::size_t max_reference_bytes = 4096;
// DER ECDSA P-256 signatures are at most 72 bytes, Ed25519 64.
constexpr std::size_t max_signature_bytes = 1024;

} // namespace

std::string cosign_tag(const Digest& subject, std::string_view suffix) {
    return "sha256-" + subject.hex() + "." + std::string(suffix);
}

std::string make_simple_signing(const SimpleSigning& claim) {
    const nlohmann::json payload = {
        {"critical",
         {{"identity", {{"docker-reference", claim.docker_reference}}},
          {"image", {{"docker-manifest-digest", claim.manifest_digest.str()}}},
          {"type", cosign_signature_type}}},
        {"optional", nullptr}};
    return payload.dump();
}

SimpleSigning parse_simple_signing(std::string_view payload) {
    const nlohmann::json doc =
        parse_strict_json(payload, max_cosign_payload_bytes, max_payload_depth,
                          ErrorCode::signature, "cosign payload");
    const JsonFields root(doc, ErrorCode::signature, "cosign payload");
    const JsonFields critical = root.object("critical");
    critical.only({"identity", "image", "type"});
    if (critical.string("type", 128) != cosign_signature_type) {
        critical.fail_at("type", "not \"" + std::string(cosign_signature_type) + "\"");
    }
    SimpleSigning claim;
    const JsonFields identity = critical.object("identity");
    claim.docker_reference = identity.string("docker-reference", max_reference_bytes);
    const JsonFields image = critical.object("image");
    const std::string digest = image.string("docker-manifest-digest", 128);
    try {
        claim.manifest_digest = Digest::parse(digest);
    } catch (const Error&) {
        image.fail_at("docker-manifest-digest", "not a sha256 digest: " + printable(digest));
    }
    return claim;
}

CosignCheck check_cosign_signature(std::string_view payload, std::string_view signature_b64,
                                   const PublicKey& key, const Digest& expected) {
    CosignCheck check;
    const auto signature = base64_decode(signature_b64, max_signature_bytes);
    if (!signature) {
        check.verdict = CosignVerdict::bad_encoding;
        check.why = "the signature annotation is not base64";
        return check;
    }
    if (payload.size() > max_cosign_payload_bytes || !key.verify(payload, *signature)) {
        check.verdict = CosignVerdict::bad_signature;
        check.why = "the signature does not verify with key " + key.id().substr(0, 16);
        return check;
    }
    try {
        check.claim = parse_simple_signing(payload);
    } catch (const Error& e) {
        check.verdict = CosignVerdict::bad_payload;
        check.why = e.what();
        return check;
    }
    if (check.claim.manifest_digest != expected) {
        check.verdict = CosignVerdict::other_digest;
        check.why = "the signed payload names " + check.claim.manifest_digest.str() + ", not " +
                    expected.str();
        return check;
    }
    check.verdict = CosignVerdict::verified;
    return check;
}

} // namespace airlock::sign
