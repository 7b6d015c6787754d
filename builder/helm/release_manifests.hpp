#pragma once
// What `helm template` makes of rendered files: NOTES set aside, every file
// cut into YAML documents, hooks told apart from manifests by their
// helm.sh/hook annotation, manifests sorted by Helm's install order of
// kinds, CRDs from crds/ when asked, and the printed stream:
//   ---
//   # Source: <chart>/templates/<file>
//   <document>
#include "builder/helm/engine.hpp"

#include <string>
#include <vector>

namespace airlock::helm {

struct ReleaseDocument {
    std::string source;  // "mychart/templates/deployment.yaml"
    std::string content; // one YAML document, trimmed
    std::string kind;
    bool test_hook = false; // a hook for `helm test`
};

struct ReleaseManifests {
    std::vector<ReleaseDocument> crds;      // only with include_crds
    std::vector<ReleaseDocument> manifests; // sorted by kind, as Helm installs them
    std::vector<ReleaseDocument> hooks;
    std::string notes; // the top chart's NOTES.txt
};

// Error(spec) "YAML parse error on <source>: ..." for a document whose head
// (apiVersion, kind, metadata.name, metadata.annotations) Helm could not read.
ReleaseManifests release_manifests(const RenderOutput& rendered, bool include_crds);

// `helm template`'s output. `show_only` keeps the documents of templates
// matching these globs ("templates/deployment.yaml", "templates/*.yaml"),
// relative to the chart; Error(usage) "could not find template X in chart"
// when one matches nothing.
std::string helm_template_text(const ReleaseManifests& release,
                               const std::vector<std::string>& show_only = {},
                               bool skip_tests = false);

} // namespace airlock::helm
