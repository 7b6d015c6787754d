#pragma once
// Go's encoding/json as Helm's and sprig's template functions use it, over
// template values: Marshal (toJson), MarshalIndent (toPrettyJson), an Encoder
// without HTML escaping (toRawJson), and Unmarshal into interface{}, a map or
// a slice (fromJson, fromJsonArray: every number becomes a float64).
#include "common/gotemplate/value.hpp"

#include <string>
#include <string_view>

namespace airlock::helm {

struct JsonStyle {
    // Go escapes '<', '>' and '&' unless an Encoder has SetEscapeHTML(false).
    bool escape_html = true;
    // MarshalIndent's indent (empty: compact). The prefix is always empty.
    std::string_view indent;
};

// json.Marshal: map keys sorted, Go's float and string forms, []byte as
// base64, objects as their plain() value. Throws Error(spec) with Go's text
// for what Go refuses: "json: unsupported value: NaN" (also +Inf, -Inf) and
// "json: unsupported value: encountered a cycle via map[string]interface {}".
std::string json_marshal(const gotemplate::Value& v, const JsonStyle& style = {});

// What json.Unmarshal decodes into.
enum class JsonTarget {
    any,  // *interface{}
    map,  // *map[string]interface{}, starting as an empty map
    list, // *[]interface{}, starting as an empty slice
};

struct JsonDecoded {
    // What the target holds afterwards. Go leaves it untouched on a syntax
    // error; a JSON null makes a map or slice target nil (Value::nil()).
    gotemplate::Value value;
    // Go's error text ("invalid character 'x' looking for beginning of
    // value", "json: cannot unmarshal array into Go value of type
    // map[string]interface {}"); empty when there is none. A number too
    // large for a float64 is an error too, but the rest is still decoded.
    std::string error;
};

JsonDecoded json_unmarshal(std::string_view text, JsonTarget target);

} // namespace airlock::helm
