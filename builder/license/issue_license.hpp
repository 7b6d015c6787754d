#pragma once
// `license issue`: a signed offline license for one customer and product,
// written as one DSSE envelope (JSON) that `airlock-load license import`
// reads.
#include "common/license/license.hpp"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace airlock::builder {

struct IssueLicenseOptions {
    std::filesystem::path key;
    std::string customer;
    std::string product;
    std::vector<std::string> entitlements; // "k=v" each
    std::string id;                        // empty: derived from the content
    // When the license starts: issuedAt plus this delay, or this time; at
    // most one of the two. Neither: at issuedAt.
    std::optional<std::chrono::seconds> not_before_delay;
    std::optional<Timestamp> valid_from;
    std::chrono::seconds expires{}; // validity, counted from notBefore
    std::filesystem::path output;
};

struct IssuedLicense {
    license::License license;
    std::string key_id;
    std::filesystem::path output;
};

// Loads the key, builds and signs the license (issuedAt = build_time(), so
// SOURCE_DATE_EPOCH makes it reproducible) and writes the envelope to
// `output` atomically (mode 0644: a license is not secret, only signed).
// Error(usage) for a malformed entitlement or both start options,
// Error(signature) for a license out of range, Error(spec)/Error(io) for
// the key and the output.
IssuedLicense issue_license(const IssueLicenseOptions& options);

// "k=v" pairs into a map: the key is what precedes the first '='. Throws
// Error(usage) naming the text for a missing '=' or a repeated key.
std::map<std::string, std::string> parse_entitlements(const std::vector<std::string>& pairs);

} // namespace airlock::builder
