#include "common/jsonschema/helm_text.hpp"

namespace airlock::jsonschema {

namespace {

constexpr std::string_view kHead =
    "values don't meet the specifications of the schema(s) in the following chart(s):\n";

std::string line_head(std::string_view chart) {
    return "values don't meet the specifications of the schema of chart " + std::string(chart) +
           ": ";
}

} // namespace

std::string helm_chart_section(std::string_view chart, const ValidationResult& result) {
    return std::string(chart) + ":\n" + result.text() + "\n";
}

std::string helm_chart_section(std::string_view chart, const CompileResult& result) {
    return std::string(chart) + ":\n" + result.error;
}

std::string helm_chart_type_section(std::string_view chart, std::string_view go_type) {
    return std::string(chart) + ":\ninvalid type for values: expected object (map), got " +
           std::string(go_type) + "\n";
}

std::string helm_values_error(std::string_view sections) {
    return std::string(kHead) + std::string(sections);
}

std::string values_error_line(std::string_view chart, const ValidationResult& result) {
    return line_head(chart) + result.one_line();
}

std::string values_error_line(std::string_view chart, const CompileResult& result) {
    return line_head(chart) + result.error_line;
}

} // namespace airlock::jsonschema
