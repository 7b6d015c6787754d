#pragma once
// airlock-load status: what the loader state says is loaded and how fresh it
// is, at trusted time (a clock set back does not make anything look newer).
// Read-only: it takes the state's shared lock and writes nothing there.
#include "common/core/time.hpp"
#include "loader/gc/retention.hpp"
#include "loader/license/license_store.hpp"
#include "loader/state/state_store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

struct SignatureStatus {
    std::string key_id;
    std::string role;
    std::string not_after;
    std::int64_t seconds_left = 0; // negative once expired
};

struct BundleStatus {
    std::string name;
    std::string version;
    std::string bom_digest;
    std::string loaded_at;
    std::int64_t age_seconds = 0;
    std::string target;
    std::vector<SignatureStatus> signatures;
    // From the recorded BOM (absent when the state kept none).
    std::optional<unsigned> images;
    unsigned images_verified_upstream = 0; // images with upstream provenance
    unsigned attachments = 0;              // upstream attachments carried
};

// A generation of a bundle name (a BOM the state recorded) and whether
// `airlock-load gc` would keep it (status --keep and --min-age, gc's defaults).
struct GenerationStatus {
    std::string name;
    std::string version;
    std::string loaded_at;
    std::int64_t age_seconds = 0;
    bool keep = true;
    std::string reason;
};

struct LicenseStatus {
    std::string id;
    std::string customer;
    std::string product;
    std::string not_before;
    std::string not_after;
    std::string state; // valid, expired, not-yet-valid, invalid
    std::string reason;
    std::int64_t seconds_left = 0;
};

struct StatusReport {
    std::string state_dir;
    std::string trusted_time;
    std::string clock;
    std::optional<std::string> high_water;
    int policy_version = 0;
    std::string policy_origin;
    std::vector<BundleStatus> bundles;
    std::optional<std::int64_t> newest_load_age_seconds;
    std::vector<LicenseStatus> licenses;
    std::vector<GenerationStatus> generations; // per name, newest first

    std::string to_text() const;
    // Prometheus text exposition format 0.0.4, for node_exporter's textfile collector.
    std::string to_prometheus() const;
};

// The bundles and times of `state`, seen at `now` (trusted time). Policy
// and licenses are filled in by the caller, which owns those sources.
// Generations are weighed as `airlock-load gc` with `retention` would.
StatusReport bundle_status(const StateStore& state, Timestamp now,
                           const RetentionPolicy& retention = {});

// One stored license as status shows it (an invalid one by its file name only:
// its unverified content is never shown).
LicenseStatus license_status(const StoredLicense& license, Timestamp now);

// Whole days in `seconds`, rounded down: -1 on the first day after expiry.
std::int64_t whole_days(std::int64_t seconds);

} // namespace airlock::loader
