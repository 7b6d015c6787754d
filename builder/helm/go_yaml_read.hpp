#pragma once
// YAML read the way Helm reads it: sigs.k8s.io/yaml.Unmarshal, which is
// go-yaml v2 parsing (YAML 1.1: yes/no/on/off are bools, 0777 is octal, "<<"
// merges maps), a conversion to JSON (map keys become strings: a key `n:` is
// "false", a key 1.5 is "1.5"), and encoding/json decoding (every number a
// float64). Only the first document of the text is read.
#include "builder/helm/go_json.hpp"
#include "common/gotemplate/value.hpp"

#include <string>
#include <string_view>

namespace airlock::helm {

struct YamlDecoded {
    // What the target holds afterwards: an empty map or list (JsonTarget
    // map, list) or nil (any) when there is an error or the document is
    // empty or null.
    gotemplate::Value value;
    // Go's error text, as Helm's fromYaml puts it under "Error": "error
    // converting YAML to JSON: yaml: line 2: did not find expected key",
    // "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal
    // array into Go value of type map[string]interface {}". Empty if none.
    std::string error;
};

// sigs.k8s.io/yaml.Unmarshal(text, &target).
YamlDecoded yaml_unmarshal(std::string_view text, JsonTarget target);

} // namespace airlock::helm
