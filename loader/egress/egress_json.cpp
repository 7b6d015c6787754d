#include "loader/egress/egress_json.hpp"

#include "loader/egress/egress_report.hpp"

#include <nlohmann/json.hpp>

namespace airlock::loader {

nlohmann::json to_json(const EgressReport& report) {
    nlohmann::json hosts = nlohmann::json::array();
    for (const EgressResult& r : report.results) {
        hosts.push_back({{"host", r.target.host},
                         {"port", r.target.port},
                         {"outcome", std::string(to_string(r.outcome))},
                         {"detail", r.detail},
                         {"seconds", r.seconds}});
    }
    nlohmann::json leaks = nlohmann::json::array();
    for (const EgressResult* r : report.leaks()) {
        leaks.push_back(r->target.str());
    }
    return {{"started", format_rfc3339(report.started)},
            {"timeoutSeconds", report.timeout_seconds},
            {"hosts", std::move(hosts)},
            {"leaks", std::move(leaks)}};
}

} // namespace airlock::loader
