#include "loader/egress/egress_json.hpp"
#include "loader/egress/egress_report.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <thread>

using namespace airlock;
using namespace airlock::loader;
using namespace std::chrono_literals;

namespace {

// Answers from a table by host; "slow.example" never answers in time.
class TableProber final : public EgressProber {
  public:
    EgressResult probe(const EgressTarget& target, EgressClock::time_point deadline,
                       std::atomic<EgressOutcome>& if_abandoned) const override {
        if (target.host == "slow.example") {
            if_abandoned.store(EgressOutcome::dns);
            std::this_thread::sleep_until(deadline + 2s);
            return {target, EgressOutcome::reached, "too late", 0};
        }
        if (target.host == "stuck-tls.example") {
            if_abandoned.store(EgressOutcome::tls);
            std::this_thread::sleep_until(deadline + 2s);
            return {target, EgressOutcome::reached, "too late", 0};
        }
        if (target.host == "open.example") {
            return {target, EgressOutcome::reached, "TCP connected to 1.2.3.4:443", 0};
        }
        if (target.host == "plain.example") {
            return {target, EgressOutcome::tls, "TCP connected, TLS: closed", 0};
        }
        if (target.host == "closed.example") {
            return {target, EgressOutcome::refused, "1.2.3.4:443 refused", 0};
        }
        return {target, EgressOutcome::dns, "cannot resolve", 0};
    }
};

EgressReport report_of(const std::vector<EgressResult>& results) {
    EgressReport r;
    r.started = parse_rfc3339("2026-12-06T10:00:00Z");
    r.timeout_seconds = 5;
    r.results = results;
    return r;
}

} // namespace

TEST_CASE("egress probe: a TCP connection is a leak, whatever TLS did", "[egress]") {
    CHECK(is_leak(EgressOutcome::reached));
    CHECK(is_leak(EgressOutcome::tls));
    for (EgressOutcome o : {EgressOutcome::dns, EgressOutcome::refused, EgressOutcome::timeout,
                            EgressOutcome::unreachable, EgressOutcome::error}) {
        CHECK_FALSE(is_leak(o));
    }
}

TEST_CASE("egress probe: targets are probed at once, results in their order", "[egress]") {
    const std::vector<EgressTarget> targets =
        parse_egress_targets("nowhere.example,open.example,closed.example:8443");
    const std::vector<EgressResult> r =
        probe_all(targets, 1s, std::make_shared<const TableProber>());
    REQUIRE(r.size() == 3);
    CHECK(r[0].target == targets[0]);
    CHECK(r[0].outcome == EgressOutcome::dns);
    CHECK(r[1].outcome == EgressOutcome::reached);
    CHECK(r[2].target.port == 8443);
    CHECK(r[2].outcome == EgressOutcome::refused);
}

TEST_CASE("egress probe: a probe past the deadline is abandoned with its stage", "[egress]") {
    const auto start = EgressClock::now();
    const std::vector<EgressResult> r =
        probe_all(parse_egress_targets("slow.example,stuck-tls.example,closed.example"), 300ms,
                  std::make_shared<const TableProber>(), 100ms);
    const auto took = EgressClock::now() - start;
    CHECK(took < 1500ms); // not the 2 s the stuck probes take
    REQUIRE(r.size() == 3);
    CHECK(r[0].outcome == EgressOutcome::dns);
    CHECK(r[0].detail.find("name resolution") != std::string::npos);
    CHECK(r[1].outcome == EgressOutcome::tls); // TCP connected before it stalled: a leak
    CHECK(r[2].outcome == EgressOutcome::refused);
}

TEST_CASE("egress report: no leak exits 0, any leak exits 2 with a LEAK line each", "[egress]") {
    const EgressTarget a{"quay.io", 443}, b{"127.0.0.1", 5000}, c{"::1", 8443};
    const EgressReport quiet = report_of({{a, EgressOutcome::dns, "cannot resolve quay.io", 0.01},
                                          {b, EgressOutcome::refused, "refused", 0.002}});
    CHECK(quiet.exit_status() == 0);
    CHECK(quiet.leaks().empty());
    const std::string qt = quiet.to_text();
    CHECK(qt.find("LEAK") == std::string::npos);
    CHECK(qt.find("quay.io:443") != std::string::npos);
    CHECK(qt.find("dns") != std::string::npos);
    CHECK(qt.find("no host reachable (2 probed)") != std::string::npos);

    const EgressReport leaky =
        report_of({{a, EgressOutcome::timeout, "no answer", 5.0},
                   {b, EgressOutcome::tls, "TCP connected to 127.0.0.1:5000, TLS: closed", 0.1},
                   {c, EgressOutcome::reached, "TCP connected, TLS handshake completed", 0.2}});
    CHECK(leaky.exit_status() == 2);
    CHECK(leaky.exit_status() == egress_leak_exit);
    REQUIRE(leaky.leaks().size() == 2);
    const std::string lt = leaky.to_text();
    CHECK(lt.find("LEAK: 127.0.0.1:5000 reachable (TCP connected to 127.0.0.1:5000, TLS: "
                  "closed)\n") != std::string::npos);
    CHECK(lt.find("LEAK: [::1]:8443 reachable (") != std::string::npos);
    CHECK(lt.find("LEAK: quay.io") == std::string::npos);
    CHECK(lt.find("2 of 3 hosts reachable") != std::string::npos);
}

TEST_CASE("egress report: the start line names every host", "[egress]") {
    CHECK(egress_start_line(parse_egress_targets("quay.io,127.0.0.1:5000")) ==
          "probing 2 hosts: quay.io:443, 127.0.0.1:5000; nothing else is contacted (names "
          "resolve through the system resolver)");
    CHECK(egress_start_line(parse_egress_targets("quay.io"))
              .rfind("probing 1 host: quay.io:443", 0) == 0);
}

TEST_CASE("egress report: Prometheus gauges per host and the probe time", "[egress]") {
    const EgressReport r = report_of({{{"quay.io", 443}, EgressOutcome::dns, "x", 0},
                                      {{"127.0.0.1", 5000}, EgressOutcome::tls, "y", 0}});
    const std::string p = r.to_prometheus();
    CHECK(p.find("# TYPE airlock_egress_reachable gauge\n") != std::string::npos);
    CHECK(p.find("airlock_egress_reachable{host=\"quay.io\",port=\"443\"} 0\n") !=
          std::string::npos);
    CHECK(p.find("airlock_egress_reachable{host=\"127.0.0.1\",port=\"5000\"} 1\n") !=
          std::string::npos);
    CHECK(p.find("# TYPE airlock_egress_probe_timestamp_seconds gauge\n") != std::string::npos);
    CHECK(p.find("airlock_egress_probe_timestamp_seconds 1796551200\n") != std::string::npos);
}

TEST_CASE("egress report: JSON has one object per host and the leaks", "[egress]") {
    const EgressReport r = report_of({{{"quay.io", 443}, EgressOutcome::dns, "cannot resolve", 0.5},
                                      {{"::1", 8443}, EgressOutcome::reached, "TLSv1.3", 0.25}});
    const nlohmann::json j = to_json(r);
    REQUIRE(j["hosts"].size() == 2);
    CHECK(j["hosts"][0] == nlohmann::json{{"host", "quay.io"},
                                          {"port", 443},
                                          {"outcome", "dns"},
                                          {"detail", "cannot resolve"},
                                          {"seconds", 0.5}});
    CHECK(j["hosts"][1]["outcome"] == "reached");
    CHECK(j["leaks"] == nlohmann::json::array({"[::1]:8443"}));
    CHECK(j["started"] == "2026-12-06T10:00:00Z");
}
