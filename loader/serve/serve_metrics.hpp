#pragma once
// What `airlock-load serve` counts, and the Prometheus text exposition
// (format 0.0.4) of it for GET /metrics. Counters only grow; the gauges are
// set by the server. Thread-safe: every connection counts at once.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

namespace airlock::loader {

// The Content-Type to send render() with.
inline constexpr std::string_view metrics_content_type = "text/plain; version=0.0.4; charset=utf-8";

class ServeMetrics {
  public:
    // One exchange ended with `status`, having written `body_bytes`.
    void request_completed(int status, std::uint64_t body_bytes);
    // A whole blob body went out (see full_blob_served).
    void blob_served() { blobs_served_.fetch_add(1, std::memory_order_relaxed); }
    // A blob's bytes did not match its digest (BlobGuard's on_bad).
    void blob_hash_failed() { hash_failures_.fetch_add(1, std::memory_order_relaxed); }
    void set_open_connections(int open) { open_connections_.store(open); }
    void set_bundles(int bundles) { bundles_.store(bundles); }
    // A reload was asked for: taken (ok) or refused, the old bundles kept.
    void reload(bool ok) { (ok ? reloads_ok_ : reloads_refused_).fetch_add(1); }

    std::string render() const;

  private:
    mutable std::mutex mutex_;
    std::map<int, std::pair<std::uint64_t, std::uint64_t>> by_status_; // requests, bytes
    std::atomic<std::uint64_t> blobs_served_{0};
    std::atomic<std::uint64_t> hash_failures_{0};
    std::atomic<int> open_connections_{0};
    std::atomic<int> bundles_{0};
    std::atomic<std::uint64_t> reloads_ok_{0};
    std::atomic<std::uint64_t> reloads_refused_{0};
};

} // namespace airlock::loader
