#pragma once
// Private. Runs a compiled schema over an instance the way santhosh's
// validator does, building the same error tree.
#include "common/jsonschema/detail/node.hpp"

#include <nlohmann/json.hpp>

#include <vector>

namespace airlock::jsonschema::detail {

// The top-level errors (santhosh's causes under "jsonschema validation
// failed with …"); empty when `instance` is valid.
std::vector<ValidationError> validate_instance(const Node& root, const nlohmann::json& instance,
                                               const RegexEngine& regex_engine);

} // namespace airlock::jsonschema::detail
