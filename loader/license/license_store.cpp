#include "loader/license/license_store.hpp"

#include "common/core/error.hpp"
#include "common/core/text.hpp"
#include "common/io/file.hpp"
#include "common/io/temp_file.hpp"
#include "common/sign/dsse.hpp"

#include <algorithm>

namespace airlock::loader {

namespace {

constexpr std::string_view extension = ".json";

std::string reason_for(const StoredLicense& s) {
    const std::optional<license::License>& l = s.verdict.license;
    switch (s.state) {
    case LicenseState::valid:
        return {};
    case LicenseState::expired:
        return "license " + s.id + " for " + l->product + " expired at " +
               format_rfc3339(l->not_after);
    case LicenseState::not_yet_valid:
        return "license " + s.id + " for " + l->product + " is not valid before " +
               format_rfc3339(l->not_before);
    case LicenseState::invalid:
        return "license " + s.id + " is not trusted: " + s.verdict.reason;
    }
    return {};
}

StoredLicense judge_stored(const std::filesystem::path& file, const trust::TrustPolicy& policy,
                           Timestamp now) {
    StoredLicense s;
    s.file = file;
    s.id = file.stem().string();
    std::string bytes;
    try {
        bytes = read_file(file, dsse::max_envelope_bytes);
    } catch (const Error& e) {
        s.verdict.reason = e.what();
        s.reason = reason_for(s);
        return s;
    }
    s.verdict = judge_license(bytes, policy, now);
    if (s.verdict.trusted && s.verdict.license->id != s.id) {
        // Renaming a file must not turn one license into another.
        s.verdict.trusted = false;
        s.verdict.code = ErrorCode::signature;
        s.verdict.reason = "stored as " + s.id + " but its licenseId is " + s.verdict.license->id;
    }
    s.state = s.verdict.trusted ? window_state(*s.verdict.license, now) : LicenseState::invalid;
    s.reason = reason_for(s);
    return s;
}

// The payload of a stored envelope, or nothing when it cannot be read.
std::optional<std::string> stored_payload(const std::filesystem::path& file) {
    try {
        return dsse::parse_envelope(read_file(file, dsse::max_envelope_bytes)).payload;
    } catch (const Error&) {
        return std::nullopt;
    }
}

} // namespace

std::filesystem::path licenses_dir(const StateStore& state) {
    return state.dir() / "licenses";
}

ImportedLicense import_license(StateStore& state, const std::filesystem::path& file,
                               const trust::TrustPolicy& policy) {
    const std::string bytes = read_file(file, dsse::max_envelope_bytes);
    const LicenseVerdict verdict = judge_license(bytes, policy, state.trusted_time());
    if (!verdict.trusted) {
        fail(verdict.code, "license " + file.string() + " is not trusted: " + verdict.reason);
    }
    ImportedLicense r;
    r.license = *verdict.license;
    r.key_id = verdict.key_id;
    const license::License& l = r.license;
    // The license's own issuedAt is a signed time: the clock cannot be
    // earlier than that, whatever it says.
    r.checked_at = std::max(state.trusted_time(), l.issued_at);
    r.state = window_state(l, r.checked_at);
    if (r.state == LicenseState::expired) {
        fail(ErrorCode::expired, "license " + l.id + " for " + l.product + " expired at " +
                                     format_rfc3339(l.not_after) + "; not imported");
    }
    r.stored = state.private_dir("licenses") / (l.id + std::string(extension));
    std::error_code ec;
    if (std::filesystem::exists(r.stored, ec)) {
        // Same id and same signed content is the same license (whatever the
        // signatures' bytes); anything else must not replace it silently.
        if (stored_payload(r.stored) != dsse::parse_envelope(bytes).payload) {
            fail(ErrorCode::license, "another license with id " + l.id + " is already imported (" +
                                         r.stored.string() + "); refusing to replace it");
        }
        r.already_imported = true;
    } else {
        write_file_atomic(r.stored, bytes, 0600);
    }
    state.raise_time(l.issued_at);
    return r;
}

std::vector<StoredLicense> list_licenses(const StateStore& state, const trust::TrustPolicy& policy,
                                         Timestamp now) {
    std::vector<StoredLicense> out;
    const std::filesystem::path dir = licenses_dir(state);
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        return out;
    }
    std::vector<std::filesystem::path> files;
    std::filesystem::directory_iterator it(dir, ec);
    if (ec) {
        fail(ErrorCode::io, "cannot read " + dir.string() + ": " + ec.message());
    }
    for (const auto& entry : it) {
        if (entry.path().extension() == extension && entry.is_regular_file(ec)) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        out.push_back(judge_stored(f, policy, now));
    }
    return out;
}

StoredLicense require_license(const StateStore& state, const trust::TrustPolicy& policy,
                              std::string_view product, Timestamp now, std::string_view subject) {
    const std::string needs =
        std::string(subject) + " requires a license for product '" + printable(product) + "'";
    const std::vector<StoredLicense> stored = list_licenses(state, policy, now);
    const StoredLicense* best = nullptr;
    // Lower is more useful to the operator.
    auto usefulness = [](const StoredLicense& s) {
        switch (s.state) {
        case LicenseState::valid:
            return 0;
        case LicenseState::not_yet_valid:
            return 1;
        case LicenseState::invalid:
            return 2;
        case LicenseState::expired:
            return 3;
        }
        return 4;
    };
    auto better = [&](const StoredLicense& a, const StoredLicense& b) {
        if (usefulness(a) != usefulness(b)) {
            return usefulness(a) < usefulness(b);
        }
        if (a.state == LicenseState::not_yet_valid) {
            return a.verdict.license->not_before < b.verdict.license->not_before;
        }
        if (a.state == LicenseState::valid || a.state == LicenseState::expired) {
            return a.verdict.license->not_after > b.verdict.license->not_after;
        }
        return false;
    };
    std::size_t unreadable = 0;
    for (const StoredLicense& s : stored) {
        // An invalid file whose content is not authentic names no product
        // anyone can rely on, even for a message.
        if (!s.verdict.license) {
            ++unreadable;
            continue;
        }
        if (s.verdict.license->product != product) {
            continue;
        }
        if (best == nullptr || better(s, *best)) {
            best = &s;
        }
    }
    if (best == nullptr) {
        std::string why = needs + "; none is imported (airlock-load license import LICENSE.json)";
        if (unreadable > 0) {
            why += "; " + std::to_string(unreadable) +
                   " stored license file(s) do not verify (airlock-load license list)";
        }
        fail(ErrorCode::license, why);
    }
    if (best->state != LicenseState::valid) {
        fail(ErrorCode::license, needs + ": " + best->reason);
    }
    return *best;
}

} // namespace airlock::loader
