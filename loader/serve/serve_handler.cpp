#include "loader/serve/serve_handler.hpp"

#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/log/log.hpp"
#include "loader/serve/access_log.hpp"
#include "loader/serve/registry_routes.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace airlock::loader {

namespace {

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

} // namespace

ServeHandler::ServeHandler(const std::string& access_log, AuditLog& audit)
    : audit_(audit), guard_([this](const BadBlob& bad) { blob_went_bad(bad); }) {
    if (access_log.empty() || access_log == "-") {
        log_fd_ = STDOUT_FILENO;
    } else {
        log_fd_ = ::open(access_log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
        if (log_fd_ < 0) {
            fail(ErrorCode::io, io_message(access_log, "open access log", errno));
        }
        own_log_fd_ = true;
    }
}

ServeHandler::~ServeHandler() {
    if (own_log_fd_) {
        ::close(log_fd_);
    }
}

void ServeHandler::publish(std::shared_ptr<const ServedSet> set) {
    metrics_.set_bundles(static_cast<int>(set->bundles.size()));
    std::lock_guard lock(set_mu_);
    set_ = std::move(set);
}

std::shared_ptr<const ServedSet> ServeHandler::current() const {
    std::lock_guard lock(set_mu_);
    return set_;
}

HttpResponse ServeHandler::handle(const HttpRequest& request) {
    if (path_of(request.target) == "/metrics" &&
        (request.method == "GET" || request.method == "HEAD")) {
        HttpResponse res;
        std::string text = metrics_.render();
        res.headers = {{"Content-Type", std::string(metrics_content_type)}};
        res.content_length = text.size();
        res.body = std::move(text);
        return res;
    }
    std::shared_ptr<const ServedSet> set = current();
    return registry_response(request, set->index, guard_, set);
}

void ServeHandler::completed(const HttpRequest& request, const HttpCompletion& how) {
    metrics_.request_completed(how.status, how.body_bytes);
    if (full_blob_served(request, how)) {
        metrics_.blob_served();
    }
    std::string line = access_log_line(request, how, std::chrono::system_clock::now()) + "\n";
    std::lock_guard lock(log_mu_);
    std::string_view rest = line;
    while (!rest.empty()) {
        ssize_t n = ::write(log_fd_, rest.data(), rest.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            // A full disk must not stop the registry; the line is lost, said once per line.
            log::warn("access log: " + std::string(std::strerror(errno)));
            return;
        }
        rest.remove_prefix(static_cast<std::size_t>(n));
    }
}

void ServeHandler::blob_went_bad(const BadBlob& bad) {
    metrics_.blob_hash_failed();
    std::string bundle = bad.bundle != nullptr
                             ? bad.bundle->bom().name + " " + bad.bundle->bom().version
                             : std::string("?");
    // Before anything is published (--deep at start) the caller refuses to
    // start with its own one-line error; afterwards this is the only word of it.
    if (current()) {
        log::error("blob " + bad.digest.str() + " of bundle " + bundle +
                   " no longer matches the BOM and will not be served again: " + bad.reason);
    }
    try {
        audit_.append(
            "serve.blob-mismatch",
            {{"bundle", bad.bundle != nullptr ? bad.bundle->files().volumes().front().string()
                                              : std::string()},
             {"name", bad.bundle != nullptr ? bad.bundle->bom().name : std::string()},
             {"version", bad.bundle != nullptr ? bad.bundle->bom().version : std::string()},
             {"digest", bad.digest.str()},
             {"reason", bad.reason}});
    } catch (const std::exception& e) {
        log::error("audit log: " + std::string(e.what()));
    }
}

} // namespace airlock::loader
