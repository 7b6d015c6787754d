#include "builder/render/render_chart.hpp"

#include "builder/helm/engine.hpp"
#include "builder/helm/set_values.hpp"
#include "builder/helm/values.hpp"
#include "builder/helm/values_file.hpp"
#include "builder/helm/values_io.hpp"
#include "common/core/deep_stack.hpp"

namespace airlock::builder {

namespace {

helm::ReleaseManifests render_here(std::shared_ptr<const helm::Chart> chart,
                                   const ChartRenderOptions& options) {
    helm::RenderInput input;
    input.chart = std::move(chart);
    input.release.name = options.release;
    input.release.namespace_ = options.namespace_;
    if (!options.kube_version.empty()) {
        input.capabilities.kube_version = helm::parse_kube_version(options.kube_version);
    }
    for (const auto& api : options.api_versions) {
        input.capabilities.api_versions.push_back(api);
    }
    gotemplate::Value user = gotemplate::Value::map(gotemplate::Map{});
    for (const auto& file : options.values_files) {
        user = helm::merge_maps(user, helm::read_values(file.text, "failed to parse " + file.name));
    }
    helm::apply_set_values(helm::SetValues{options.set, options.set_string}, user.as_map());
    input.user_values = user;
    return helm::release_manifests(helm::render_chart(input), options.include_crds);
}

} // namespace

helm::ReleaseManifests render_chart(std::shared_ptr<const helm::Chart> chart,
                                    const ChartRenderOptions& options) {
    helm::ReleaseManifests out;
    const std::string name = chart ? chart->name() : "";
    run_with_deep_stack("rendering chart " + name,
                        [&] { out = render_here(std::move(chart), options); });
    return out;
}

} // namespace airlock::builder
