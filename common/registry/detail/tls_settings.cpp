#include "common/registry/detail/tls_settings.hpp"

#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/log/log.hpp"
#include "common/registry/detail/cert_dir.hpp"
#include "common/registry/detail/curl_handles.hpp"

namespace airlock {

namespace {

// A CA file or bundle is a few hundred KiB at most.
constexpr std::size_t max_ca_bytes = std::size_t{16} << 20;

// libcurl's own default CA bundle, which a CA blob would otherwise replace.
std::string system_ca_bundle() {
    curl::Easy easy = curl::make_easy();
    char* path = nullptr;
    if (curl_easy_getinfo(easy.get(), CURLINFO_CAINFO, &path) != CURLE_OK || path == nullptr) {
        return {};
    }
    // As before libcurl would: an unreadable default bundle adds nothing,
    // and the TLS handshake then says what is missing.
    try {
        return read_file(path, max_ca_bytes);
    } catch (const Error&) {
        return {};
    }
}

} // namespace

std::shared_ptr<TlsSettings> load_tls_settings(const std::string& cert_dir, std::string_view host) {
    TlsFiles files = find_tls_files(cert_dir, host);
    if (files.empty()) {
        return nullptr;
    }
    auto settings = std::make_shared<TlsSettings>();
    if (!files.ca_files.empty()) {
        settings->ca_pem = system_ca_bundle();
        for (const auto& ca : files.ca_files) {
            settings->ca_pem += '\n';
            settings->ca_pem += read_named_file(ca, "CA certificate", max_ca_bytes);
        }
    }
    settings->client_cert = files.client_cert.string();
    settings->client_key = files.client_key.string();
    log::debug("registry " + std::string(host) + ": using TLS files from " + cert_dir);
    return settings;
}

} // namespace airlock
