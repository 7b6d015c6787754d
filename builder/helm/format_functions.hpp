#pragma once
// The data-format functions Helm v4.1.4 gives templates, with Go's
// signatures and error behaviour: Helm's own (toYaml, mustToYaml,
// toYamlPretty, fromYaml, fromYamlArray, toJson, mustToJson, fromJson,
// fromJsonArray, toToml, fromToml) and the JSON ones of sprig that Helm keeps
// (toPrettyJson, mustToPrettyJson, toRawJson, mustToRawJson, mustFromJson).
// Register them after sprig's: Helm's versions replace sprig's of the same
// name, as Helm's function map does.
#include "common/gotemplate/function.hpp"

namespace airlock::helm {

void register_format_functions(gotemplate::FunctionTable& table);

} // namespace airlock::helm
