// Cluster API: a KubeadmConfigTemplate (bootstrap.cluster.x-k8s.io/v1beta1)
// that writes, on every node it bootstraps, the containerd hosts.toml files
// of the containerd format (the same generator, so the same bytes) under
// /etc/containerd/certs.d, the mirror's TLS files from Secrets of the
// management cluster (contentFrom.secret), and restarts containerd before
// kubeadm runs so the first pull already goes to the mirror.
#include "common/core/error.hpp"
#include "loader/mirror/mirror_formats.hpp"

#include <algorithm>
#include <cctype>

namespace airlock::loader {

namespace {

constexpr const char* capi_hosts_dir = "/etc/containerd/certs.d";
// Outside certs.d, where containerd would take a directory for a host.
constexpr const char* capi_ca_path = "/etc/airlock/mirror/ca.crt";
constexpr const char* capi_client_cert_path = "/etc/airlock/mirror/client.crt";
constexpr const char* capi_client_key_path = "/etc/airlock/mirror/client.key";

bool set(const MirrorSecretKey& s) {
    return !s.name.empty() || !s.key.empty();
}

// A Secret's name is a DNS-1123 subdomain; a data key is [-._a-zA-Z0-9]+.
void check_secret(const std::string& flag, const MirrorSecretKey& s) {
    bool name_ok = is_dns_subdomain(s.name);
    if (!name_ok) {
        fail(ErrorCode::usage, flag + " '" + s.name +
                                   "': a Secret name is lowercase letters, digits, '-' and "
                                   "'.', starting and ending with a letter or digit");
    }
    bool key_ok = !s.key.empty() && s.key.size() <= 253 && s.key != "." && s.key != ".." &&
                  std::all_of(s.key.begin(), s.key.end(), [](char c) {
                      return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' ||
                             c == '.' || c == '_';
                  });
    if (!key_ok) {
        fail(ErrorCode::usage,
             flag + " key '" + s.key + "': a Secret key is letters, digits, '-', '_' and '.'");
    }
}

std::string file_entry(const std::string& path, const std::string& permissions) {
    return "        - path: " + quoted_string(path) +
           "\n          owner: \"root:root\"\n          permissions: " +
           quoted_string(permissions) + "\n";
}

std::string secret_entry(const std::string& path, const std::string& permissions,
                         const MirrorSecretKey& secret) {
    return file_entry(path, permissions) +
           "          contentFrom:\n            secret:\n              name: " +
           quoted_string(secret.name) + "\n              key: " + quoted_string(secret.key) + "\n";
}

} // namespace

void check_capi_files(const MirrorRequest& request) {
    const CapiFiles& capi = request.capi;
    bool secrets = set(capi.ca) || set(capi.client_cert) || set(capi.client_key);
    if (request.format != MirrorFormat::capi) {
        if (secrets) {
            fail(ErrorCode::usage, "--ca-secret and --client-secret are for --format capi; "
                                   "--format " +
                                       std::string(to_string(request.format)) +
                                       " takes --ca, --client-cert and --client-key");
        }
        return;
    }
    const MirrorTls& tls = request.tls;
    if (!tls.ca.empty() || !tls.client_cert.empty() || !tls.client_key.empty()) {
        fail(ErrorCode::usage,
             "--format capi never copies TLS files into the template: name the Secrets that "
             "hold them (--ca-secret, --client-secret) instead of --ca, --client-cert and "
             "--client-key");
    }
    if (set(capi.client_cert) != set(capi.client_key)) {
        fail(ErrorCode::usage, "a client certificate needs its key in the template: both or "
                               "neither");
    }
    if (request.mirror.plain_http && secrets) {
        fail(ErrorCode::usage, "--ca-secret and --client-secret need an https:// mirror, not " +
                                   request.mirror.origin());
    }
    if (set(capi.ca)) {
        check_secret("--ca-secret", capi.ca);
    }
    if (set(capi.client_cert)) {
        check_secret("--client-secret", capi.client_cert);
        check_secret("--client-secret", capi.client_key);
    }
    const std::string& name = capi.template_name;
    if (!is_dns_subdomain(name)) {
        fail(ErrorCode::usage, "template name '" + name + "' is not a Kubernetes object name");
    }
}

MirrorConfig capi_kubeadm_config_template(const MirrorRequest& request) {
    const CapiFiles& capi = request.capi;
    // The node's view: the containerd format with the TLS files where the
    // template puts them.
    MirrorRequest node = request;
    node.format = MirrorFormat::containerd;
    node.tls = MirrorTls{};
    if (set(capi.ca)) {
        node.tls.ca = capi_ca_path;
    }
    if (set(capi.client_cert)) {
        node.tls.client_cert = capi_client_cert_path;
        node.tls.client_key = capi_client_key_path;
    }
    MirrorConfig hosts = containerd_hosts_toml(node);

    std::string text =
        "# Written by airlock-load mirror-config --format capi: worker nodes this template\n"
        "# bootstraps pull the upstream registries' images from the airlock mirror " +
        request.mirror.origin() +
        ".\n"
        "# Control-plane nodes: put the same files and preKubeadmCommands in the\n"
        "# KubeadmControlPlane's spec.kubeadmConfigSpec.\n"
        "apiVersion: bootstrap.cluster.x-k8s.io/v1beta1\n"
        "kind: KubeadmConfigTemplate\n"
        "metadata:\n"
        "  name: " +
        quoted_string(capi.template_name) +
        "\n"
        "spec:\n"
        "  template:\n"
        "    spec:\n"
        "      files:\n";
    for (const MirrorFile& file : hosts.files) {
        text += file_entry(std::string(capi_hosts_dir) + "/" + file.path.generic_string(), "0644");
        text += "          content: " + yaml_block(file.content, 12);
    }
    if (set(capi.ca)) {
        text += secret_entry(capi_ca_path, "0644", capi.ca);
    }
    if (set(capi.client_cert)) {
        text += secret_entry(capi_client_cert_path, "0644", capi.client_cert);
        text += secret_entry(capi_client_key_path, "0600", capi.client_key);
    }
    text += "      preKubeadmCommands:\n"
            "        - systemctl restart containerd\n";

    MirrorConfig out;
    out.files.push_back({"kubeadmconfigtemplate.yaml", std::move(text)});
    out.notes.push_back(std::string("capi: the node image's containerd must read ") +
                        capi_hosts_dir +
                        " (config_path in its CRI registry section), as Cluster API's "
                        "image-builder images do");
    return out;
}

} // namespace airlock::loader
