#pragma once
// .Capabilities as `helm template` offers it (no cluster: Helm's defaults,
// changed by --kube-version and --api-versions).
#include "common/gotemplate/value.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace airlock::helm {

struct KubeVersion {
    std::string version;    // as given, with a "v": "v1.31.0", "v1.30.2-gke.1"
    std::string normalized; // major.minor.patch only: "v1.30.2"
    std::string major;      // "1"
    std::string minor;      // "30"
};

// Kubernetes' generic version parsing ("1.31", "v1.31.0", "1.30.2-gke.1").
// Error(usage) "invalid kube version '<text>': ..." otherwise.
KubeVersion parse_kube_version(std::string_view text);

struct Capabilities {
    KubeVersion kube_version;
    std::vector<std::string> api_versions;
};

// What Helm v4.1.4 assumes without a cluster: Kubernetes v1.35.0 and the
// API group versions its client library knows.
Capabilities default_capabilities();

// The Helm version whose rendering this renderer reproduces, as
// .Capabilities.HelmVersion reports it.
inline constexpr std::string_view emulated_helm_version = "v4.1.4";

// The .Capabilities object: KubeVersion (Version, Major, Minor, GitVersion,
// printed as its version), APIVersions (a list with Has), HelmVersion.
gotemplate::Value capabilities_value(const Capabilities& caps);

} // namespace airlock::helm
