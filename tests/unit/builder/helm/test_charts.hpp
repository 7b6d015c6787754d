#pragma once
// Charts built from in-memory files for the Helm layer's unit tests, and the
// values their templates would see, computed the way render_chart does it
// (dependencies processed on a clone, then the values coalesced).
#include "builder/helm/chart.hpp"
#include "builder/helm/go_json.hpp"
#include "builder/helm/values.hpp"
#include "builder/helm/values_file.hpp"

#include <memory>
#include <string>
#include <vector>

namespace airlock::test {

// Chart.yaml of an apiVersion v2 chart at version 0.1.0; `rest` is appended
// as written (a "dependencies:" block, say).
inline std::string chart_yaml(const std::string& name, const std::string& rest = "") {
    return "apiVersion: v2\nname: " + name + "\nversion: 0.1.0\n" + rest;
}

inline std::shared_ptr<helm::Chart> chart_from(std::vector<TgzFile> files) {
    return helm::load_chart_files(std::move(files), "test-chart");
}

inline gotemplate::Value user_values(const std::string& yaml) {
    return helm::load_values(yaml);
}

// The chart as rendering sees it: disabled subcharts gone, aliases applied,
// imports done.
inline std::shared_ptr<helm::Chart> processed(const helm::Chart& chart,
                                              const gotemplate::Value& user) {
    auto copy = chart.clone();
    helm::process_dependencies(*copy, user);
    return copy;
}

// `{{ toJson .Values }}` in the top chart's templates.
inline std::string values_json(const helm::Chart& chart, const std::string& user_yaml = "") {
    const gotemplate::Value user = user_values(user_yaml);
    const auto ready = processed(chart, user);
    return helm::json_marshal(helm::coalesce_values(*ready, user));
}

// The subcharts that render, depth first: "s", "s/inner", "t".
inline void dependency_paths(const helm::Chart& chart, const std::string& prefix,
                             std::vector<std::string>& out) {
    for (const auto& d : chart.dependencies) {
        out.push_back(prefix + d->name());
        dependency_paths(*d, prefix + d->name() + "/", out);
    }
}

inline std::vector<std::string> rendered_subcharts(const helm::Chart& chart,
                                                   const std::string& user_yaml = "") {
    const auto ready = processed(chart, user_values(user_yaml));
    std::vector<std::string> out;
    dependency_paths(*ready, "", out);
    return out;
}

} // namespace airlock::test
