#include "builder/create/upstream_verify.hpp"

#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/sign/cosign_layer.hpp"
#include "common/sign/cosign_signature.hpp"
#include "common/sign/sigstore_bundle.hpp"

namespace airlock::builder {

namespace {

// PEM public keys are a few hundred bytes; RSA 8192 stays far below this.
constexpr std::size_t max_key_file_bytes = 64 * 1024;

std::string_view annotation(const Descriptor& d, std::string_view key) {
    auto it = d.annotations.find(std::string(key));
    return it == d.annotations.end() ? std::string_view() : std::string_view(it->second);
}

struct Outcome {
    std::vector<BomProvenance> verified;
    std::vector<std::string> why;
    bool any_refused = false;
    bool all_untrusted = true; // every refusal was for the signer alone
};

void record(Outcome& out, const sign::UpstreamVerdict& v, const BomAttachment& a,
            const Digest& subject, const std::string& format, const std::string& name) {
    if (v.verified) {
        out.verified.push_back({subject, a.digest, format, v.key_id, v.issuer, v.identity});
        return;
    }
    out.any_refused = true;
    out.all_untrusted = out.all_untrusted && v.untrusted_signer;
    out.why.push_back(name + ": " + v.why());
}

void check_cosign(const FoundAttachment& f, const Digest& subject,
                  const sign::UpstreamPolicy& policy, Outcome& out) {
    bool any = false;
    for (const Descriptor& layer : f.manifest.layers) {
        auto payload = f.layers.find(layer.digest);
        if (layer.media_type != sign::cosign_payload_media_type || payload == f.layers.end()) {
            continue;
        }
        any = true;
        sign::CosignLayer l{payload->second, annotation(layer, sign::cosign_signature_annotation),
                            annotation(layer, sign::cosign_certificate_annotation),
                            annotation(layer, sign::cosign_chain_annotation),
                            annotation(layer, sign::cosign_bundle_annotation)};
        record(out, sign::verify_cosign_layer(l, subject, policy), f.bom, subject, "cosign",
               f.bom.tag + " layer " + layer.digest.str().substr(0, 19));
    }
    if (!any) {
        out.any_refused = true;
        out.all_untrusted = false;
        out.why.push_back(f.bom.tag + ": no simple-signing payload layer");
    }
}

void check_bundle(const FoundAttachment& f, const Digest& subject,
                  const sign::UpstreamPolicy& policy, Outcome& out) {
    for (const Descriptor& layer : f.manifest.layers) {
        auto bytes = f.layers.find(layer.digest);
        if (bytes == f.layers.end()) {
            continue;
        }
        record(out, sign::verify_sigstore_bundle(bytes->second, subject, policy), f.bom, subject,
               "sigstore-bundle", "sigstore bundle " + f.bom.digest.str().substr(0, 19));
    }
}

} // namespace

UpstreamRequirement load_upstream_requirement(const SpecVerify& verify) {
    UpstreamRequirement r;
    r.where = verify.where;
    for (const auto& file : verify.keys) {
        r.policy.keys.push_back(sign::VerifyingKey::from_pem(
            read_named_file(file, "upstream key", max_key_file_bytes), file.string()));
        r.what += (r.what.empty() ? "key " : ", key ") + r.policy.keys.back().id().substr(0, 16);
    }
    if (verify.identity) {
        r.policy.identity =
            sign::IdentityPolicy::make(verify.identity->issuer, verify.identity->subject,
                                       verify.identity->subject_regexp, verify.where);
        r.policy.trusted_root = sign::load_trusted_root(verify.trusted_root);
        r.what = r.policy.identity->describe();
    }
    return r;
}

std::vector<BomProvenance> verify_upstream(const std::string& image, const Digest& subject,
                                           const std::vector<FoundAttachment>& found,
                                           const UpstreamRequirement& requirement) {
    Outcome out;
    for (const FoundAttachment& f : found) {
        if (f.bom.subject != subject || !is_signature(f.bom)) {
            continue;
        }
        if (f.bom.kind == "signature") {
            check_cosign(f, subject, requirement.policy, out);
        } else {
            check_bundle(f, subject, requirement.policy, out);
        }
    }
    if (!out.verified.empty()) {
        return out.verified;
    }
    const std::string name = "image " + image + "@" + subject.str();
    if (!out.any_refused) {
        fail(ErrorCode::signature, name + " has no upstream signature (looked for the tag " +
                                       sign::cosign_tag(subject, "sig") +
                                       " and sigstore bundle referrers); verify at " +
                                       requirement.where + " requires one by " + requirement.what);
    }
    std::string all;
    for (const std::string& w : out.why) {
        all += (all.empty() ? "" : " | ") + w;
    }
    fail(out.all_untrusted ? ErrorCode::untrusted : ErrorCode::signature,
         name + ": no upstream signature verified by " + requirement.what + " (verify at " +
             requirement.where + "): " + all);
}

} // namespace airlock::builder
