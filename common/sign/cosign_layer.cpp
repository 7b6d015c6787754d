#include "common/sign/cosign_layer.hpp"

#include "common/core/base64.hpp"
#include "common/core/text.hpp"
#include "common/json/strict_json.hpp"
#include "common/sign/cosign_signature.hpp"
#include "common/sign/detail/upstream_bytes.hpp"
#include "common/sign/keyless.hpp"
#include "common/sign/rekor.hpp"

#include <nlohmann/json.hpp>

namespace airlock::sign {

using namespace sign_detail;

namespace {

constexpr std::size_t max_layer_signature_bytes = 4096;
constexpr std::size_t max_cosign_chain = 8;
constexpr std::size_t max_cosign_bundle_bytes = 512 * 1024;

// The Rekor entry of cosign's bundle annotation. Throws Error(signature).
RekorEntry read_cosign_bundle(std::string_view json) {
    const std::string document = "cosign bundle annotation";
    const nlohmann::json doc =
        parse_strict_json(json, max_cosign_bundle_bytes, 8, ErrorCode::signature, document);
    const JsonFields root(doc, ErrorCode::signature, document);
    RekorEntry entry;
    const auto set = base64_decode(root.string("SignedEntryTimestamp", 8192), 4096);
    if (!set) {
        root.fail_at("SignedEntryTimestamp", "not base64");
    }
    entry.signed_entry_timestamp = *set;
    const JsonFields payload = root.object("Payload");
    const auto body =
        base64_decode(payload.string("body", max_cosign_bundle_bytes), max_rekor_body_bytes);
    if (!body) {
        payload.fail_at("body", "not base64");
    }
    entry.body = *body;
    auto integer = [&payload](std::string_view key) {
        const nlohmann::json& v = payload.required(key);
        if (!v.is_number_integer() || v.get<std::int64_t>() < 0) {
            payload.fail_at(key, "expected a non-negative integer");
        }
        return v.get<std::int64_t>();
    };
    entry.integrated_time = integer("integratedTime");
    entry.log_index = integer("logIndex");
    const auto log_id = hex_decode(payload.string("logID", 128));
    if (!log_id || log_id->size() != 32) {
        payload.fail_at("logID", "not 64 hex digits");
    }
    entry.log_id = *log_id;
    return entry;
}

} // namespace

UpstreamVerdict verify_cosign_layer(const CosignLayer& layer, const Digest& expected,
                                    const UpstreamPolicy& policy) {
    UpstreamVerdict verdict;
    auto refuse = [&verdict](std::string why) { return verdict.refuse(std::move(why)); };
    try {
        if (layer.signature_b64.empty()) {
            return refuse("no signature (the layer has no " +
                          std::string(cosign_signature_annotation) + " annotation)");
        }
        const auto signature = base64_decode(layer.signature_b64, max_layer_signature_bytes);
        if (!signature || signature->empty()) {
            return refuse("the signature annotation is not base64");
        }
        if (layer.payload.size() > max_cosign_payload_bytes) {
            return refuse("the signed payload is larger than 64 KiB");
        }
        std::optional<RekorEntry> entry;
        if (!layer.bundle_json.empty()) {
            entry = read_cosign_bundle(layer.bundle_json);
        }
        LoggedSignature logged;
        logged.signature = *signature;
        logged.digest = hash_bytes(HashAlgorithm::sha256, layer.payload);
        // The SET and the entry's binding, when the policy asks for a log.
        auto check_log = [&]() -> std::string {
            if (!entry) {
                return "transparency log proof missing (no " +
                       std::string(cosign_bundle_annotation) + " annotation)";
            }
            std::string why = check_signed_entry_timestamp(*entry, *policy.trusted_root);
            if (why.empty()) {
                why = check_entry_binds(*entry, logged);
            }
            return why;
        };

        if (!layer.certificate_pem.empty()) {
            if (!policy.identity || !policy.trusted_root) {
                return refuse("the signature is keyless, and the policy has no identity and "
                              "trusted root for keyless signatures");
            }
            const std::string leaf = pem_blocks(layer.certificate_pem, "CERTIFICATE", 1,
                                                ErrorCode::signature, "certificate annotation")
                                         .front();
            std::vector<std::string> chain;
            if (!layer.chain_pem.empty()) {
                chain = pem_blocks(layer.chain_pem, "CERTIFICATE", max_cosign_chain,
                                   ErrorCode::signature, "chain annotation");
            }
            logged.verifier_der = leaf;
            logged.verifier_is_certificate = true;
            const std::string log_why = check_log();
            if (!log_why.empty()) {
                return refuse(log_why);
            }
            const KeylessCheck cert = check_keyless_certificate(
                leaf, chain, Timestamp{std::chrono::seconds(entry->integrated_time)},
                *policy.trusted_root, *policy.identity);
            if (!cert.ok) {
                verdict.untrusted_signer = cert.untrusted;
                return refuse(cert.why);
            }
            if (!cert.key->verify(layer.payload, *signature, HashAlgorithm::sha256)) {
                return refuse("the signature does not verify with the certificate's key");
            }
            verdict.identity = cert.identity.sans.empty() ? std::string("(no subject)")
                                                          : cert.identity.sans.front();
            verdict.issuer = cert.identity.issuer;
            verdict.signer = verdict.identity + " (" + verdict.issuer + ")";
            verdict.tlog_checked = true;
        } else {
            if (policy.keys.empty()) {
                return refuse("the signature has no certificate, and the policy has no keys");
            }
            const VerifyingKey* signer = nullptr;
            for (const VerifyingKey& key : policy.keys) {
                if (key.verify(layer.payload, *signature, HashAlgorithm::sha256)) {
                    signer = &key;
                    break;
                }
            }
            if (signer == nullptr) {
                return refuse("the signature does not verify with any of the policy's " +
                              std::to_string(policy.keys.size()) + " keys");
            }
            verdict.key_id = signer->id();
            verdict.signer = "key " + signer->id().substr(0, 16);
            if (policy.trusted_root) {
                logged.verifier_der = signer->spki_der();
                const std::string log_why = check_log();
                if (!log_why.empty()) {
                    return refuse(log_why);
                }
                verdict.tlog_checked = true;
            }
        }
        // Authenticated: now the payload may be read.
        const SimpleSigning claim = parse_simple_signing(layer.payload);
        if (claim.manifest_digest != expected) {
            return refuse("the signed payload names " + claim.manifest_digest.str() + ", not " +
                          expected.str());
        }
        if (verdict.tlog_checked) {
            verdict.logged_at = Timestamp{std::chrono::seconds(entry->integrated_time)};
        }
        verdict.verified = true;
        return verdict;
    } catch (const Error& e) {
        return refuse(e.what());
    } catch (const std::exception& e) {
        // Never expected; refused rather than thrown, as the header promises.
        return refuse(std::string("internal error: ") + e.what());
    }
}

} // namespace airlock::sign
