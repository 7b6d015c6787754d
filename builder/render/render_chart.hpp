#pragma once
// Rendering a chart as `helm template` would, for the template command, the
// image sweep and bundles that carry rendered manifests: the chart's own
// values under the user's values files and --set, release name, namespace,
// Kubernetes version and extra API versions.
#include "builder/helm/chart.hpp"
#include "builder/helm/release_manifests.hpp"
#include "builder/spec/spec.hpp"

#include <filesystem>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace airlock::builder {

struct ChartValuesFile {
    std::string name; // for messages
    std::string text;
};

struct ChartRenderOptions {
    std::string release = "release-name";
    std::string namespace_ = "default";
    std::string kube_version; // empty: Helm's default
    std::vector<std::string> api_versions;
    std::vector<ChartValuesFile> values_files; // -f, in order
    std::vector<std::string> set;              // --set KEY=VALUE,...
    std::vector<std::string> set_string;       // --set-string
    bool include_crds = false;
};

// The render options a spec's chart entry stands for: its values files (read
// now; named relative to `base_dir`), `set` (strings as --set-string, numbers
// and booleans as --set), release, namespace, kubeVersion and apiVersions.
ChartRenderOptions render_options(const SpecChart& chart, const std::filesystem::path& base_dir);

// Renders `chart` and sorts the result as `helm template` does. Errors are
// Error(spec) (a template, a value or the chart is wrong) or Error(usage)
// (a malformed --kube-version), one line each.
helm::ReleaseManifests render_chart(std::shared_ptr<const helm::Chart> chart,
                                    const ChartRenderOptions& options);

} // namespace airlock::builder

namespace airlock {
struct RegistryOptions;
}

namespace airlock::builder {

// `airlock-build template`: where the chart comes from (a directory or .tgz,
// oci://HOST/PATH/NAME with a version, or NAME in the repository at `repo`
// with a version), how to reach registries, and the render options.
struct TemplateRequest {
    std::string chart;
    std::string version;
    std::string repo;
    ChartRenderOptions render;
    std::vector<std::string> show_only;
    bool skip_tests = false;
};

// The chart loaded from any source `charts:` in a spec accepts.
std::shared_ptr<helm::Chart> load_chart_source(const TemplateRequest& request,
                                               const RegistryOptions& registry);

// `helm template`'s output for the request.
std::string template_chart(const TemplateRequest& request, const RegistryOptions& registry);

} // namespace airlock::builder
