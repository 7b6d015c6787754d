#include "loader/verify/verify_bundle.hpp"

#include "common/bundle/bundle_check.hpp"
#include "common/bundle/signature_slot.hpp"
#include "common/core/error.hpp"
#include "common/core/semver.hpp"
#include "common/core/text.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/signature_check.hpp"
#include "loader/license/license_store.hpp"
#include "loader/trust/apply_trust_updates.hpp"

#include <algorithm>
#include <set>

namespace airlock::loader {

namespace {

using Why = sign::Shortfall;

Why why_of(sign::SignatureProblem p) {
    return sign::error_class(p) == ErrorCode::untrusted ? Why::untrusted : Why::signature;
}

ErrorCode code_of(Why w) {
    return sign::error_code(w);
}

} // namespace

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

        check_signatures(head, slot.content.envelopes, report, now);
        check_rollback(head.bom, report);
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

    void check_signatures(const BundleHead& head, const nlohmann::json& envelopes,
                          VerifyReport& report, Timestamp now) {
        const trust::TrustPolicy& pol = policy_.policy;
        if (envelopes.empty()) {
            fail(ErrorCode::signature, "bundle " + head.bom.name + " " + head.bom.version +
                                           " is unsigned: its signature slot is empty");
        }
        Digest bom_digest = Digest::of(head.bom_bytes);
        std::map<std::string, Why> worst; // role -> most specific failure
        std::map<std::string, std::string> worst_text;
        // A failure is charged to the role the signature was meant to count
        // for: the role its statement claims when it claims one the key lacks.
        auto reject = [&](SignatureCheck& c, Why why, const std::string& problem,
                          const std::string& claimed = {}) {
            c.problem = problem;
            std::string role = !claimed.empty() ? claimed : c.role.empty() ? "*" : c.role;
            if (why >= worst[role]) {
                worst[role] = why;
                worst_text[role] = "key " + c.key_id.substr(0, 16) + ": " + problem;
            }
        };
        for (const sign::ExaminedSignature& e : sign::examine_signatures(
                 envelopes, pol, bom_digest, head.bom.name, head.bom.version)) {
            SignatureCheck c;
            c.key_id = e.key_id;
            c.role = e.role;
            if (e.statement) {
                c.issued_at = format_rfc3339(e.statement->issued_at);
                c.not_before = format_rfc3339(e.statement->not_before);
                c.not_after = format_rfc3339(e.statement->not_after);
            }
            const trust::TrustedKey* key = pol.find(e.key_id);
            if (e.problem == sign::SignatureProblem::wrong_role) {
                reject(c, why_of(e.problem), e.why, e.statement->role);
            } else if (e.problem != sign::SignatureProblem::none) {
                reject(c, why_of(e.problem), e.why);
            } else if (now < e.statement->not_before) {
                reject(c, Why::expired, "not valid before " + c.not_before);
            } else if (now > e.statement->not_after) {
                reject(c, Why::expired, "expired at " + c.not_after);
            } else if (key->not_after && now > *key->not_after) {
                reject(c, Why::expired, "key expired at " + format_rfc3339(*key->not_after));
            } else {
                c.counted = true;
            }
            report.signatures.push_back(c);
        }
        for (const auto& [role, need] : pol.require) {
            RoleResult r;
            r.required = need;
            std::set<std::string> distinct;
            for (const SignatureCheck& c : report.signatures) {
                if (c.counted && c.role == role) {
                    distinct.insert(c.key_id);
                }
            }
            r.keys.assign(distinct.begin(), distinct.end());
            report.requirements[role] = r;
        }
        for (const auto& [role, r] : report.requirements) {
            if (r.keys.size() >= r.required) {
                continue;
            }
            Why why = std::max(worst.count(role) ? worst[role] : Why::none,
                               worst.count("*") ? worst["*"] : Why::none);
            std::string detail = worst_text.count(role)  ? worst_text[role]
                                 : worst_text.count("*") ? worst_text["*"]
                                                         : "no signature by a " + role + " key";
            fail(why == Why::none ? ErrorCode::signature : code_of(why),
                 "bundle " + head.bom.name + " " + head.bom.version + " is not trusted: role '" +
                     role + "' needs " + std::to_string(r.required) + " distinct key(s), has " +
                     std::to_string(r.keys.size()) + " (" + detail + ")");
        }
    }

    void check_rollback(const Bom& bom, const VerifyReport& report) {
        auto prev = state_.loaded(bom.name);
        if (!prev) {
            return;
        }
        auto now_v = SemVer::try_parse(bom.version);
        auto old_v = SemVer::try_parse(prev->version);
        if (!now_v || !old_v) {
            fail(ErrorCode::malformed, "bundle version '" + bom.version + "' is not SemVer 2.0");
        }
        if (*now_v < *old_v) {
            fail(ErrorCode::rollback, "bundle " + bom.name + " " + bom.version + " is older than " +
                                          prev->version +
                                          ", already loaded; refusing to roll back");
        }
        if (*now_v == *old_v && prev->bom_digest != report.bom_digest) {
            fail(ErrorCode::rollback,
                 "bundle " + bom.name + " " + bom.version + " differs from the " + prev->version +
                     " already loaded (BOM " + report.bom_digest.substr(0, 19) + " vs " +
                     prev->bom_digest.substr(0, 19) + ")");
        }
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
