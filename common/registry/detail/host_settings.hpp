#pragma once
// Private to common/registry: what the options say about each host a
// request goes to, plain HTTP or TLS and with which files. TLS material is
// read once per host and shared by every request to it.
#include "common/registry/detail/tls_settings.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace airlock {

class HostSettings {
  public:
    HostSettings(std::string cert_dir, std::vector<std::string> plain_http_hosts);

    // "host:port" entries match exactly, "host" entries match any port.
    bool plain_http(const std::string& host) const;

    // Null when the cert dir has nothing for `host` (libcurl's defaults apply).
    // Error(io / spec) when its files are unusable.
    std::shared_ptr<const TlsSettings> tls(const std::string& host);

  private:
    const std::string cert_dir_;
    const std::vector<std::string> plain_http_hosts_;

    std::mutex mutex_; // guards tls_
    std::map<std::string, std::shared_ptr<const TlsSettings>> tls_;
};

} // namespace airlock
