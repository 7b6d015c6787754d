#pragma once
// YAML in and out as the renderer needs it: values files read as Helm reads
// them (sigs.k8s.io/yaml: numbers become float64), and toYaml's text.
#include "common/gotemplate/value.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace airlock::helm {

// A values file: a map (empty for an empty file). Error(spec) naming `what`
// and the line for malformed YAML or a top level that is not a map.
gotemplate::Value read_values(std::string_view text, const std::string& what);

// One YAML document as sigs.k8s.io/yaml reads it into interface{}.
gotemplate::Value read_yaml_document(std::string_view text, const std::string& what);

// Helm's toYaml of `v`, without the final newline.
std::string to_yaml(const gotemplate::Value& v);

// A rendered file cut into its YAML documents, as Helm's SplitManifests
// does: separators removed, each document trimmed, empty ones dropped.
std::vector<std::string> split_manifests(std::string_view text);

} // namespace airlock::helm
