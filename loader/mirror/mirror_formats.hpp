#pragma once
// One generator per runtime, behind generate_mirror_config() (which checks
// the request first). Internal to loader/mirror.
#include "loader/mirror/config_text.hpp"
#include "loader/mirror/mirror_config.hpp"

#include <string>
#include <string_view>

namespace airlock::loader {

MirrorConfig containerd_hosts_toml(const MirrorRequest& request);
MirrorConfig crio_registries_conf(const MirrorRequest& request);
MirrorConfig k3s_registries_yaml(const MirrorRequest& request);
MirrorConfig openshift_mirror_sets(const MirrorRequest& request);
MirrorConfig capi_kubeadm_config_template(const MirrorRequest& request);

// Error(usage) when Secrets are named for a format other than capi, local TLS
// files for capi, Secrets with an http:// mirror, or a name Kubernetes refuses.
void check_capi_files(const MirrorRequest& request);

// host[:port][/namespace]: a mirror location as CRI-O and OpenShift name it.
std::string mirror_location(const MirrorRequest& request, const std::string& upstream_host);

} // namespace airlock::loader
