#pragma once
// How Helm v4 words a failed values check (pkg/chart/common/util), for a
// renderer that must print what `helm template` prints. The validator knows
// nothing of charts; these only arrange its text.
//
// Helm checks a chart's values against its schema, then each subchart's
// values (the parent's values under the subchart's name, when that is a
// map) against the subchart's schema, depth first, and joins the sections
// of the charts that fail:
//
//   values don't meet the specifications of the schema(s) in the following chart(s):
//   parent:
//   - at '/image/tag': got number, want string
//   sub:
//   - at '': missing property 'q'
#include "common/jsonschema/schema.hpp"

#include <string>
#include <string_view>

namespace airlock::jsonschema {

// A failing chart's section: "NAME:\n" + the errors' text + "\n".
std::string helm_chart_section(std::string_view chart, const ValidationResult& result);
// The section of a chart whose schema does not compile: "NAME:\n" + the
// compile error (Helm adds no newline after it).
std::string helm_chart_section(std::string_view chart, const CompileResult& result);
// The section Helm writes when a subchart's values are not a map:
// "NAME:\ninvalid type for values: expected object (map), got GO_TYPE\n"
// (GO_TYPE as Go's %T names it: float64, string, bool, []interface {}).
std::string helm_chart_type_section(std::string_view chart, std::string_view go_type);
// Helm's error message from the sections that failed, in order.
std::string helm_values_error(std::string_view sections);
// Our one-line form: "values don't meet the specifications of the schema
// of chart NAME: at '/image/tag': got number, want string".
std::string values_error_line(std::string_view chart, const ValidationResult& result);
std::string values_error_line(std::string_view chart, const CompileResult& result);

} // namespace airlock::jsonschema
