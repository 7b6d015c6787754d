#include "loader/serve/access_log.hpp"

#include "common/core/time.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>

namespace airlock::loader {

std::string access_log_line(const HttpRequest& request, const HttpCompletion& how,
                            std::chrono::system_clock::time_point when) {
    using namespace std::chrono;
    const auto whole = floor<seconds>(when);
    const auto millis = duration_cast<milliseconds>(when - whole).count();
    std::string time = format_rfc3339(Timestamp(whole)); // "...:SSZ"
    char fraction[8];
    std::snprintf(fraction, sizeof fraction, ".%03d", static_cast<int>(millis));
    time.insert(time.size() - 1, fraction);

    // Insertion order, so every line reads the same way.
    nlohmann::ordered_json line;
    line["time"] = time;
    line["client"] = request.peer;
    if (!request.client_subject.empty()) {
        line["subject"] = request.client_subject;
    }
    line["method"] = request.method;
    line["path"] = request.target;
    line["status"] = how.status;
    line["bytes"] = how.body_bytes;
    // Microseconds are plenty for a request.
    line["seconds"] = std::round(how.seconds * 1e6) / 1e6;
    if (how.cut) {
        line["cut"] = true;
    }
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace airlock::loader
