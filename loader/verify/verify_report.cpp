#include "loader/verify/verify_report.hpp"

#include "common/log/progress.hpp"

#include <sstream>

namespace airlock::loader {

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
    if (delta) {
        out << "  delta: leaves " << base.blobs << " blobs (" << human_bytes(base.bytes)
            << ") to its base";
        for (const BaseBundleStatus& b : base.bundles) {
            out << " " << b.name << " " << b.version
                << (b.recorded ? " (loaded here)" : " (NOT recorded as loaded here)");
        }
        out << (base.checked_in.empty() ? "" : "; all present in " + base.checked_in) << "\n";
    }
    for (const ImageProvenance& i : images) {
        if (i.attachments.empty() && i.verified_by.empty()) {
            continue;
        }
        out << "  image " << i.ref << ":";
        for (const auto& [kind, n] : i.attachments) {
            out << " " << n << " " << kind << (n == 1 ? "" : "s");
        }
        out << (i.verified_by.empty() ? "; not verified upstream" : "; verified upstream by");
        for (const std::string& v : i.verified_by) {
            out << " " << v;
        }
        out << "\n";
    }
    if (deep) {
        out << "  deep: every blob hashed against the BOM (" << deep_bytes << " bytes)\n";
    }
    return out.str();
}

} // namespace airlock::loader
