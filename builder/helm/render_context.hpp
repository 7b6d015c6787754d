#pragma once
// The objects Helm puts in front of templates: .Chart (the metadata as a
// map, with IsRoot), .Release, and .Values' own type (common.Values, with
// its methods).
#include "builder/helm/chart.hpp"
#include "common/gotemplate/value.hpp"

namespace airlock::helm {

struct ReleaseOptions;

// Helm's structToMap of the chart's metadata, plus IsRoot.
gotemplate::Value chart_metadata_value(const Chart& chart);
gotemplate::Value release_value(const ReleaseOptions& release);
// `values` as a common.Values (YAML, Table, AsMap, PathValue, Encode).
gotemplate::Value as_values_type(const gotemplate::Value& values);

} // namespace airlock::helm
