#pragma once
// Private. Runs a compiled schema over an instance the way santhosh's
// validator does, building the same error tree.
#include "common/jsonschema/detail/node.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace airlock::jsonschema::detail {

// How deep validation may recurse (schemas applied within schemas and
// values); deeper is an error, not a stack overflow. A level costs up to
// 2.5 KB of stack unoptimised; real values and schemas need tens of levels
// (a value nested n deep takes n to 3n, a schema checked against the
// 2020-12 metaschema about 6 per level of nesting).
constexpr int kMaxValidationDepth = 500;

// The top-level errors (santhosh's causes under "jsonschema validation
// failed with …"); empty when `instance` is valid. Throws airlock::Error
// (spec) past kMaxValidationDepth or when the regex engine refuses a match.
std::vector<ValidationError> validate_instance(const Node& root, const nlohmann::json& instance,
                                               const RegexEngine& regex_engine);

} // namespace airlock::jsonschema::detail
