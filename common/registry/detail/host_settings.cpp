#include "common/registry/detail/host_settings.hpp"

#include "common/registry/detail/url.hpp"

#include <algorithm>

namespace airlock {

HostSettings::HostSettings(std::string cert_dir, std::vector<std::string> plain_http_hosts)
    : cert_dir_(std::move(cert_dir)), plain_http_hosts_(std::move(plain_http_hosts)) {}

bool HostSettings::plain_http(const std::string& host) const {
    const std::string bare = host_without_port(host);
    return std::any_of(plain_http_hosts_.begin(), plain_http_hosts_.end(),
                       [&](const std::string& entry) { return entry == host || entry == bare; });
}

std::shared_ptr<const TlsSettings> HostSettings::tls(const std::string& host) {
    {
        std::lock_guard lock(mutex_);
        if (auto it = tls_.find(host); it != tls_.end()) {
            return it->second;
        }
    }
    // Read outside the lock: files may be slow, and two threads reading the
    // same host's files at once agree on the result.
    std::shared_ptr<const TlsSettings> settings = load_tls_settings(cert_dir_, host);
    std::lock_guard lock(mutex_);
    return tls_.emplace(host, std::move(settings)).first->second;
}

} // namespace airlock
