#include "builder/create/upstream_verify.hpp"

#include "common/core/error.hpp"
#include "common/sign/cosign_signature.hpp"

namespace airlock::builder {

UpstreamPolicy load_upstream_policy(const SpecVerify& verify) {
    UpstreamPolicy policy;
    policy.where = verify.where;
    for (const auto& file : verify.keys) {
        policy.keys.push_back(sign::PublicKey::load(file));
    }
    if (verify.identity) {
        fail(ErrorCode::spec, verify.where +
                                  ": keyless verification (identity) is not supported by this "
                                  "build of airlock-build; name keys instead");
    }
    return policy;
}

namespace {

// Every cosign signature layer of one `.sig` manifest, checked with every key.
void check_cosign(const FoundAttachment& f, const Digest& subject, const UpstreamPolicy& policy,
                  std::vector<BomProvenance>& ok, std::vector<std::string>& why) {
    const std::string name = f.bom.tag;
    bool any_layer = false;
    for (const Descriptor& layer : f.manifest.layers) {
        auto payload = f.layers.find(layer.digest);
        if (payload == f.layers.end()) {
            continue;
        }
        any_layer = true;
        auto annotation = layer.annotations.find(std::string(sign::cosign_signature_annotation));
        if (annotation == layer.annotations.end()) {
            why.push_back(name + ": layer " + layer.digest.str() + " has no signature annotation");
            continue;
        }
        std::string reasons;
        bool verified = false;
        for (const sign::PublicKey& key : policy.keys) {
            sign::CosignCheck c =
                sign::check_cosign_signature(payload->second, annotation->second, key, subject);
            if (c.verdict == sign::CosignVerdict::verified) {
                ok.push_back({subject, f.bom.digest, "cosign", key.id(), {}, {}});
                verified = true;
                break;
            }
            reasons += (reasons.empty() ? "" : "; ") + c.why;
        }
        if (!verified) {
            why.push_back(name + ": " + reasons);
        }
    }
    if (!any_layer) {
        why.push_back(name + ": no simple-signing payload layer");
    }
}

} // namespace

std::vector<BomProvenance> verify_upstream(const std::string& image, const Digest& subject,
                                           const std::vector<FoundAttachment>& found,
                                           const UpstreamPolicy& policy) {
    std::vector<BomProvenance> ok;
    std::vector<std::string> why;
    for (const FoundAttachment& f : found) {
        if (f.bom.subject != subject || !is_signature(f.bom)) {
            continue;
        }
        if (f.bom.kind == "signature") {
            check_cosign(f, subject, policy, ok, why);
        } else {
            why.push_back("referrer " + f.bom.digest.str() +
                          ": sigstore bundles are not checked by this build");
        }
    }
    if (!ok.empty()) {
        return ok;
    }
    std::string keys;
    for (const sign::PublicKey& k : policy.keys) {
        keys += (keys.empty() ? "" : ", ") + k.id().substr(0, 16);
    }
    if (why.empty()) {
        fail(ErrorCode::signature,
             "image " + image + "@" + subject.str() + " has no upstream signature (looked for " +
                 sign::cosign_tag(subject, "sig") + " and sigstore bundle referrers); verify at " +
                 policy.where + " requires one");
    }
    std::string all;
    for (const std::string& w : why) {
        all += (all.empty() ? "" : " | ") + w;
    }
    fail(ErrorCode::signature, "image " + image + "@" + subject.str() +
                                   ": no upstream signature verified with key " + keys + " (" +
                                   policy.where + "): " + all);
}

} // namespace airlock::builder
