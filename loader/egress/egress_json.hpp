#pragma once
// What `probe-egress --json` prints: {"started", "timeoutSeconds", "hosts":
// [{host, port, outcome, detail, seconds}], "leaks": ["host:port", ...]}.
// Kept apart from the report model, as loader/output does for the other
// commands.
#include <nlohmann/json_fwd.hpp>

namespace airlock::loader {

struct EgressReport;

nlohmann::json to_json(const EgressReport& report);

} // namespace airlock::loader
