#pragma once
// The HttpHandler of `airlock-load serve`: the registry routes over the set
// being served, /metrics, the access log (one JSON line per exchange) and
// the counters. The set is swapped whole on reload; each request holds the
// set it started with until its body is sent.
#include "common/log/audit.hpp"
#include "loader/serve/blob_guard.hpp"
#include "loader/serve/http_exchange.hpp"
#include "loader/serve/serve_metrics.hpp"
#include "loader/serve/served_set.hpp"

#include <memory>
#include <mutex>
#include <string>

namespace airlock::loader {

class ServeHandler final : public HttpHandler {
  public:
    // `access_log` is a file appended to, or "-" for standard output.
    // `audit` records blobs whose bytes turned out wrong.
    ServeHandler(const std::string& access_log, AuditLog& audit);
    ~ServeHandler() override;
    ServeHandler(const ServeHandler&) = delete;
    ServeHandler& operator=(const ServeHandler&) = delete;

    void publish(std::shared_ptr<const ServedSet> set);
    std::shared_ptr<const ServedSet> current() const;
    BlobGuard& guard() { return guard_; }
    ServeMetrics& metrics() { return metrics_; }

    HttpResponse handle(const HttpRequest& request) override;
    void completed(const HttpRequest& request, const HttpCompletion& how) override;
    void connections(int open) override { metrics_.set_open_connections(open); }

  private:
    void blob_went_bad(const BadBlob& bad);

    AuditLog& audit_;
    ServeMetrics metrics_;
    BlobGuard guard_;
    int log_fd_ = -1;
    bool own_log_fd_ = false;
    std::mutex log_mu_;
    mutable std::mutex set_mu_;
    std::shared_ptr<const ServedSet> set_;
};

} // namespace airlock::loader
