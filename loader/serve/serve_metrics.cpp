#include "loader/serve/serve_metrics.hpp"

namespace airlock::loader {

namespace {

void metrics_family(std::string& out, std::string_view name, std::string_view type,
                    std::string_view help) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void metrics_sample(std::string& out, std::string_view name, std::string_view labels,
                    std::string_view value) {
    out.append(name);
    if (!labels.empty()) {
        out.append("{").append(labels).append("}");
    }
    out.append(" ").append(value).append("\n");
}

} // namespace

void ServeMetrics::request_completed(int status, std::uint64_t body_bytes) {
    std::lock_guard lock(mutex_);
    auto& [requests, bytes] = by_status_[status];
    ++requests;
    bytes += body_bytes;
}

std::string ServeMetrics::render() const {
    std::map<int, std::pair<std::uint64_t, std::uint64_t>> by_status;
    {
        std::lock_guard lock(mutex_);
        by_status = by_status_;
    }
    std::string out;
    metrics_family(out, "airlock_serve_requests_total", "counter",
                   "HTTP requests answered, by status code.");
    for (const auto& [code, counts] : by_status) {
        metrics_sample(out, "airlock_serve_requests_total", "code=\"" + std::to_string(code) + "\"",
                       std::to_string(counts.first));
    }
    metrics_family(out, "airlock_serve_response_bytes_total", "counter",
                   "Response body bytes written, by status code.");
    for (const auto& [code, counts] : by_status) {
        metrics_sample(out, "airlock_serve_response_bytes_total",
                       "code=\"" + std::to_string(code) + "\"", std::to_string(counts.second));
    }
    metrics_family(out, "airlock_serve_blobs_served_total", "counter", "Whole blob bodies sent.");
    metrics_sample(out, "airlock_serve_blobs_served_total", "",
                   std::to_string(blobs_served_.load()));
    metrics_family(out, "airlock_serve_blob_hash_failures_total", "counter",
                   "Blobs whose bytes in the bundle file no longer match the BOM.");
    metrics_sample(out, "airlock_serve_blob_hash_failures_total", "",
                   std::to_string(hash_failures_.load()));
    metrics_family(out, "airlock_serve_open_connections", "gauge", "Client connections open now.");
    metrics_sample(out, "airlock_serve_open_connections", "",
                   std::to_string(open_connections_.load()));
    metrics_family(out, "airlock_serve_bundles", "gauge", "Verified bundles served now.");
    metrics_sample(out, "airlock_serve_bundles", "", std::to_string(bundles_.load()));
    metrics_family(out, "airlock_serve_reloads_total", "counter",
                   "Bundle reloads, taken (ok) or refused (the served bundles kept).");
    metrics_sample(out, "airlock_serve_reloads_total", "outcome=\"ok\"",
                   std::to_string(reloads_ok_.load()));
    metrics_sample(out, "airlock_serve_reloads_total", "outcome=\"refused\"",
                   std::to_string(reloads_refused_.load()));
    return out;
}

} // namespace airlock::loader
