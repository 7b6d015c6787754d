#pragma once
// How `airlock-load gc` reports its plan and what it deleted: text and JSON.
#include "loader/gc/gc_run.hpp"

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace airlock::loader {

nlohmann::json to_json(const GcResult& result);
std::string gc_text(const GcResult& result);

} // namespace airlock::loader
