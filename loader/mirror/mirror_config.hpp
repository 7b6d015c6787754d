#pragma once
// Node-side configuration that sends every pull of an upstream registry's
// images to the airlock mirror, by the images' canonical names, for four
// runtimes:
//   containerd  DIR/<upstream host>/hosts.toml (config_path / ctr --hosts-dir)
//   crio        DIR/registries.conf, a containers-registries.conf v2 drop-in
//               (CRI-O, podman, skopeo, buildah)
//   k3s         DIR/registries.yaml (k3s and RKE2)
//   openshift   DIR/imagedigestmirrorset.yaml and DIR/imagetagmirrorset.yaml
//   capi        DIR/kubeadmconfigtemplate.yaml, a Cluster API KubeadmConfigTemplate
//               whose files are the containerd hosts.toml files above, with
//               the TLS files taken from Secrets (contentFrom), never inlined
// generate_mirror_config() is a pure function of its request (no file system,
// no clock), so the same request always gives the same bytes;
// write_mirror_config() puts the result on disk. TLS files are referenced by
// absolute path, never copied into the configuration.
#include "common/bundle/bom.hpp"
#include "loader/mirror/mirror_url.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::loader {

enum class MirrorFormat { containerd, crio, k3s, openshift, capi };

// "containerd", "crio", "k3s", "openshift", "capi"; Error(usage) for anything else.
MirrorFormat parse_mirror_format(std::string_view text);
std::string_view to_string(MirrorFormat format);

struct MirrorTls {
    std::filesystem::path ca;          // CA that signed the mirror's certificate, or empty
    std::filesystem::path client_cert; // client certificate (mTLS), or empty
    std::filesystem::path client_key;  // its key; set exactly when client_cert is
};

// A key of a Secret in the management cluster (Cluster API's contentFrom).
struct MirrorSecretKey {
    std::string name; // the Secret; empty: none
    std::string key;  // its data key
};

// Cluster API only: what the KubeadmConfigTemplate is called and which
// Secrets hold the TLS files nodes need (never the files themselves).
struct CapiFiles {
    std::string template_name = "airlock-mirror";
    MirrorSecretKey ca;          // the mirror's CA certificate
    MirrorSecretKey client_cert; // client certificate (mTLS); set exactly when client_key is
    MirrorSecretKey client_key;
};

struct MirrorRequest {
    MirrorFormat format = MirrorFormat::containerd;
    MirrorUrl mirror;
    // Upstream registry hosts as references name them ("docker.io",
    // "quay.io", "127.0.0.1:5000"): sorted, no duplicates.
    std::vector<std::string> upstreams;
    bool keep_host = false;      // the mirror holds PREFIX/<host>/<path> (load --keep-host)
    bool block_upstream = false; // the upstream is never contacted, even for what the mirror lacks
    MirrorTls tls;               // absolute paths; empty for capi
    CapiFiles capi;              // capi only
};

struct MirrorFile {
    std::filesystem::path path; // relative to the output directory
    std::string content;
};

struct MirrorConfig {
    std::vector<MirrorFile> files;
    // What the files cannot express and the operator must do instead
    // (e.g. where CRI-O takes TLS files from); one line each.
    std::vector<std::string> notes;
};

// Error(usage) for a client certificate without its key (or the reverse),
// or TLS files with an http:// mirror. generate_mirror_config() checks this
// too; callers run it early to fail before slower work.
void check_mirror_request(const MirrorRequest& request);

// Error(usage) as check_mirror_request(); Error(internal) without upstreams.
MirrorConfig generate_mirror_config(const MirrorRequest& request);

// The distinct upstream registry hosts the images name, sorted.
// Error(malformed) for a reference that does not parse.
std::vector<std::string> upstream_hosts(const std::vector<BomImage>& images);

// Writes every file under `dir` (created when absent) atomically with mode
// 0644; returns the paths written, in order. Error(io) naming the path.
std::vector<std::filesystem::path> write_mirror_config(const std::filesystem::path& dir,
                                                       const MirrorConfig& config);

} // namespace airlock::loader
