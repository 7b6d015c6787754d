#include "loader/egress/egress_cronjob.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <yaml-cpp/yaml.h>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::error_code_of;
using airlock::test::error_message_of;

namespace {

const std::string digest = "sha256:" + std::string(64, 'a');

EgressCronJobRequest request() {
    EgressCronJobRequest r;
    r.image = "registry.local:5000/airlock/airlock-load@" + digest;
    r.ns = "payments";
    r.schedule = "*/10 * * * *";
    r.targets = parse_egress_targets("quay.io,127.0.0.1:5000");
    r.timeout = std::chrono::seconds(3);
    return r;
}

} // namespace

TEST_CASE("egress cronjob: a NetworkPolicy denying egress and the CronJob, as YAML", "[egress]") {
    const std::vector<YAML::Node> docs = YAML::LoadAll(egress_cronjob_yaml(request()));
    REQUIRE(docs.size() == 2);

    const YAML::Node& np = docs[0];
    CHECK(np["apiVersion"].as<std::string>() == "networking.k8s.io/v1");
    CHECK(np["kind"].as<std::string>() == "NetworkPolicy");
    CHECK(np["metadata"]["namespace"].as<std::string>() == "payments");
    CHECK(np["spec"]["podSelector"].IsMap());
    CHECK(np["spec"]["podSelector"].size() == 0);
    REQUIRE(np["spec"]["policyTypes"].size() == 1);
    CHECK(np["spec"]["policyTypes"][0].as<std::string>() == "Egress");
    REQUIRE(np["spec"]["egress"].size() == 1); // DNS to the cluster resolver, nothing else
    const YAML::Node& dns = np["spec"]["egress"][0];
    CHECK(dns["to"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
              .as<std::string>() == "kube-system");
    REQUIRE(dns["ports"].size() == 2);
    for (const YAML::Node& p : dns["ports"]) {
        CHECK(p["port"].as<int>() == 53);
    }

    const YAML::Node& cj = docs[1];
    CHECK(cj["apiVersion"].as<std::string>() == "batch/v1");
    CHECK(cj["kind"].as<std::string>() == "CronJob");
    CHECK(cj["metadata"]["namespace"].as<std::string>() == "payments");
    CHECK(cj["spec"]["schedule"].as<std::string>() == "*/10 * * * *");
    CHECK(cj["spec"]["concurrencyPolicy"].as<std::string>() == "Forbid");
    const YAML::Node job = cj["spec"]["jobTemplate"]["spec"];
    CHECK(job["backoffLimit"].as<int>() == 0);
    const YAML::Node pod = job["template"]["spec"];
    CHECK(pod["restartPolicy"].as<std::string>() == "Never");
    CHECK(pod["automountServiceAccountToken"].as<bool>() == false);
    REQUIRE(pod["containers"].size() == 1);
    const YAML::Node c = pod["containers"][0];
    CHECK(c["image"].as<std::string>() == "registry.local:5000/airlock/airlock-load@" + digest);
    std::vector<std::string> command;
    for (const YAML::Node& a : c["command"]) {
        command.push_back(a.as<std::string>());
    }
    CHECK(command == std::vector<std::string>{"airlock-load", "probe-egress", "--timeout", "3s",
                                              "--hosts", "quay.io:443,127.0.0.1:5000"});
    CHECK(c["securityContext"]["allowPrivilegeEscalation"].as<bool>() == false);
    CHECK(c["securityContext"]["readOnlyRootFilesystem"].as<bool>() == true);
}

TEST_CASE("egress cronjob: a tag alone is refused, a tag next to the digest dropped", "[egress]") {
    EgressCronJobRequest r = request();
    r.image = "registry.local:5000/airlock/airlock-load:1.4";
    CHECK(error_message_of([&] { egress_cronjob_yaml(r); }).find("not pinned by digest") !=
          std::string::npos);
    r.image = "";
    CHECK(error_code_of([&] { egress_cronjob_yaml(r); }) == ErrorCode::usage);
    r.image = "registry.local:5000/airlock/airlock-load:1.4@" + digest;
    const std::vector<YAML::Node> docs = YAML::LoadAll(egress_cronjob_yaml(r));
    CHECK(docs[1]["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]["image"]
              .as<std::string>() == "registry.local:5000/airlock/airlock-load@" + digest);
}

TEST_CASE("egress cronjob: namespace and schedule are checked", "[egress]") {
    for (const char* ns : {"", "Payments", "-x", "a_b", "a\nb"}) {
        EgressCronJobRequest r = request();
        r.ns = ns;
        INFO(ns);
        CHECK(error_code_of([&] { egress_cronjob_yaml(r); }) == ErrorCode::usage);
    }
    for (const char* s : {"", "* * * *", "* * * * * *", "@often", "*/5 * * * *\nkind: x"}) {
        EgressCronJobRequest r = request();
        r.schedule = s;
        INFO(s);
        CHECK(error_code_of([&] { egress_cronjob_yaml(r); }) == ErrorCode::usage);
    }
    EgressCronJobRequest r = request();
    r.schedule = "@hourly";
    CHECK(YAML::LoadAll(egress_cronjob_yaml(r))[1]["spec"]["schedule"].as<std::string>() ==
          "@hourly");
}
