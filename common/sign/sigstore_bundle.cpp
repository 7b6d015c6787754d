#include "common/sign/sigstore_bundle.hpp"

#include "common/core/base64.hpp"
#include "common/core/text.hpp"
#include "common/json/strict_json.hpp"
#include "common/sign/detail/upstream_bytes.hpp"
#include "common/sign/in_toto.hpp"
#include "common/sign/keyless.hpp"

#include <nlohmann/json.hpp>

namespace airlock::sign {

using namespace sign_detail;

namespace {

constexpr std::string_view bundle_document = "sigstore bundle";
constexpr std::size_t bundle_depth = 16;
constexpr std::size_t max_bundle_tlog_entries = 8;
constexpr std::size_t max_bundle_certificates = 8;
constexpr std::size_t max_bundle_field_bytes = 512 * 1024;
constexpr std::size_t max_statement_subjects = 1024;

struct BundleMediaType {
    std::string_view name;
    int minor;
};
constexpr BundleMediaType bundle_media_types[] = {
    {"application/vnd.dev.sigstore.bundle+json;version=0.1", 1},
    {"application/vnd.dev.sigstore.bundle+json;version=0.2", 2},
    {"application/vnd.dev.sigstore.bundle+json;version=0.3", 3},
    {sigstore_bundle_v03_media_type, 3},
};

std::string bundle_bytes(const JsonFields& fields, std::string_view key,
                         std::size_t max_decoded = max_bundle_field_bytes) {
    const auto raw = base64_decode(fields.string(key, max_bundle_field_bytes), max_decoded);
    if (!raw || raw->empty()) {
        fields.fail_at(key, "not base64");
    }
    return *raw;
}

// protobuf JSON writes int64 as a string; accept a number as well.
std::int64_t bundle_int(const JsonFields& fields, std::string_view key) {
    const nlohmann::json& v = fields.required(key);
    if (v.is_number_unsigned() || v.is_number_integer()) {
        const auto n = v.get<std::int64_t>();
        if (n >= 0) {
            return n;
        }
    } else if (v.is_string()) {
        const auto& s = v.get_ref<const std::string&>();
        if (!s.empty() && s.size() <= 18 &&
            s.find_first_not_of("0123456789") == std::string::npos) {
            return std::stoll(s);
        }
    }
    fields.fail_at(key, "expected a non-negative integer");
}

RekorEntry read_tlog_entry(const JsonFields& fields, int minor) {
    RekorEntry entry;
    entry.log_index = bundle_int(fields, "logIndex");
    entry.log_id = bundle_bytes(fields.object("logId"), "keyId", 64);
    const JsonFields kind = fields.object("kindVersion");
    entry.kind = kind.string("kind", 64);
    entry.version = kind.string("version", 32);
    entry.integrated_time = bundle_int(fields, "integratedTime");
    entry.body = bundle_bytes(fields, "canonicalizedBody", max_rekor_body_bytes);
    if (fields.optional("inclusionPromise") != nullptr) {
        entry.signed_entry_timestamp =
            bundle_bytes(fields.object("inclusionPromise"), "signedEntryTimestamp", 4096);
    }
    if (fields.optional("inclusionProof") != nullptr) {
        const JsonFields proof = fields.object("inclusionProof");
        InclusionProof out;
        out.log_index = static_cast<std::uint64_t>(bundle_int(proof, "logIndex"));
        out.tree_size = static_cast<std::uint64_t>(bundle_int(proof, "treeSize"));
        out.root_hash = bundle_bytes(proof, "rootHash", 64);
        const nlohmann::json& hashes = proof.array("hashes", 64);
        for (std::size_t i = 0; i < hashes.size(); ++i) {
            const auto raw = hashes[i].is_string()
                                 ? base64_decode(hashes[i].get_ref<const std::string&>(), 64)
                                 : std::nullopt;
            if (!raw) {
                proof.fail_at("hashes[" + std::to_string(i) + "]", "not a base64 hash");
            }
            out.hashes.push_back(*raw);
        }
        out.checkpoint = proof.object("checkpoint").string("envelope", 64 * 1024);
        entry.inclusion_proof = std::move(out);
    } else if (minor >= 2) {
        fields.fail_at("inclusionProof", "required from bundle version 0.2");
    }
    return entry;
}

std::optional<HashAlgorithm> bundle_hash(std::string_view name) {
    if (name == "SHA2_256") {
        return HashAlgorithm::sha256;
    }
    if (name == "SHA2_384") {
        return HashAlgorithm::sha384;
    }
    if (name == "SHA2_512") {
        return HashAlgorithm::sha512;
    }
    return std::nullopt;
}

// Whether an in-toto statement lists a subject with sha256 `hex`.
std::string statement_names(std::string_view payload, const Digest& expected) {
    try {
        const nlohmann::json doc = parse_strict_json(payload, dsse::max_payload_bytes, 32,
                                                     ErrorCode::signature, "in-toto statement");
        const JsonFields root(doc, ErrorCode::signature, "in-toto statement");
        const std::string type = root.string("_type", 128);
        if (type != statement_type && type != "https://in-toto.io/Statement/v0.1") {
            root.fail_at("_type", "not an in-toto statement");
        }
        const nlohmann::json& subjects = root.array("subject", max_statement_subjects);
        for (std::size_t i = 0; i < subjects.size(); ++i) {
            const JsonFields subject =
                root.nested(subjects[i], "subject[" + std::to_string(i) + "]");
            const JsonFields digests = subject.object("digest");
            if (const auto sha256 = digests.optional_string("sha256", 128)) {
                if (*sha256 == expected.hex()) {
                    return {};
                }
            }
        }
        return "the signed statement has no subject with digest " + expected.str();
    } catch (const Error& e) {
        return e.what();
    }
}

// Why a message signature over a digest cannot be checked with `key`, or
// empty: Ed25519 signs messages, not digests, and other keys imply their hash.
std::string digest_unusable_with(const VerifyingKey& key, const LoggedSignature& logged) {
    if (logged.dsse) {
        return {};
    }
    if (key.type() == VerifyingKeyType::ed25519) {
        return "an Ed25519 message signature needs the artifact's bytes; only its digest is known";
    }
    if (key.implied_hash() != logged.digest_algorithm) {
        return "a " + std::string(to_string(key.type())) + " key signs " +
               std::string(to_string(key.implied_hash())) + " digests, the bundle's is " +
               std::string(to_string(logged.digest_algorithm));
    }
    return {};
}

// The checks of one tlog entry; empty when it proves the signature logged.
std::string check_bundle_entry(const RekorEntry& entry, const SigstoreBundle& bundle,
                               const LoggedSignature& logged, const TrustedRoot& root) {
    std::string why = check_signed_entry_timestamp(entry, root);
    if (why.empty() && (bundle.minor_version >= 2 || entry.inclusion_proof)) {
        why = check_inclusion_proof(entry, root);
    }
    if (why.empty()) {
        why = check_entry_binds(entry, logged);
    }
    return why;
}

} // namespace

SigstoreBundle parse_sigstore_bundle(std::string_view json) {
    const std::string document(bundle_document);
    const nlohmann::json doc = parse_strict_json(json, max_sigstore_bundle_bytes, bundle_depth,
                                                 ErrorCode::signature, document);
    const JsonFields root(doc, ErrorCode::signature, document);
    const std::string media_type = root.string("mediaType", 256);
    SigstoreBundle bundle;
    bundle.minor_version = 0;
    for (const BundleMediaType& known : bundle_media_types) {
        if (known.name == media_type) {
            bundle.minor_version = known.minor;
        }
    }
    if (bundle.minor_version == 0) {
        root.fail_at("mediaType", "unknown media type " + printable(media_type, 128));
    }
    const JsonFields material = root.object("verificationMaterial");
    const bool has_cert = material.optional("certificate") != nullptr;
    const bool has_chain = material.optional("x509CertificateChain") != nullptr;
    const bool has_key = material.optional("publicKey") != nullptr;
    if (static_cast<int>(has_cert) + static_cast<int>(has_chain) + static_cast<int>(has_key) != 1) {
        material.fail_at("", "needs exactly one of certificate, x509CertificateChain, publicKey");
    }
    if (has_cert) {
        bundle.certificate_der = bundle_bytes(material.object("certificate"), "rawBytes");
    } else if (has_chain) {
        const JsonFields chain = material.object("x509CertificateChain");
        const nlohmann::json& certs = chain.array("certificates", max_bundle_certificates);
        if (certs.empty()) {
            chain.fail_at("certificates", "empty");
        }
        for (std::size_t i = 0; i < certs.size(); ++i) {
            std::string der = bundle_bytes(
                chain.nested(certs[i], chain.path("certificates[" + std::to_string(i) + "]")),
                "rawBytes");
            if (i == 0) {
                bundle.certificate_der = std::move(der);
            } else {
                bundle.chain_der.push_back(std::move(der));
            }
        }
    } else {
        const JsonFields key = material.object("publicKey");
        if (auto hint = key.optional_string("hint", 1024)) {
            bundle.public_key_hint = *hint;
        }
    }
    if (material.optional("tlogEntries") != nullptr) {
        const nlohmann::json& entries = material.array("tlogEntries", max_bundle_tlog_entries);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            bundle.tlog_entries.push_back(read_tlog_entry(
                material.nested(entries[i],
                                material.path("tlogEntries[" + std::to_string(i) + "]")),
                bundle.minor_version));
        }
    }
    const bool has_message = root.optional("messageSignature") != nullptr;
    const bool has_dsse = root.optional("dsseEnvelope") != nullptr;
    if (has_message == has_dsse) {
        root.fail_at("", "needs exactly one of messageSignature and dsseEnvelope");
    }
    if (has_message) {
        const JsonFields message = root.object("messageSignature");
        MessageSignature out;
        out.signature = bundle_bytes(message, "signature", 4096);
        if (message.optional("messageDigest") == nullptr) {
            message.fail_at("messageDigest", "required: airlock verifies images by digest");
        }
        const JsonFields digest = message.object("messageDigest");
        const auto algorithm = bundle_hash(digest.string("algorithm", 32));
        if (!algorithm) {
            digest.fail_at("algorithm", "expected SHA2_256, SHA2_384 or SHA2_512");
        }
        out.digest_algorithm = *algorithm;
        out.digest = bundle_bytes(digest, "digest", 64);
        if (out.digest.size() != digest_size(*algorithm)) {
            digest.fail_at("digest", "wrong size for " + std::string(to_string(*algorithm)));
        }
        bundle.message_signature = std::move(out);
    } else {
        bundle.dsse_envelope = dsse::envelope_from_json(root.required("dsseEnvelope"));
    }
    return bundle;
}

namespace {

// The integrated time of the first tlog entry of `bundle` that proves the
// signature logged, or nullopt with `why` saying what the last one lacked.
std::optional<std::int64_t> first_proven_entry(const SigstoreBundle& bundle,
                                               const LoggedSignature& logged,
                                               const TrustedRoot& root, std::string& why) {
    for (const RekorEntry& entry : bundle.tlog_entries) {
        why = check_bundle_entry(entry, bundle, logged, root);
        if (why.empty()) {
            return entry.integrated_time;
        }
    }
    return std::nullopt;
}

} // namespace

UpstreamVerdict verify_sigstore_bundle(std::string_view json, const Digest& expected,
                                       const UpstreamPolicy& policy) {
    UpstreamVerdict verdict;
    auto refuse = [&verdict](std::string why) { return verdict.refuse(std::move(why)); };
    SigstoreBundle bundle;
    try {
        bundle = parse_sigstore_bundle(json);
    } catch (const Error& e) {
        return refuse(e.what());
    } catch (const std::exception& e) {
        return refuse(std::string("sigstore bundle: ") + e.what());
    }
    try {
        // What was signed, and the bytes the key signed.
        LoggedSignature logged;
        std::string signed_bytes;
        if (bundle.message_signature) {
            const MessageSignature& message = *bundle.message_signature;
            if (message.digest_algorithm != HashAlgorithm::sha256 ||
                message.digest != hex_decode(expected.hex())) {
                return refuse("the signature is over another digest (" +
                              std::string(to_string(message.digest_algorithm)) + ":" +
                              hex_encode(message.digest) + "), not " + expected.str());
            }
            logged.signature = message.signature;
            logged.digest_algorithm = message.digest_algorithm;
            logged.digest = message.digest;
        } else {
            const dsse::Envelope& envelope = *bundle.dsse_envelope;
            if (envelope.signatures.size() != 1) {
                return refuse("the DSSE envelope must carry exactly one signature, it has " +
                              std::to_string(envelope.signatures.size()));
            }
            if (envelope.payload_type != in_toto_payload_type) {
                return refuse("the DSSE payload type is " + printable(envelope.payload_type, 64) +
                              ", not " + std::string(in_toto_payload_type));
            }
            logged.dsse = true;
            logged.signature = envelope.signatures.front().sig;
            logged.dsse_payload = envelope.payload;
            signed_bytes = dsse::pae(envelope.payload_type, envelope.payload);
        }
        auto signature_verifies = [&](const VerifyingKey& key) {
            const HashAlgorithm hash = key.implied_hash();
            if (logged.dsse) {
                return key.verify(signed_bytes, logged.signature, hash);
            }
            return hash == logged.digest_algorithm &&
                   key.verify_digest(logged.digest, logged.signature, hash);
        };

        // Who signed.
        std::optional<VerifyingKey> signer;
        std::optional<std::int64_t> logged_time;
        if (!bundle.certificate_der.empty()) {
            if (!policy.identity || !policy.trusted_root) {
                return refuse("the bundle is signed with a certificate, and the policy has no "
                              "identity and trusted root for keyless signatures");
            }
            if (bundle.tlog_entries.empty()) {
                return refuse("transparency log proof missing (the bundle has no tlog entry)");
            }
            logged.verifier_der = bundle.certificate_der;
            logged.verifier_is_certificate = true;
            std::string why;
            logged_time = first_proven_entry(bundle, logged, *policy.trusted_root, why);
            if (!logged_time) {
                return refuse(why);
            }
            const KeylessCheck cert =
                check_keyless_certificate(bundle.certificate_der, bundle.chain_der,
                                          Timestamp{std::chrono::seconds(*logged_time)},
                                          *policy.trusted_root, *policy.identity);
            if (!cert.ok) {
                verdict.untrusted_signer = cert.untrusted;
                return refuse(cert.why);
            }
            if (!signature_verifies(*cert.key)) {
                const std::string unusable = digest_unusable_with(*cert.key, logged);
                return refuse(unusable.empty()
                                  ? "the signature does not verify with the certificate's key"
                                  : unusable);
            }
            signer = cert.key;
            verdict.identity = cert.identity.sans.empty() ? std::string("(no subject)")
                                                          : cert.identity.sans.front();
            verdict.issuer = cert.identity.issuer;
            verdict.signer = verdict.identity + " (" + verdict.issuer + ")";
        } else {
            if (policy.keys.empty()) {
                return refuse("the bundle is signed with a key, and the policy has no keys");
            }
            for (const VerifyingKey& key : policy.keys) {
                if (signature_verifies(key)) {
                    signer = key;
                    break;
                }
            }
            if (!signer) {
                std::string unusable;
                for (const VerifyingKey& key : policy.keys) {
                    unusable = unusable.empty() ? digest_unusable_with(key, logged) : unusable;
                }
                return refuse("the signature does not verify with any of the policy's " +
                              std::to_string(policy.keys.size()) + " keys" +
                              (unusable.empty() ? "" : " (" + unusable + ")"));
            }
            verdict.key_id = signer->id();
            verdict.signer = "key " + signer->id().substr(0, 16);
            if (policy.trusted_root) {
                if (bundle.tlog_entries.empty()) {
                    return refuse("transparency log proof missing (the bundle has no tlog entry)");
                }
                logged.verifier_der = signer->spki_der();
                std::string why;
                logged_time = first_proven_entry(bundle, logged, *policy.trusted_root, why);
                if (!logged_time) {
                    return refuse(why);
                }
            }
        }
        // What the signature is about, read only now that it is authenticated.
        if (logged.dsse) {
            const std::string why = statement_names(logged.dsse_payload, expected);
            if (!why.empty()) {
                return refuse(why);
            }
        }
        verdict.verified = true;
        verdict.tlog_checked = logged_time.has_value();
        if (logged_time) {
            verdict.logged_at = Timestamp{std::chrono::seconds(*logged_time)};
        }
        return verdict;
    } catch (const Error& e) {
        return refuse(e.what());
    } catch (const std::exception& e) {
        // Never expected; refused rather than thrown, as the header promises.
        return refuse(std::string("internal error: ") + e.what());
    }
}

} // namespace airlock::sign
