#include "loader/trust/policy_change.hpp"

#include <sstream>

namespace airlock::loader {

namespace {

unsigned required(const trust::TrustPolicy& p, const std::string& role) {
    auto it = p.require.find(role);
    return it == p.require.end() ? 0 : it->second;
}

} // namespace

PolicyChange diff_policies(const trust::TrustPolicy& from, const trust::TrustPolicy& to) {
    PolicyChange c;
    c.from_version = from.version;
    c.to_version = to.version;
    for (const trust::TrustedKey& k : to.keys) {
        if (from.find(k.id) == nullptr) {
            c.keys_added.emplace_back(k.id, k.role);
        }
    }
    for (const trust::TrustedKey& k : from.keys) {
        if (to.find(k.id) == nullptr) {
            c.keys_removed.emplace_back(k.id, k.role);
        }
    }
    for (const std::string& id : to.revoked) {
        if (!from.is_revoked(id)) {
            c.revoked.push_back(id);
        }
    }
    for (const auto* p : {&from, &to}) {
        for (const auto& [role, count] : p->require) {
            (void)count;
            unsigned a = required(from, role);
            unsigned b = required(to, role);
            if (a != b) {
                c.require[role] = {a, b};
            }
        }
    }
    return c;
}

std::string PolicyChange::to_text() const {
    std::ostringstream out;
    out << "trust policy version " << from_version << " -> " << to_version << "\n";
    for (const auto& [id, role] : keys_added) {
        out << "  key added   " << id << " role " << role << "\n";
    }
    for (const auto& [id, role] : keys_removed) {
        out << "  key removed " << id << " role " << role << "\n";
    }
    for (const std::string& id : revoked) {
        out << "  revoked     " << id << "\n";
    }
    for (const auto& [role, counts] : require) {
        out << "  require " << role << ": " << counts.first << " -> " << counts.second << "\n";
    }
    return out.str();
}

} // namespace airlock::loader
