#include "loader/output/license_report.hpp"

#include <chrono>

namespace airlock::loader {

namespace {

std::string window_text(const license::License& l) {
    return format_rfc3339(l.not_before) + " to " + format_rfc3339(l.not_after);
}

// The predicate's fields, flat: what an operator wants to see of a license.
nlohmann::json license_fields(const license::License& l) {
    return {{"licenseId", l.id},
            {"customer", l.customer},
            {"product", l.product},
            {"entitlements", l.entitlements},
            {"issuedAt", format_rfc3339(l.issued_at)},
            {"notBefore", format_rfc3339(l.not_before)},
            {"notAfter", format_rfc3339(l.not_after)}};
}

} // namespace

std::optional<long long> days_left(const StoredLicense& s, Timestamp now) {
    if (!s.verdict.license) {
        return std::nullopt;
    }
    if (now > s.verdict.license->not_after) {
        return 0;
    }
    return std::chrono::floor<std::chrono::days>(s.verdict.license->not_after - now).count();
}

nlohmann::json to_json(const StoredLicense& s, Timestamp now) {
    // An entry that is not authentic shows only what the loader itself knows.
    nlohmann::json j = s.verdict.license ? license_fields(*s.verdict.license)
                                         : nlohmann::json{{"licenseId", s.id}};
    j["state"] = std::string(to_string(s.state));
    j["file"] = s.file.string();
    const auto days = days_left(s, now);
    j["daysLeft"] = days ? nlohmann::json(*days) : nlohmann::json(nullptr);
    if (!s.verdict.key_id.empty()) {
        j["keyId"] = s.verdict.key_id;
    }
    if (!s.reason.empty()) {
        j["reason"] = s.reason;
    }
    return j;
}

nlohmann::json to_json(const ImportedLicense& r) {
    nlohmann::json j = license_fields(r.license);
    j["state"] = std::string(to_string(r.state));
    j["keyId"] = r.key_id;
    j["stored"] = r.stored.string();
    j["alreadyImported"] = r.already_imported;
    return j;
}

nlohmann::json to_json(const std::vector<StoredLicense>& licenses, Timestamp now) {
    nlohmann::json items = nlohmann::json::array();
    for (const StoredLicense& s : licenses) {
        items.push_back(to_json(s, now));
    }
    return {{"trustedTime", format_rfc3339(now)}, {"licenses", items}};
}

std::string to_text(const std::vector<StoredLicense>& licenses, Timestamp now) {
    if (licenses.empty()) {
        return "no licenses imported\n";
    }
    std::string out;
    for (const StoredLicense& s : licenses) {
        out += s.id + "  " + std::string(to_string(s.state));
        if (!s.verdict.license) {
            out += "\n  " + s.reason + "\n";
            continue;
        }
        const license::License& l = *s.verdict.license;
        out += "  product " + l.product + "  customer " + l.customer + "\n";
        out += "  valid " + window_text(l);
        if (const auto days = days_left(s, now); days && s.state != LicenseState::expired) {
            out += " (" + std::to_string(*days) + " days left)";
        }
        out += "\n";
        for (const auto& [key, value] : l.entitlements) {
            out += "  " + key + " = " + value + "\n";
        }
        if (!s.reason.empty()) {
            out += "  " + s.reason + "\n";
        }
    }
    return out;
}

std::string to_text(const ImportedLicense& r) {
    const license::License& l = r.license;
    std::string out = (r.already_imported ? "already imported: license " : "imported license ") +
                      l.id + " for " + l.customer + ", product " + l.product + ", valid " +
                      window_text(l) + "\n";
    if (r.state == LicenseState::not_yet_valid) {
        out += "note: license " + l.id + " is not valid yet; it is valid from " +
               format_rfc3339(l.not_before) + "\n";
    }
    return out;
}

} // namespace airlock::loader
