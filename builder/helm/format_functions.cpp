#include "builder/helm/format_functions.hpp"

#include "builder/helm/go_json.hpp"
#include "builder/helm/go_toml.hpp"
#include "builder/helm/go_yaml_read.hpp"
#include "builder/helm/go_yaml_write.hpp"
#include "common/core/error.hpp"

#include <string>

namespace airlock::helm {

using gotemplate::CallContext;
using gotemplate::List;
using gotemplate::Map;
using gotemplate::Signature;
using gotemplate::Type;
using gotemplate::Value;

namespace {

std::string trim_final_newline(std::string s) {
    if (!s.empty() && s.back() == '\n') {
        s.pop_back();
    }
    return s;
}

// Helm's fromYaml, fromJson, fromToml: the error goes into the map.
Value map_with_error(Value m, const std::string& error) {
    if (error.empty()) {
        return m;
    }
    if (m.kind() != gotemplate::Kind::map) {
        m = Value::map(Map{});
    }
    m.as_map().insert_or_assign("Error", Value::string(error));
    return m;
}

// Helm's fromYamlArray, fromJsonArray: the error replaces the list.
Value list_or_error(Value l, const std::string& error) {
    if (error.empty()) {
        return l;
    }
    return Value::list(List{Value::string(error)});
}

std::string marshal_json(const Value& v, const JsonStyle& style) {
    return json_marshal(v, style);
}

} // namespace

void register_format_functions(gotemplate::FunctionTable& table) {
    const Signature any_to_string{{Type::any}, false, Type::string};
    const Signature string_to_map{{Type::string}, false, Type::map};
    const Signature string_to_list{{Type::string}, false, Type::list};

    // ---- YAML (Helm) ----
    table.add("toYaml", any_to_string, [](CallContext&, std::vector<Value>& args) {
        try {
            return Value::string(trim_final_newline(yaml_marshal(args[0])));
        } catch (const Error&) {
            return Value::string(""); // Helm swallows the error
        }
    });
    table.add("mustToYaml", any_to_string, [](CallContext&, std::vector<Value>& args) {
        return Value::string(trim_final_newline(yaml_marshal(args[0])));
    });
    table.add("toYamlPretty", any_to_string, [](CallContext&, std::vector<Value>& args) {
        try {
            return Value::string(trim_final_newline(yaml_encode_pretty(args[0])));
        } catch (const Error&) {
            return Value::string("");
        }
    });
    table.add("fromYaml", string_to_map, [](CallContext&, std::vector<Value>& args) {
        YamlDecoded d = yaml_unmarshal(args[0].as_string(), JsonTarget::map);
        return map_with_error(std::move(d.value), d.error);
    });
    table.add("fromYamlArray", string_to_list, [](CallContext&, std::vector<Value>& args) {
        YamlDecoded d = yaml_unmarshal(args[0].as_string(), JsonTarget::list);
        return list_or_error(std::move(d.value), d.error);
    });

    // ---- JSON (Helm) ----
    table.add("toJson", any_to_string, [](CallContext&, std::vector<Value>& args) {
        try {
            return Value::string(marshal_json(args[0], {}));
        } catch (const Error&) {
            return Value::string("");
        }
    });
    table.add("mustToJson", any_to_string, [](CallContext&, std::vector<Value>& args) {
        return Value::string(marshal_json(args[0], {}));
    });
    table.add("fromJson", string_to_map, [](CallContext&, std::vector<Value>& args) {
        JsonDecoded d = json_unmarshal(args[0].as_string(), JsonTarget::map);
        if (d.value.is_nil() && d.error.empty()) {
            return Value::nil(); // "null": Go's nil map
        }
        return map_with_error(std::move(d.value), d.error);
    });
    table.add("fromJsonArray", string_to_list, [](CallContext&, std::vector<Value>& args) {
        JsonDecoded d = json_unmarshal(args[0].as_string(), JsonTarget::list);
        return list_or_error(std::move(d.value), d.error);
    });

    // ---- JSON (sprig, kept by Helm) ----
    JsonStyle pretty;
    pretty.indent = "  ";
    table.add("toPrettyJson", any_to_string, [pretty](CallContext&, std::vector<Value>& args) {
        try {
            return Value::string(marshal_json(args[0], pretty));
        } catch (const Error&) {
            return Value::string(""); // sprig ignores the error
        }
    });
    table.add("mustToPrettyJson", any_to_string, [pretty](CallContext&, std::vector<Value>& args) {
        return Value::string(marshal_json(args[0], pretty));
    });
    JsonStyle raw;
    raw.escape_html = false;
    // sprig's toRawJson panics on an error, which the template reports like
    // mustToRawJson's error.
    table.add("toRawJson", any_to_string, [raw](CallContext&, std::vector<Value>& args) {
        return Value::string(marshal_json(args[0], raw));
    });
    table.add("mustToRawJson", any_to_string, [raw](CallContext&, std::vector<Value>& args) {
        return Value::string(marshal_json(args[0], raw));
    });
    table.add("mustFromJson", Signature{{Type::string}, false, Type::any},
              [](CallContext&, std::vector<Value>& args) {
                  JsonDecoded d = json_unmarshal(args[0].as_string(), JsonTarget::any);
                  if (!d.error.empty()) {
                      fail(ErrorCode::spec, d.error);
                  }
                  return d.value;
              });

    // ---- TOML (Helm) ----
    table.add("toToml", any_to_string, [](CallContext&, std::vector<Value>& args) {
        // Helm returns the error's text in place of the document.
        TomlEncoded e = toml_encode(args[0]);
        return Value::string(e.error.empty() ? std::move(e.text) : std::move(e.error));
    });
    table.add("fromToml", string_to_map, [](CallContext&, std::vector<Value>& args) {
        TomlDecoded d = toml_decode(args[0].as_string());
        return map_with_error(std::move(d.value), d.error);
    });
}

} // namespace airlock::helm
