#pragma once
// What `airlock-build diff` prints: JSON (--json, a contract with release
// pipelines, documented in the command's --help) and text for a release
// engineer.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace airlock::builder {

struct BomDiff;

nlohmann::json to_json(const BomDiff& diff);
std::string format_diff(const BomDiff& diff);

} // namespace airlock::builder
