#include "loader/status/status_report.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/log/log.hpp"
#include "loader/gc/retention.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace airlock::loader {

namespace {

std::int64_t seconds_between(Timestamp from, Timestamp to) {
    return (to - from).count();
}

std::optional<Timestamp> time_of(const std::string& text) {
    return text.empty() ? std::nullopt : try_parse_rfc3339(text);
}

// "12d 3h", "5h 10m", "40s"; "expired 2d ago" style is up to the caller.
std::string span(std::int64_t s) {
    const std::int64_t a = s < 0 ? -s : s;
    char buf[32];
    if (a >= 86400) {
        std::snprintf(buf, sizeof buf, "%lldd %lldh", static_cast<long long>(a / 86400),
                      static_cast<long long>(a % 86400 / 3600));
    } else if (a >= 3600) {
        std::snprintf(buf, sizeof buf, "%lldh %lldm", static_cast<long long>(a / 3600),
                      static_cast<long long>(a % 3600 / 60));
    } else {
        std::snprintf(buf, sizeof buf, "%llds", static_cast<long long>(a));
    }
    return buf;
}

std::string left(std::int64_t s) {
    return s < 0 ? "expired " + span(s) + " ago" : span(s) + " left";
}

class Metrics {
  public:
    void family(const std::string& name, const std::string& help) {
        out_ << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n";
    }
    void sample(const std::string& name,
                std::initializer_list<std::pair<const char*, std::string>> labels,
                std::int64_t value) {
        out_ << name;
        if (labels.size() > 0) {
            out_ << '{';
            bool first = true;
            for (const auto& [k, v] : labels) {
                out_ << (first ? "" : ",") << k << '=' << prometheus_label(v);
                first = false;
            }
            out_ << '}';
        }
        out_ << ' ' << value << '\n';
    }
    std::string str() const { return out_.str(); }

  private:
    std::ostringstream out_;
};

} // namespace

std::int64_t whole_days(std::int64_t seconds) {
    return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

namespace {

// Every recorded generation and what gc's default retention would do with
// it. A BOM the state cannot read or parse leaves them out with a warning
// rather than failing the whole status (gc itself refuses such a state).
void add_generations(StatusReport& r, const StateStore& state, Timestamp now,
                     const RetentionPolicy& retention) {
    try {
        const std::vector<RecordedBom> entries = state.recorded_bom_entries();
        for (const Generation& g : decide_retention(entries, retention, now)) {
            r.generations.push_back(GenerationStatus{g.name, g.version, format_rfc3339(g.loaded_at),
                                                     seconds_between(g.loaded_at, now), g.keep,
                                                     g.reason});
        }
    } catch (const Error& e) {
        if (e.code() != ErrorCode::malformed && e.code() != ErrorCode::io) {
            throw;
        }
        log::warn(std::string("generations not listed: ") + e.what());
    }
}

} // namespace

StatusReport bundle_status(const StateStore& state, Timestamp now,
                           const RetentionPolicy& retention) {
    StatusReport r;
    r.state_dir = state.dir().string();
    r.trusted_time = format_rfc3339(now);
    r.clock = format_rfc3339(now_utc());
    if (state.high_water()) {
        r.high_water = format_rfc3339(*state.high_water());
    }
    for (const auto& [name, rec] : state.all_loaded()) {
        BundleStatus b{name, rec.version, rec.bom_digest, rec.loaded_at, 0, rec.target, {}, {}, 0,
                       0};
        if (auto at = time_of(rec.loaded_at)) {
            b.age_seconds = seconds_between(*at, now);
            if (!r.newest_load_age_seconds || b.age_seconds < *r.newest_load_age_seconds) {
                r.newest_load_age_seconds = b.age_seconds;
            }
        }
        for (const LoadedSignature& s : rec.signatures) {
            SignatureStatus st{s.key_id, s.role, s.not_after, 0};
            if (auto until = time_of(s.not_after)) {
                st.seconds_left = seconds_between(now, *until);
            }
            b.signatures.push_back(st);
        }
        if (std::optional<Bom> bom = state.recorded_bom(rec.bom_digest)) {
            b.images = static_cast<unsigned>(bom->images.size());
            for (const BomImage& img : bom->images) {
                b.images_verified_upstream += img.provenance.empty() ? 0 : 1;
                b.attachments += static_cast<unsigned>(img.attachments.size());
            }
        }
        r.bundles.push_back(std::move(b));
    }
    add_generations(r, state, now, retention);
    return r;
}

LicenseStatus license_status(const StoredLicense& l, Timestamp now) {
    LicenseStatus s;
    s.id = l.id;
    s.state = std::string(to_string(l.state));
    s.reason = l.reason;
    if (l.state != LicenseState::invalid && l.verdict.license) {
        const license::License& lic = *l.verdict.license;
        s.customer = lic.customer;
        s.product = lic.product;
        s.not_before = format_rfc3339(lic.not_before);
        s.not_after = format_rfc3339(lic.not_after);
        s.seconds_left = seconds_between(now, lic.not_after);
    }
    return s;
}

std::string StatusReport::to_text() const {
    std::ostringstream out;
    out << "state " << state_dir << ", trusted time " << trusted_time;
    if (clock != trusted_time) {
        out << " (the clock says " << clock << ": behind a time already seen)";
    }
    out << "\ntrust policy: version " << policy_version << " (" << policy_origin << ")\n";
    if (bundles.empty()) {
        out << "no bundle loaded\n";
    } else {
        out << "newest load: " << span(newest_load_age_seconds.value_or(0)) << " ago\n";
        out << "\nBUNDLE                 VERSION       LOADED                 SIGNATURES\n";
        for (const BundleStatus& b : bundles) {
            char line[256];
            std::snprintf(line, sizeof line, "%-22s %-13s %-22s ", b.name.c_str(),
                          b.version.c_str(), b.loaded_at.c_str());
            out << line;
            if (b.signatures.empty()) {
                out << "(not recorded)";
            }
            bool first = true;
            for (const SignatureStatus& s : b.signatures) {
                out << (first ? "" : "; ") << s.role << " " << s.key_id.substr(0, 16) << " "
                    << left(s.seconds_left);
                first = false;
            }
            out << '\n';
            if (b.images) {
                out << "  " << *b.images << " images, " << b.images_verified_upstream
                    << " verified upstream before vendoring, " << b.attachments
                    << " upstream attachments carried\n";
            }
        }
    }
    if (!generations.empty()) {
        out << "\nGENERATION             VERSION       AGE      GC\n";
        for (const GenerationStatus& g : generations) {
            char line[256];
            std::snprintf(line, sizeof line, "%-22s %-13s %-8s ", g.name.c_str(), g.version.c_str(),
                          span(g.age_seconds).c_str());
            out << line << (g.keep ? "keep" : "collect") << " (" << g.reason << ")\n";
        }
    }
    if (!licenses.empty()) {
        out << "\nLICENSE                PRODUCT                CUSTOMER               STATE\n";
        for (const LicenseStatus& l : licenses) {
            char line[256];
            std::snprintf(line, sizeof line, "%-22s %-22s %-22s ", l.id.c_str(), l.product.c_str(),
                          l.customer.c_str());
            out << line << l.state;
            if (l.state == "valid" || l.state == "expired") {
                out << " (" << left(l.seconds_left) << ")";
            } else if (!l.reason.empty()) {
                out << " (" << l.reason << ")";
            }
            out << '\n';
        }
    }
    return out.str();
}

std::string StatusReport::to_prometheus() const {
    Metrics m;
    const Timestamp trusted = parse_rfc3339(trusted_time, "trusted time");
    m.family("airlock_trusted_time_seconds",
             "Trusted time of the loader state (max of the clock and every time seen), Unix "
             "seconds.");
    m.sample("airlock_trusted_time_seconds", {}, trusted.time_since_epoch().count());
    m.family("airlock_trust_policy_version", "Version of the trust policy in force.");
    m.sample("airlock_trust_policy_version", {}, policy_version);
    m.family("airlock_bundles_loaded", "Bundle names with a version loaded.");
    m.sample("airlock_bundles_loaded", {}, static_cast<std::int64_t>(bundles.size()));
    if (newest_load_age_seconds) {
        m.family("airlock_newest_load_age_seconds", "Seconds since the newest load.");
        m.sample("airlock_newest_load_age_seconds", {}, *newest_load_age_seconds);
    }
    m.family("airlock_bundle_load_age_seconds",
             "Seconds since each bundle's current version was loaded.");
    for (const BundleStatus& b : bundles) {
        m.sample("airlock_bundle_load_age_seconds", {{"bundle", b.name}, {"version", b.version}},
                 b.age_seconds);
    }
    m.family("airlock_bundle_images_verified_upstream",
             "Images of each loaded bundle whose upstream signature the builder verified.");
    for (const BundleStatus& b : bundles) {
        if (b.images) {
            m.sample("airlock_bundle_images_verified_upstream",
                     {{"bundle", b.name}, {"version", b.version}}, b.images_verified_upstream);
        }
    }
    m.family("airlock_signature_expiry_seconds",
             "Seconds until each counted signature of a loaded bundle expires (negative: "
             "expired).");
    for (const BundleStatus& b : bundles) {
        for (const SignatureStatus& s : b.signatures) {
            m.sample("airlock_signature_expiry_seconds",
                     {{"bundle", b.name},
                      {"version", b.version},
                      {"role", s.role},
                      {"key_id", s.key_id}},
                     s.seconds_left);
        }
    }
    m.family("airlock_generation_age_seconds",
             "Seconds since each recorded generation (version) of a bundle name was loaded.");
    for (const GenerationStatus& g : generations) {
        m.sample("airlock_generation_age_seconds", {{"bundle", g.name}, {"version", g.version}},
                 g.age_seconds);
    }
    m.family(
        "airlock_generation_kept",
        "1 when airlock-load gc (status --keep, --min-age) would keep the generation, else 0.");
    for (const GenerationStatus& g : generations) {
        m.sample("airlock_generation_kept", {{"bundle", g.name}, {"version", g.version}},
                 g.keep ? 1 : 0);
    }
    m.family("airlock_license_expiry_seconds",
             "Seconds until each imported license expires (negative: expired).");
    for (const LicenseStatus& l : licenses) {
        m.sample("airlock_license_expiry_seconds",
                 {{"license", l.id}, {"product", l.product}, {"customer", l.customer}},
                 l.seconds_left);
    }
    m.family("airlock_license_valid", "1 when the license is valid now, else 0.");
    for (const LicenseStatus& l : licenses) {
        m.sample("airlock_license_valid",
                 {{"license", l.id}, {"product", l.product}, {"state", l.state}},
                 l.state == "valid" ? 1 : 0);
    }
    return m.str();
}

} // namespace airlock::loader
