#pragma once
// Helm's rendering engine on our text/template: a chart's templates (its
// subcharts' included) rendered with coalesced values, as `helm template`
// renders them, into one text per template file.
#include "builder/helm/capabilities.hpp"
#include "builder/helm/chart.hpp"
#include "common/gotemplate/template_set.hpp"

#include <memory>
#include <string>
#include <vector>

namespace airlock::helm {

struct ReleaseOptions {
    std::string name = "release-name";
    std::string namespace_ = "default";
    int revision = 1;
    bool is_upgrade = false;
};

struct RenderInput {
    std::shared_ptr<const Chart> chart;
    gotemplate::Value user_values; // -f files and --set, merged (a map, or nil)
    ReleaseOptions release;
    Capabilities capabilities = default_capabilities();
    gotemplate::Limits limits;
};

struct RenderedFile {
    std::string name; // "mychart/templates/deployment.yaml", "mychart/charts/db/templates/x.yaml"
    std::string text;
};

struct RenderOutput {
    // Every template that is not a partial ("_" names), NOTES.txt included,
    // in Helm's execution order, "<no value>" removed as Helm removes it.
    std::vector<RenderedFile> files;
    // The chart after dependency processing: disabled subcharts removed,
    // aliases applied (what CRDs are taken from).
    std::shared_ptr<Chart> chart;
};

// Helm's install path for `helm template`: installability, dependencies
// present, ProcessDependencies, values (coalesced, checked against each
// chart's values.schema.json), the chart's kubeVersion constraint, then
// the engine. Every failure is Error(spec) with Helm's message, one line
// where Helm's is one line: "parse error at (chart/templates/x.yaml:3:7):
// ...", "execution error at (chart/templates/x.yaml:3:4): <required's
// message>", "template: chart/templates/x.yaml:3:4: executing ...".
RenderOutput render_chart(const RenderInput& input);

} // namespace airlock::helm
