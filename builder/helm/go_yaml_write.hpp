#pragma once
// YAML written the way Helm's toYaml and toYamlPretty write it, byte for
// byte (charts put checksums of rendered text in annotations).
#include "common/gotemplate/value.hpp"

#include <string>

namespace airlock::helm {

// sigs.k8s.io/yaml.Marshal: encoding/json.Marshal first, then go-yaml v2
// reads that JSON back and writes it out. So every number is what JSON made
// of it (float64 3 is "3", 1e21 is "1e+21"), keys are sorted in go-yaml's
// natural order ("a2" before "a10"), strings are plain, single-quoted,
// double-quoted or literal blocks as libyaml chooses, and lines fold at 80
// columns. The result ends in a line break (toYaml trims it).
//
// Throws Error(spec) with Go's error text: "error marshaling into JSON: json:
// unsupported value: NaN" (and +Inf, -Inf), "yaml: control characters are
// not allowed" (DEL, C1 controls, U+FFFE and U+FFFF survive JSON raw and
// go-yaml's reader refuses them), "yaml: did not find expected ',' or '}'"
// (a key whose JSON form is over 1024 characters is not a simple key to the
// reader), "yaml: exceeded max depth of 10000".
std::string yaml_marshal(const gotemplate::Value& v);

// Helm's toYamlPretty: go-yaml v3's Encoder with an indent of 2 on the value
// itself (no JSON step): float64 uses %g ("1e+06"), sequences are indented
// under their key, nothing is folded. The result ends in a line break.
std::string yaml_encode_pretty(const gotemplate::Value& v);

} // namespace airlock::helm
