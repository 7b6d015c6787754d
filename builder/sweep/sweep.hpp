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
#include "builder/sweep/chart_files.hpp"

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

// A chart, until a renderer exists, from what can be read without rendering:
// - the `helm.sh/images` (and Artifact Hub's `artifacthub.io/images`)
//   annotation of Chart.yaml, a YAML list of {name, image};
// - image-shaped values, in the chart's values.yaml overlaid by
//   `values_overlays` (display name, YAML text; in order) and then `set`
//   (Helm --set keys: "image.tag" -> "1.2"): string fields named `image`,
//   and mappings {registry?, repository, tag|digest} or
//   {registry?, image, tag|digest} (ingress-nginx's form). A mapping without
//   a registry takes the chart's global.imageRegistry or
//   global.image.registry; an empty tag means the chart's appVersion, with a
//   "v" in front when the templates format it as "v%s". Mappings (below the
//   root) that say `enabled: false` are skipped with everything in them:
//   that switches off the component they configure;
// - literal image lines in templates (`image: docker.io/x/y:1.2`, the value
//   holding no template action);
// - each subchart (charts/<dir>/, charts/*.tgz) likewise, its defaults
//   overlaid by the parent's values under the subchart's name (or alias) and
//   the parent's `global`; one whose Chart.yaml dependency `condition` is
//   false is skipped.
// Origins are "<chart origin>/<file in chart>", an overlay's display name, or
// "set". A chart without Chart.yaml, or malformed Chart.yaml or values, is
// Error(spec) naming the file.
// Without a renderer, an image whose name the templates assemble in their
// own way (cert-manager's imageRegistry + imageNamespace + image.name) is not
// found; when a chart's templates set images through template actions but
// nothing image-shaped was found for it, a line saying so is added to
// `notes` (when given), so that the gap is never silent.
std::vector<SweptImage>
sweep_chart(const ChartFiles& chart,
            const std::vector<std::pair<std::string, std::string>>& values_overlays,
            const std::map<std::string, std::string>& set,
            std::vector<std::string>* notes = nullptr);

} // namespace airlock::builder
