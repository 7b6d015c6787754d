#pragma once
// Values files as Helm v4 reads them, for a chart's values.yaml and for
// each -f file alike (loader.LoadValues): the text is split into documents
// at lines starting with "---", each document is read as sigs.k8s.io/yaml
// reads YAML (go_yaml_read.hpp), and the documents' maps are merged in order.
#include "common/gotemplate/value.hpp"

#include <string_view>

namespace airlock::helm {

// The values in `text` as a map: empty for an empty file or one that holds
// only comments or null. Throws Error(spec) with Helm's message, after
// `error_prefix` (Helm's callers say "failed to parse FILE: " for -f files
// and "cannot load values.yaml: " for a chart's), for example
// "cannot unmarshal yaml document: error converting YAML to JSON: yaml:
// line 2: did not find expected key" (the line counts within the document),
// "cannot unmarshal yaml document: error unmarshaling JSON: while decoding
// JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"
// or "error reading yaml document: invalid Yaml document separator: foo".
gotemplate::Value load_values(std::string_view text, std::string_view error_prefix = {});

// loader.MergeMaps(a, b): a new map with a's entries, then b's; where both
// hold a map under a key, the two are merged the same way.
gotemplate::Value merge_maps(const gotemplate::Value& a, const gotemplate::Value& b);

} // namespace airlock::helm
