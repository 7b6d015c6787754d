#pragma once
// Offline licenses in the loader state: STATE/licenses/<licenseId>.json, the
// envelope bytes exactly as imported. Nothing here trusts what is stored:
// every read judges the file again against the current trust policy, so a
// key revoked after import, or a file edited in place, stops counting.
#include "loader/license/license_trust.hpp"
#include "loader/state/state_store.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::loader {

std::filesystem::path licenses_dir(const StateStore& state);

struct ImportedLicense {
    license::License license;
    std::string key_id;
    LicenseState state = LicenseState::valid; // valid or not_yet_valid
    bool already_imported = false;            // the same license was stored before
    std::filesystem::path stored;
    Timestamp checked_at; // the time the window was judged at
};

// Verifies FILE against `policy` and stores it, then raises the state's
// trusted time to the license's issuedAt. Throws Error(signature) when no
// signature verifies, Error(untrusted) for an unknown, revoked or wrong-role
// key, Error(expired) for an expired license or key, Error(license) when
// another license with the same id is stored, Error(io) for files. A license
// not yet valid is stored (ImportedLicense::state says so). Importing the
// same license again changes nothing.
ImportedLicense import_license(StateStore& state, const std::filesystem::path& file,
                               const trust::TrustPolicy& policy);

struct StoredLicense {
    std::string id; // the file's stem
    std::filesystem::path file;
    LicenseVerdict verdict;
    LicenseState state = LicenseState::invalid;
    std::string reason; // why it does not count now; empty when valid
};

// Every stored license, by id, judged at `now` (the state's trusted time).
// Error(io) when the folder cannot be read.
std::vector<StoredLicense> list_licenses(const StateStore& state, const trust::TrustPolicy& policy,
                                         Timestamp now);

// A valid stored license for `product`; any one suffices. Throws
// Error(license) "<subject> requires a license for product 'P': <why>"
// otherwise, with the most useful reason: one that becomes valid later,
// then one that no longer verifies, then the latest to expire, else how to
// import one.
StoredLicense require_license(const StateStore& state, const trust::TrustPolicy& policy,
                              std::string_view product, Timestamp now, std::string_view subject);

} // namespace airlock::loader
