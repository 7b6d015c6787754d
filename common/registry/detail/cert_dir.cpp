#include "common/registry/detail/cert_dir.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"

#include <algorithm>
#include <system_error>

namespace airlock {

namespace fs = std::filesystem;

TlsFiles find_tls_files(const fs::path& cert_dir, std::string_view host) {
    TlsFiles files;
    // A host is never a path; refuse anything that could escape cert_dir.
    if (cert_dir.empty() || host.empty() || host == "." || host == ".." ||
        host.find('/') != std::string_view::npos) {
        return files;
    }
    fs::path dir = cert_dir / std::string(host);
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        return files;
    }
    std::vector<fs::path> entries;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        // is_regular_file follows symlinks: Kubernetes mounts secrets as links.
        if (fs::is_regular_file(it->path(), ec)) {
            entries.push_back(it->path());
        }
    }
    if (ec) {
        fail(ErrorCode::io,
             "cannot list certificate directory " + dir.string() + ": " + ec.message());
    }
    std::sort(entries.begin(), entries.end());

    auto has = [&](const fs::path& p) {
        return std::find(entries.begin(), entries.end(), p) != entries.end();
    };
    for (const auto& path : entries) {
        auto ext = path.extension();
        if (ext == ".crt") {
            files.ca_files.push_back(path);
        } else if (ext == ".cert") {
            fs::path key = fs::path(path).replace_extension(".key");
            if (!has(key)) {
                fail(ErrorCode::spec, "client certificate " + path.string() + " has no key " +
                                          key.filename().string() + " beside it");
            }
            if (files.client_cert.empty()) {
                files.client_cert = path;
                files.client_key = key;
            } else {
                log::warn("using client certificate " + files.client_cert.string() + "; ignoring " +
                          path.string());
            }
        } else if (ext == ".key") {
            fs::path cert = fs::path(path).replace_extension(".cert");
            if (!has(cert)) {
                fail(ErrorCode::spec, "client key " + path.string() + " has no certificate " +
                                          cert.filename().string() + " beside it");
            }
        }
    }
    return files;
}

} // namespace airlock
