#include "loader/mirror/mirror_config.hpp"

#include "common/core/error.hpp"
#include "common/io/temp_file.hpp"
#include "common/reference/reference.hpp"
#include "loader/mirror/mirror_formats.hpp"

#include <set>
#include <string_view>

namespace airlock::loader {

std::string mirror_location(const MirrorRequest& request, const std::string& upstream_host) {
    std::string ns = mirror_namespace(request.mirror, upstream_host, request.keep_host);
    return ns.empty() ? request.mirror.host : request.mirror.host + "/" + ns;
}

MirrorFormat parse_mirror_format(std::string_view text) {
    for (MirrorFormat f : {MirrorFormat::containerd, MirrorFormat::crio, MirrorFormat::k3s,
                           MirrorFormat::openshift, MirrorFormat::capi}) {
        if (to_string(f) == text) {
            return f;
        }
    }
    fail(ErrorCode::usage,
         "--format '" + std::string(text) + "': want containerd, crio, k3s, openshift or capi");
}

std::string_view to_string(MirrorFormat format) {
    switch (format) {
    case MirrorFormat::containerd:
        return "containerd";
    case MirrorFormat::crio:
        return "crio";
    case MirrorFormat::k3s:
        return "k3s";
    case MirrorFormat::openshift:
        return "openshift";
    case MirrorFormat::capi:
        return "capi";
    }
    return "unknown";
}

void check_mirror_request(const MirrorRequest& request) {
    const MirrorTls& tls = request.tls;
    if (tls.client_cert.empty() != tls.client_key.empty()) {
        fail(ErrorCode::usage, "--client-cert and --client-key go together: give both or neither");
    }
    if (request.mirror.plain_http && (!tls.ca.empty() || !tls.client_cert.empty())) {
        fail(ErrorCode::usage,
             "--ca, --client-cert and --client-key need an https:// mirror, not " +
                 request.mirror.origin());
    }
    check_capi_files(request);
}

MirrorConfig generate_mirror_config(const MirrorRequest& request) {
    check_mirror_request(request);
    if (request.upstreams.empty()) {
        fail(ErrorCode::internal, "mirror configuration for no upstream registry");
    }
    switch (request.format) {
    case MirrorFormat::containerd:
        return containerd_hosts_toml(request);
    case MirrorFormat::crio:
        return crio_registries_conf(request);
    case MirrorFormat::k3s:
        return k3s_registries_yaml(request);
    case MirrorFormat::openshift:
        return openshift_mirror_sets(request);
    case MirrorFormat::capi:
        return capi_kubeadm_config_template(request);
    }
    fail(ErrorCode::internal, "unknown mirror configuration format");
}

std::vector<std::string> upstream_hosts(const std::vector<BomImage>& images) {
    std::set<std::string> hosts;
    for (const BomImage& image : images) {
        try {
            hosts.insert(Reference::parse(image.ref).registry);
        } catch (const Error& e) {
            fail(ErrorCode::malformed, std::string("image reference in the BOM: ") + e.what());
        }
    }
    return {hosts.begin(), hosts.end()};
}

std::vector<std::filesystem::path> write_mirror_config(const std::filesystem::path& dir,
                                                       const MirrorConfig& config) {
    std::vector<std::filesystem::path> written;
    for (const MirrorFile& file : config.files) {
        std::filesystem::path path = dir / file.path;
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (ec) {
            fail(ErrorCode::io,
                 "cannot create directory " + path.parent_path().string() + ": " + ec.message());
        }
        write_file_atomic(path, file.content, 0644);
        written.push_back(path);
    }
    return written;
}

} // namespace airlock::loader
