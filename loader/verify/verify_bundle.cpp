#include "loader/verify/verify_bundle.hpp"

#include "common/bundle/bundle_check.hpp"
#include "common/bundle/signature_slot.hpp"
#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/sign/dsse.hpp"
#include "loader/license/license_store.hpp"
#include "loader/trust/apply_trust_updates.hpp"
#include "loader/verify/rollback_check.hpp"
#include "loader/verify/signature_threshold.hpp"

namespace airlock::loader {

class Verifier {
  public:
    Verifier(const VerifyOptions& o, const EffectivePolicy& p, const StateStore& s)
        : options_(o), policy_(p), state_(s) {}

    VerifiedBundle run() {
        BundleFiles files = BundleFiles::open(options_.bundle);
        BundleHead head = read_bundle_head(files);
        VerifyReport report;
        report.name = head.bom.name;
        report.version = head.bom.version;
        report.bom_digest = Digest::of(head.bom_bytes).str();
        Timestamp now = state_.trusted_time();
        report.trusted_time = format_rfc3339(now);
        const DecodedSlot slot = decode_signature_slot(head.slot);
        // A release may rotate keys: the updates it carries are adopted (each
        // signed by the policy in force) before its own signatures are judged.
        report.trust_updates = apply_trust_updates(policy_, carried_updates(slot.content), now,
                                                   options_.adopt_trust_updates);
        report.policy_origin = policy_.origin;
        report.policy_version = policy_.policy.version;
        report.development_policy = policy_.development;
        for (const auto& v : files.volumes()) {
            report.volumes.push_back(v.string());
        }
        report.size = files.size();
        report.images = image_provenance(head.bom);
        describe_base(head.bom, report);

        check_signatures(
            SignatureSubject{head.bom.name, head.bom.version, Digest::of(head.bom_bytes)},
            slot.content.envelopes, policy_.policy, now, report);
        check_rollback(head.bom.name, head.bom.version, report.bom_digest,
                       state_.loaded(head.bom.name));
        check_license(head.bom, now);
        check_bundle_structure(files, head);
        std::string index = read_checked_index(files, head);
        if (options_.deep) {
            report.deep_bytes = hash_payload(files, head, options_.progress);
            report.deep = true;
        }
        return VerifiedBundle(std::move(files), std::move(head), std::move(index),
                              std::move(report));
    }

  private:
    static std::vector<ImageProvenance> image_provenance(const Bom& bom) {
        std::vector<ImageProvenance> out;
        for (const BomImage& img : bom.images) {
            ImageProvenance p;
            p.ref = img.ref;
            for (const BomAttachment& a : img.attachments) {
                ++p.attachments[a.kind];
            }
            for (const BomProvenance& v : img.provenance) {
                p.verified_by.push_back(v.format + " " +
                                        (v.key.empty() ? v.identity + " (" + v.issuer + ")"
                                                       : "key " + v.key.substr(0, 16)));
            }
            out.push_back(std::move(p));
        }
        return out;
    }

    // Which bases of a delta this site's state recorded. Informational here:
    // whether the content is at the site is checked against the target
    // (load, verify --to), or for verify alone against the state.
    void describe_base(const Bom& bom, VerifyReport& report) const {
        if (!bom.base) {
            return;
        }
        report.delta = true;
        for (const BomBaseBundle& b : bom.base->bundles) {
            report.base.bundles.push_back({b.name, b.version, b.bom_digest.str(),
                                           state_.recorded_bom(b.bom_digest.str()).has_value()});
        }
        report.base.blobs = bom.base->blobs.size();
        for (const BomBlob& b : bom.base->blobs) {
            report.base.bytes += static_cast<std::uint64_t>(b.size);
        }
    }

    static std::vector<dsse::Envelope> carried_updates(const SignatureSlot& slot) {
        std::vector<dsse::Envelope> out;
        for (std::size_t i = 0; i < slot.trust_updates.size(); ++i) {
            try {
                out.push_back(dsse::envelope_from_json(slot.trust_updates[i]));
            } catch (const Error& e) {
                fail(ErrorCode::signature,
                     "trust update " + std::to_string(i) + " in the signature slot: " + e.what());
            }
        }
        return out;
    }

    // The license is judged afresh each time, with the policy in force now:
    // a key revoked since import takes its licenses with it.
    void check_license(const Bom& bom, Timestamp now) {
        const std::string subject = "bundle " + bom.name + " " + bom.version;
        // Fail closed on a requirement this loader cannot check.
        if (!bom.requirements.unchecked.empty()) {
            fail(ErrorCode::license, subject + " requires '" +
                                         printable(bom.requirements.unchecked.begin()->first) +
                                         "', which this airlock-load cannot check");
        }
        if (bom.requirements.license.empty()) {
            return;
        }
        require_license(state_, policy_.policy, bom.requirements.license, now, subject);
    }

    const VerifyOptions& options_;
    EffectivePolicy policy_; // a copy: updates the bundle carries change it
    const StateStore& state_;
};

std::unique_ptr<BlobReader> VerifiedBundle::open_blob(size_t i) const {
    return open_bundle_blob(files_, head_, i);
}

VerifiedBundle verify_bundle(const VerifyOptions& options, const EffectivePolicy& policy,
                             const StateStore& state) {
    return Verifier(options, policy, state).run();
}

} // namespace airlock::loader
