#pragma once
// What `--json` prints for each loader command's result. The results are
// plain structs owned by their modules; the JSON shape is the command line's
// contract with scripts and dashboards, so it is kept here, with the commands,
// and the models stay free of JSON.
#include <nlohmann/json_fwd.hpp>

namespace airlock::loader {

struct ConfigureMirrorSummary;
struct LoadSummary;
struct PolicyChange;
struct PromoteSummary;
struct ReceiptSummary;
struct Resolution;
struct StatusReport;
struct VerifyReport;

nlohmann::json to_json(const ConfigureMirrorSummary& summary);
nlohmann::json to_json(const LoadSummary& summary);
nlohmann::json to_json(const PolicyChange& change);
nlohmann::json to_json(const PromoteSummary& summary);
nlohmann::json to_json(const ReceiptSummary& summary);
nlohmann::json to_json(const Resolution& resolution);
nlohmann::json to_json(const StatusReport& report);
nlohmann::json to_json(const VerifyReport& report);

} // namespace airlock::loader
