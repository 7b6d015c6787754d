#pragma once
// What `license import` and `license list` print: JSON for --json, and
// lines for people.
#include "loader/license/license_store.hpp"

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

// Whole days from `now` to the license's notAfter, rounded down; 0 once
// expired; nullopt when the content is not authentic.
std::optional<long long> days_left(const StoredLicense& license, Timestamp now);

nlohmann::json to_json(const StoredLicense& license, Timestamp now);
nlohmann::json to_json(const ImportedLicense& license);
// {"trustedTime", "licenses": [...]}, as `license list --json` prints.
nlohmann::json to_json(const std::vector<StoredLicense>& licenses, Timestamp now);

// One block per license: id, product, customer, state, window, entitlements.
std::string to_text(const std::vector<StoredLicense>& licenses, Timestamp now);
// One line, plus a note when the license is not valid yet.
std::string to_text(const ImportedLicense& license);

} // namespace airlock::loader
