#include "loader/serve/serve_metrics.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <regex>
#include <sstream>
#include <thread>
#include <vector>

using namespace airlock::loader;

namespace {

// The samples of a Prometheus text exposition, "name{labels}" -> value,
// checking every line's shape and that each family is declared before use.
std::map<std::string, double> metrics_parsed(const std::string& text) {
    static const std::regex help(R"(# HELP ([a-z_]+) \S.*)");
    static const std::regex type(R"(# TYPE ([a-z_]+) (counter|gauge))");
    static const std::regex sample(R"(([a-z_]+)(\{[a-z_]+="[^"\\]*"\})? (-?[0-9]+(\.[0-9]+)?))");
    std::map<std::string, double> out;
    std::map<std::string, std::string> types;
    std::istringstream in(text);
    std::string line;
    std::smatch m;
    REQUIRE(text.ends_with("\n"));
    while (std::getline(in, line)) {
        CAPTURE(line);
        if (std::regex_match(line, m, help)) {
            CHECK_FALSE(types.count(m[1]));
        } else if (std::regex_match(line, m, type)) {
            types[m[1]] = m[2];
        } else {
            REQUIRE(std::regex_match(line, m, sample));
            CHECK(types.count(m[1]) == 1);
            if (types[m[1]] == "counter") {
                CHECK(std::string(m[1]).ends_with("_total"));
            }
            CHECK(out.emplace(std::string(m[1]) + std::string(m[2]), std::stod(m[3])).second);
        }
    }
    return out;
}

} // namespace

TEST_CASE("serve metrics: counters and gauges render as Prometheus text", "[serve_metrics]") {
    ServeMetrics metrics;
    auto empty = metrics_parsed(metrics.render());
    CHECK(empty.at("airlock_serve_blobs_served_total") == 0);
    CHECK(empty.at("airlock_serve_reloads_total{outcome=\"ok\"}") == 0);
    CHECK(empty.at("airlock_serve_reloads_total{outcome=\"refused\"}") == 0);
    CHECK(empty.count("airlock_serve_requests_total{code=\"200\"}") == 0);

    metrics.request_completed(200, 100);
    metrics.request_completed(200, 50);
    metrics.request_completed(404, 7);
    metrics.blob_served();
    metrics.blob_hash_failed();
    metrics.blob_hash_failed();
    metrics.set_open_connections(3);
    metrics.set_bundles(2);
    metrics.reload(true);
    metrics.reload(false);
    metrics.reload(false);
    auto m = metrics_parsed(metrics.render());
    CHECK(m.at("airlock_serve_requests_total{code=\"200\"}") == 2);
    CHECK(m.at("airlock_serve_requests_total{code=\"404\"}") == 1);
    CHECK(m.at("airlock_serve_response_bytes_total{code=\"200\"}") == 150);
    CHECK(m.at("airlock_serve_response_bytes_total{code=\"404\"}") == 7);
    CHECK(m.at("airlock_serve_blobs_served_total") == 1);
    CHECK(m.at("airlock_serve_blob_hash_failures_total") == 2);
    CHECK(m.at("airlock_serve_open_connections") == 3);
    CHECK(m.at("airlock_serve_bundles") == 2);
    CHECK(m.at("airlock_serve_reloads_total{outcome=\"ok\"}") == 1);
    CHECK(m.at("airlock_serve_reloads_total{outcome=\"refused\"}") == 2);
    metrics.set_open_connections(0);
    CHECK(metrics_parsed(metrics.render()).at("airlock_serve_open_connections") == 0);
    CHECK(metrics_content_type.starts_with("text/plain; version=0.0.4"));
}

TEST_CASE("serve metrics: counting from many threads loses nothing", "[serve_metrics]") {
    ServeMetrics metrics;
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 1000; ++i) {
                metrics.request_completed(t % 2 ? 200 : 206, 2);
                metrics.blob_served();
                if (i % 100 == 0) {
                    metrics.render();
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    auto m = metrics_parsed(metrics.render());
    CHECK(m.at("airlock_serve_requests_total{code=\"200\"}") == 4000);
    CHECK(m.at("airlock_serve_requests_total{code=\"206\"}") == 4000);
    CHECK(m.at("airlock_serve_response_bytes_total{code=\"206\"}") == 8000);
    CHECK(m.at("airlock_serve_blobs_served_total") == 8000);
}
