// k3s and RKE2: registries.yaml. `mirrors` sends each upstream to the mirror's
// endpoint, with a rewrite of the repository path when the mirror keeps it
// under a namespace; `configs` (keyed by the mirror's host) names its TLS files.
#include "loader/mirror/mirror_formats.hpp"

namespace airlock::loader {

MirrorConfig k3s_registries_yaml(const MirrorRequest& request) {
    MirrorConfig out;
    std::string text = "# Written by airlock-load mirror-config: /etc/rancher/k3s/registries.yaml "
                       "(k3s)\n# or /etc/rancher/rke2/registries.yaml (RKE2).\nmirrors:\n";
    for (const std::string& upstream : request.upstreams) {
        std::string ns = mirror_namespace(request.mirror, upstream, request.keep_host);
        text += "  " + quoted_string(upstream) + ":\n    endpoint:\n      - " +
                quoted_string(request.mirror.origin()) + "\n";
        if (!ns.empty()) {
            // Rewrites apply to the repository path only, never to the host.
            text += "    rewrite:\n      \"^(.*)$\": " + quoted_string(ns + "/$1") + "\n";
        }
    }
    const MirrorTls& tls = request.tls;
    if (!tls.ca.empty() || !tls.client_cert.empty()) {
        text += "configs:\n  " + quoted_string(request.mirror.host) + ":\n    tls:\n";
        if (!tls.ca.empty()) {
            text += "      ca_file: " + quoted_string(tls.ca.string()) + "\n";
        }
        if (!tls.client_cert.empty()) {
            text += "      cert_file: " + quoted_string(tls.client_cert.string()) + "\n";
            text += "      key_file: " + quoted_string(tls.client_key.string()) + "\n";
        }
    }
    out.files.push_back({"registries.yaml", std::move(text)});
    if (request.block_upstream) {
        out.notes.push_back("k3s: registries.yaml cannot stop containerd from falling back to "
                            "the upstream; start k3s or RKE2 with "
                            "--disable-default-registry-endpoint as well");
    }
    return out;
}

} // namespace airlock::loader
