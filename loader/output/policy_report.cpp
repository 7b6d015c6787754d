#include "loader/output/policy_report.hpp"

#include <sstream>

namespace airlock::loader {

nlohmann::json policy_to_json(const EffectivePolicy& e) {
    const trust::TrustPolicy& p = e.policy;
    nlohmann::json keys = nlohmann::json::array();
    for (const trust::TrustedKey& k : p.keys) {
        nlohmann::json j = {{"id", k.id}, {"role", k.role}, {"revoked", p.is_revoked(k.id)}};
        if (k.not_after) {
            j["notAfter"] = format_rfc3339(*k.not_after);
        }
        keys.push_back(std::move(j));
    }
    nlohmann::json require = nlohmann::json::object();
    for (const auto& [role, count] : p.require) {
        require[role] = count;
    }
    return {{"version", p.version}, {"origin", e.origin}, {"development", e.development},
            {"keys", keys},         {"require", require}, {"revoked", p.revoked}};
}

std::string policy_to_text(const EffectivePolicy& e) {
    const trust::TrustPolicy& p = e.policy;
    std::ostringstream out;
    if (e.development) {
        out << "WARNING: development trust policy in use (keys/dev test keys); not for "
               "production\n";
    }
    out << "trust policy version " << p.version << " (" << e.origin << ")\n";
    for (const trust::TrustedKey& k : p.keys) {
        out << "  key " << k.id << " role " << k.role;
        if (k.not_after) {
            out << " notAfter " << format_rfc3339(*k.not_after);
        }
        if (p.is_revoked(k.id)) {
            out << " REVOKED";
        }
        out << "\n";
    }
    for (const auto& [role, count] : p.require) {
        out << "  require " << role << ": " << count << "\n";
    }
    for (const std::string& id : p.revoked) {
        if (p.find(id) == nullptr) {
            out << "  revoked " << id << "\n";
        }
    }
    return out.str();
}

} // namespace airlock::loader
