#pragma once
// The image sweep: every container image that the manifests and charts a
// bundle ships will ask a cluster for, each with where it was found, so the
// build can refuse to leave one behind (a missed image is an
// ImagePullBackOff at the customer's site).
//
// Found references are normalised (Reference::str(): "nginx" becomes
// "docker.io/library/nginx:latest"); text that does not parse as a reference
// is not an image and is skipped. Each function returns its findings in the
// order found, without repeating a (ref, file, document, path).

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airlock::builder {

struct SweptImage {
    std::string ref;  // canonical, normalised reference
    std::string file; // "manifests/app.yaml", "charts/myapp/values.yaml", "set"
    int document = 0; // 1-based YAML document in `file`; 0 for a `set` value or a template line
    std::string path; // "spec.template.spec.initContainers[0].image"; "" for a template line
    int line = 0;     // 1-based line in `file`; 0 when unknown
    // The chart (its origin, e.g. "charts/web") or manifest file that ships
    // the finding: a chart's values files and `set` belong to the chart.
    // Set by sweep_spec; empty from the functions below.
    std::string owner;

    bool operator==(const SweptImage&) const = default;
};

// Rendered Kubernetes YAML: every document of a multi-document stream, and
// each item of a `List` (any kind ending in "List" with `items`).
// - Pod, ReplicationController, PodTemplate (core), Deployment, StatefulSet,
//   DaemonSet, ReplicaSet (apps), Job, CronJob (batch): the pod template's
//   containers, initContainers and ephemeralContainers, and its image volume
//   sources (volumes[].image.reference).
// - Any other kind (custom resources included): every string field named
//   `image`, and every {registry, repository, tag|digest}-shaped mapping.
// Malformed YAML is Error(spec) "<file>:<line>: invalid YAML: ...".
std::vector<SweptImage> sweep_manifest_text(std::string_view yaml, const std::string& file);

} // namespace airlock::builder
