#pragma once
// Private to common/registry: the TLS material a request to one host carries,
// built from the files of a docker-style certs.d directory (see cert_dir.hpp).
#include <memory>
#include <string>
#include <string_view>

namespace airlock {

// Empty ca_pem means libcurl's defaults.
struct TlsSettings {
    std::string ca_pem; // the system bundle followed by the host's extra CAs
    std::string client_cert;
    std::string client_key;
};

// The settings for `host` from `cert_dir`, or null when it has no files for
// that host. Extra CAs are added to the system's, as docker and containerd
// do, so the system bundle is read too.
std::shared_ptr<TlsSettings> load_tls_settings(const std::string& cert_dir, std::string_view host);

} // namespace airlock
