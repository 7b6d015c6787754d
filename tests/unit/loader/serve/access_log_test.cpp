#include "loader/serve/access_log.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

using namespace airlock::loader;

namespace {

std::chrono::system_clock::time_point access_log_when(std::int64_t seconds, int millis) {
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds) +
                                                 std::chrono::milliseconds(millis) +
                                                 std::chrono::microseconds(999));
}

} // namespace

TEST_CASE("access log: one JSON line per exchange, subject and cut only when they say something",
          "[serve_access_log]") {
    HttpRequest request{"GET", "/v2/library/app/blobs/sha256:ab?x=\"1\"", "", "[::1]:40312", ""};
    HttpCompletion how{200, 1234, 0.0125, false};
    // 2026-11-23T10:00:00Z is 1795428000.
    std::string line = access_log_line(request, how, access_log_when(1795428000, 7));
    CHECK(line.find('\n') == std::string::npos);
    nlohmann::json j = nlohmann::json::parse(line);
    CHECK(j["time"] == "2026-11-23T10:00:00.007Z");
    CHECK(j["client"] == "[::1]:40312");
    CHECK_FALSE(j.contains("subject"));
    CHECK(j["method"] == "GET");
    CHECK(j["path"] == "/v2/library/app/blobs/sha256:ab?x=\"1\"");
    CHECK(j["status"] == 200);
    CHECK(j["bytes"] == 1234);
    CHECK(j["seconds"].get<double>() == Approx(0.0125));
    CHECK_FALSE(j.contains("cut"));
    CHECK(line.starts_with("{\"time\":")); // fields in the documented order

    request.client_subject = "CN=node-1,O=site";
    how.cut = true;
    how.status = 206;
    nlohmann::json cut = nlohmann::json::parse(
        access_log_line(request, how, access_log_when(1795428000 + 86399, 999)));
    CHECK(cut["time"] == "2026-11-24T09:59:59.999Z");
    CHECK(cut["subject"] == "CN=node-1,O=site");
    CHECK(cut["cut"] == true);
    CHECK(cut["status"] == 206);

    // Whatever bytes a client sends, the line is still JSON.
    request.target = std::string("/v2/\xff\xfe\0x", 7);
    request.method = "G\"ET";
    nlohmann::json odd =
        nlohmann::json::parse(access_log_line(request, how, access_log_when(0, 0)));
    CHECK(odd["time"] == "1970-01-01T00:00:00.000Z");
    CHECK(odd["method"] == "G\"ET");
    CHECK(odd["path"].get<std::string>().starts_with("/v2/"));
}
