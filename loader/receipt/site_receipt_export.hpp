#pragma once
// `airlock-load receipt`: what the site holds, written as a SiteReceipt for
// the connected side (`airlock-build create --base SITE.json`). The bundles
// come from the state; the blobs from the state too, or, with a registry,
// from what the registry really holds (which may be more: images pushed by
// other means). A receipt is an input, never a trust root: the loader checks
// every blob a delta leaves out before it writes anything.
#include "loader/load/target.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace airlock::loader {

struct ReceiptOptions {
    std::filesystem::path state_dir = "/var/lib/airlock";
    // registry://HOST[:PORT][/PREFIX] or oci:DIR, as load's --to; empty: the state alone.
    std::string registry;
    DestinationOptions destination; // how to reach a registry (keep_host, chunk_size unused)
    std::filesystem::path out;
};

struct ReceiptSummary {
    std::filesystem::path out;
    std::string target; // empty: blobs as the state recorded them
    bool checked = false;
    std::size_t bundles = 0;
    std::size_t blobs = 0;
    std::uint64_t bytes = 0; // the listed blobs' sizes added up
    std::size_t roots = 0;   // tags (or layout entries) read
    std::size_t manifests = 0;
    std::vector<std::string> skipped; // what the registry walk left out, and why
    std::vector<std::string> notes;   // what the state could not tell

    std::string to_text() const;
};

// Logs the endpoint list once, reads the state (shared lock: Error(io) while
// a load runs), walks the target when one is given, and writes options.out
// atomically (0644). Error(usage) for a bad --registry; network, auth and
// not_found (no catalog API) errors from the registry propagate; nothing is
// written then.
ReceiptSummary export_site_receipt(const ReceiptOptions& options);

} // namespace airlock::loader
