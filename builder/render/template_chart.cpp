#include "builder/chart/vendor_chart.hpp"
#include "builder/render/render_chart.hpp"
#include "common/core/error.hpp"
#include "common/reference/reference.hpp"
#include "common/registry/registry_client.hpp"

#include <algorithm>

namespace airlock::builder {

std::shared_ptr<helm::Chart> load_chart_source(const TemplateRequest& request,
                                               const RegistryOptions& registry) {
    constexpr std::string_view oci_scheme = "oci://";
    if (!request.repo.empty() || request.chart.starts_with(oci_scheme)) {
        SpecChart spec;
        if (request.version.empty()) {
            fail(ErrorCode::usage, "--version is needed for a chart from a repository or "
                                   "registry (" +
                                       request.chart + ")");
        }
        spec.version = request.version;
        if (!request.repo.empty()) {
            spec.source = SpecChart::Source::repo;
            spec.repo = request.repo;
            spec.name = request.chart;
        } else {
            spec.source = SpecChart::Source::oci;
            Reference ref = Reference::parse(request.chart.substr(oci_scheme.size()));
            ref.tag = request.version;
            std::replace(ref.tag.begin(), ref.tag.end(), '+', '_');
            spec.oci = ref;
        }
        spec.where = request.chart;
        RegistryClient client(registry);
        ChartFetchOptions fetch;
        fetch.client = &client;
        VendoredChart vendored = vendor_chart(spec, fetch);
        return helm::load_chart_files(std::move(vendored.files), vendored.origin);
    }
    if (!request.version.empty()) {
        fail(ErrorCode::usage, "--version applies to charts from a repository or registry, not "
                               "to " +
                                   request.chart);
    }
    return helm::load_chart(request.chart);
}

std::string template_chart(const TemplateRequest& request, const RegistryOptions& registry) {
    const helm::ReleaseManifests release =
        render_chart(load_chart_source(request, registry), request.render);
    return helm::helm_template_text(release, request.show_only, request.skip_tests);
}

} // namespace airlock::builder
