#pragma once
// The YAML entry points the renderer uses, over the Go-exact codec
// (go_yaml_read, go_yaml_write, values_file): a chart's or user's values
// file, one manifest document, and Helm's toYaml.
#include "common/gotemplate/value.hpp"

#include <string>
#include <string_view>

namespace airlock::helm {

// A values file as Helm reads it: a map (empty for an empty file). Error(spec)
// "<what>: <Helm's message>" otherwise.
gotemplate::Value read_values(std::string_view text, const std::string& what);

// One YAML document as sigs.k8s.io/yaml reads it into interface{}.
// Error(spec) "<what>: <Helm's message>" for malformed YAML.
gotemplate::Value read_yaml_document(std::string_view text, const std::string& what);

// Helm's toYaml: sigs.k8s.io/yaml.Marshal without the final newline.
std::string to_yaml(const gotemplate::Value& v);

} // namespace airlock::helm
