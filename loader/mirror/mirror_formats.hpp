#pragma once
// One generator per runtime, behind generate_mirror_config() (which checks
// the request first). Internal to loader/mirror.
#include "loader/mirror/mirror_config.hpp"

#include <string>
#include <string_view>

namespace airlock::loader {

MirrorConfig containerd_hosts_toml(const MirrorRequest& request);
MirrorConfig crio_registries_conf(const MirrorRequest& request);
MirrorConfig k3s_registries_yaml(const MirrorRequest& request);
MirrorConfig openshift_mirror_sets(const MirrorRequest& request);

// `text` as a double-quoted string with JSON escapes, which is also a TOML
// basic string and a YAML double-quoted scalar. Error(spec) when it is not
// valid UTF-8 (a file name, say).
std::string quoted_string(std::string_view text);

// host[:port][/namespace]: a mirror location as CRI-O and OpenShift name it.
std::string mirror_location(const MirrorRequest& request, const std::string& upstream_host);

} // namespace airlock::loader
