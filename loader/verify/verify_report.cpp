#include "loader/verify/verify_report.hpp"

#include <sstream>

namespace airlock::loader {

nlohmann::json VerifyReport::to_json() const {
    nlohmann::json sigs = nlohmann::json::array();
    for (const SignatureCheck& s : signatures) {
        nlohmann::json j = {{"keyId", s.key_id}, {"role", s.role}, {"counted", s.counted}};
        if (!s.issued_at.empty()) {
            j["issuedAt"] = s.issued_at;
            j["notBefore"] = s.not_before;
            j["notAfter"] = s.not_after;
        }
        if (!s.problem.empty()) {
            j["problem"] = s.problem;
        }
        sigs.push_back(j);
    }
    nlohmann::json reqs = nlohmann::json::object();
    for (const auto& [role, r] : requirements) {
        reqs[role] = {{"required", r.required}, {"metBy", r.keys}};
    }
    return {{"verified", true},
            {"bundle", {{"name", name}, {"version", version}}},
            {"bomDigest", bom_digest},
            {"policy",
             {{"version", policy_version},
              {"origin", policy_origin},
              {"development", development_policy},
              {"adoptedFromBundle", trust_updates}}},
            {"trustedTime", trusted_time},
            {"volumes", volumes},
            {"size", size},
            {"signatures", sigs},
            {"requirements", reqs},
            {"deep", deep},
            {"deepBytes", deep_bytes}};
}

std::string VerifyReport::to_text() const {
    std::ostringstream out;
    if (development_policy) {
        out << "WARNING: development trust policy in use (keys/dev test keys); not for "
               "production\n";
    }
    out << "verified " << name << " " << version << " (BOM " << bom_digest << ")\n";
    out << "  policy: version " << policy_version << " (" << policy_origin << "); trusted time "
        << trusted_time << "\n";
    for (int v : trust_updates) {
        out << "  trust policy version " << v << " adopted from this bundle\n";
    }
    for (const SignatureCheck& s : signatures) {
        out << "  " << (s.counted ? "ok   " : "skip ") << "key " << s.key_id.substr(0, 16)
            << " role " << (s.role.empty() ? "?" : s.role);
        if (!s.not_after.empty()) {
            out << " valid " << s.not_before << " .. " << s.not_after;
        }
        if (!s.problem.empty()) {
            out << " (" << s.problem << ")";
        }
        out << "\n";
    }
    for (const auto& [role, r] : requirements) {
        out << "  requirement " << role << ": " << r.keys.size() << "/" << r.required << " met by";
        for (const auto& k : r.keys) {
            out << " " << k.substr(0, 16);
        }
        out << "\n";
    }
    if (deep) {
        out << "  deep: every blob hashed against the BOM (" << deep_bytes << " bytes)\n";
    }
    return out.str();
}

} // namespace airlock::loader
