#pragma once
// TLS material for one registry host in the docker/containerd certs.d layout:
//   DIR/<host[:port]>/ca.crt       extra CA (any *.crt is a CA)
//   DIR/<host[:port]>/client.cert  client certificate (any X.cert with X.key)
//   DIR/<host[:port]>/client.key
#include <filesystem>
#include <string_view>
#include <vector>

namespace airlock {

struct TlsFiles {
    std::vector<std::filesystem::path> ca_files; // sorted by name
    std::filesystem::path client_cert;           // empty when none
    std::filesystem::path client_key;

    bool empty() const { return ca_files.empty() && client_cert.empty(); }
};

// Finds the files for `host` (exactly as the registry is addressed, port
// included). No directory, or an empty cert_dir, gives no files. A .cert
// without its .key or a .key without its .cert is Error(spec), as in docker.
// With several client pairs the first by name is used (libcurl takes one).
TlsFiles find_tls_files(const std::filesystem::path& cert_dir, std::string_view host);

} // namespace airlock
