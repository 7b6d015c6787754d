#pragma once
// Private. The formats santhosh/jsonschema asserts (when it asserts them),
// with its reasons for rejecting a string. "regex" is not here: it is the
// regex engine's to judge.
#include <optional>
#include <string>
#include <string_view>

namespace airlock::jsonschema::detail {

// nullopt when `s` is valid, else why not ("missing @").
using FormatCheck = std::optional<std::string> (*)(std::string_view s);

// nullptr for a format santhosh does not know (it is then not asserted).
FormatCheck find_format(std::string_view name);

} // namespace airlock::jsonschema::detail
