#include "builder/helm/values_schema.hpp"

#include "common/core/error.hpp"
#include "common/jsonschema/schema.hpp"

#include <nlohmann/json.hpp>

namespace airlock::helm {

namespace {

using gotemplate::Kind;
using gotemplate::Value;
using nlohmann::json;

// Values as santhosh sees them: Go's decoded YAML (float64 numbers from
// files, int64 from --set), so integers and floats stay apart.
json to_json(const Value& v) {
    switch (v.kind()) {
    case Kind::boolean:
        return v.as_bool();
    case Kind::integer:
        return v.as_int();
    case Kind::floating:
        return v.as_float();
    case Kind::string:
    case Kind::bytes:
        return v.as_string();
    case Kind::list: {
        json out = json::array();
        for (const Value& item : v.as_list()) {
            out.push_back(to_json(item));
        }
        return out;
    }
    case Kind::map: {
        json out = json::object();
        for (const auto& [key, item] : v.as_map()) {
            out[key] = to_json(item);
        }
        return out;
    }
    case Kind::object:
        return to_json(v.as_object().plain());
    default:
        return nullptr;
    }
}

// One failing chart's part of the message: "NAME: at '/x': got ..., want ...".
std::string check_one(const Chart& chart, const Value& values) {
    json document;
    try {
        document = json::parse(*chart.schema);
    } catch (const json::exception& e) {
        return chart.name() + ": values.schema.json is not valid JSON: " + e.what();
    }
    const jsonschema::CompileResult compiled = jsonschema::Schema::try_compile(document);
    if (!compiled.schema) {
        return chart.name() + ": " + compiled.error_line;
    }
    const jsonschema::ValidationResult result = compiled.schema->validate(to_json(values));
    return result.valid() ? std::string() : chart.name() + ": " + result.one_line(10);
}

// Helm's order: the chart, then each subchart with the values under its
// name, depth first.
void check_tree(const Chart& chart, const Value& values, std::vector<std::string>& failures) {
    if (chart.schema) {
        if (std::string failure = check_one(chart, values); !failure.empty()) {
            failures.push_back(std::move(failure));
        }
    }
    for (const auto& sub : chart.dependencies) {
        const auto& map = values.as_map();
        const auto it = map.find(sub->name());
        if (it == map.end() || it->second.is_nil()) {
            continue;
        }
        if (it->second.kind() != Kind::map) {
            failures.push_back(sub->name() +
                               ": invalid type for values: expected object (map), got " +
                               it->second.type_name());
            continue;
        }
        check_tree(*sub, it->second, failures);
    }
}

} // namespace

void validate_values_schema(const Chart& chart, const gotemplate::Value& values) {
    if (values.kind() != Kind::map) {
        return;
    }
    std::vector<std::string> failures;
    check_tree(chart, values, failures);
    if (failures.empty()) {
        return;
    }
    std::string message =
        "values don't meet the specifications of the schema(s) in the following chart(s): ";
    for (std::size_t i = 0; i < failures.size(); ++i) {
        message += (i == 0 ? "" : "; ") + failures[i];
    }
    fail(ErrorCode::spec, message);
}

} // namespace airlock::helm
