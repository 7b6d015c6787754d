#pragma once
// Helm's ValidateAgainstSchema: each chart's values.schema.json checked
// against its (coalesced) values, subcharts against their part.
#include "builder/helm/chart.hpp"
#include "common/gotemplate/value.hpp"

namespace airlock::helm {

// Error(spec) "values don't meet the specifications of the schema(s) ..."
// naming the chart and the value path.
void validate_values_schema(const Chart& chart, const gotemplate::Value& values);

} // namespace airlock::helm
