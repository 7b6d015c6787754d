#pragma once
// Helm's values: coalescing a chart's defaults with what the user gave
// (parent values override subchart defaults under the subchart's name,
// `global` flows down, a null removes a key), enabling and disabling
// subcharts by `condition` and `tags`, and `import-values`, step for step as
// Helm v4.1.4 does them (pkg/chart/common/util, pkg/chart/v2/util).
#include "builder/helm/chart.hpp"
#include "common/gotemplate/value.hpp"

#include <optional>
#include <string_view>

namespace airlock::helm {

// Helm's CoalesceValues (merge = false: nulls delete keys) and MergeValues
// (merge = true: nulls are kept). `user` is copied, never changed.
gotemplate::Value coalesce_values(const Chart& chart, const gotemplate::Value& user,
                                  bool merge = false);

// Helm's ProcessDependencies: drops subcharts that their `condition` or
// `tags` disable (recursively, with aliases applied), then imports values
// from children into parents. Changes `chart`: work on a clone.
void process_dependencies(Chart& chart, const gotemplate::Value& user);

// Values.Table and Values.PathValue: a map at a dotted path, and a non-map
// value at one; nullopt when absent.
std::optional<gotemplate::Value> values_table(const gotemplate::Value& values,
                                              std::string_view path);
std::optional<gotemplate::Value> values_path_value(const gotemplate::Value& values,
                                                   std::string_view path);

} // namespace airlock::helm
