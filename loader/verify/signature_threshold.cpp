#include "loader/verify/signature_threshold.hpp"

#include "common/core/error.hpp"
#include "common/sign/signature_check.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

namespace airlock::loader {

namespace {

using Why = sign::Shortfall;

Why why_of(sign::SignatureProblem p) {
    return sign::error_class(p) == ErrorCode::untrusted ? Why::untrusted : Why::signature;
}

} // namespace

void check_signatures(const SignatureSubject& bundle, const nlohmann::json& envelopes,
                      const trust::TrustPolicy& pol, Timestamp now, VerifyReport& report) {
    const std::string subject =
        "bundle " + std::string(bundle.name) + " " + std::string(bundle.version);
    if (envelopes.empty()) {
        fail(ErrorCode::signature, subject + " is unsigned: its signature slot is empty");
    }
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
    for (const sign::ExaminedSignature& e :
         sign::examine_signatures(envelopes, pol, bundle.bom, bundle.name, bundle.version)) {
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
        fail(why == Why::none ? ErrorCode::signature : sign::error_code(why),
             subject + " is not trusted: role '" + role + "' needs " + std::to_string(r.required) +
                 " distinct key(s), has " + std::to_string(r.keys.size()) + " (" + detail + ")");
    }
    // Fail closed on a policy that requires nothing (every role at 0, or no
    // role): a bundle still needs one signature that verifies with a trusted
    // key, or a slot of garbage would pass.
    const bool any_counted = std::any_of(report.signatures.begin(), report.signatures.end(),
                                         [](const SignatureCheck& c) { return c.counted; });
    if (!any_counted) {
        // worst is never empty here: every signature that did not count was
        // charged to a role, and the slot is not empty.
        const auto most =
            std::max_element(worst.begin(), worst.end(),
                             [](const auto& a, const auto& b) { return a.second < b.second; });
        fail(sign::error_code(most->second), subject +
                                                 " is not trusted: no signature verifies with "
                                                 "a trusted key (" +
                                                 worst_text[most->first] + ")");
    }
}

} // namespace airlock::loader
