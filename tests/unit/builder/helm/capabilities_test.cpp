// --kube-version parsing, checked against what `helm template --kube-version X`
// (v4.1.4) prints for .Capabilities.KubeVersion and its fields, and the
// errors it reports.
#include "builder/helm/capabilities.hpp"
#include "common/core/error.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace airlock;
using airlock::helm::KubeVersion;
using airlock::helm::parse_kube_version;

namespace {

// Version (and GitVersion), the printed form, Major, Minor.
void check_kube(std::string_view text, const std::string& version, const std::string& printed,
                const std::string& major, const std::string& minor) {
    INFO("--kube-version " << text);
    const KubeVersion v = parse_kube_version(text);
    CHECK(v.version == version);
    CHECK(v.normalized == printed);
    CHECK(v.major == major);
    CHECK(v.minor == minor);
}

} // namespace

TEST_CASE("parse_kube_version accepts what helm template accepts", "[helm-engine]") {
    check_kube("v1.31.2", "v1.31.2", "v1.31.2", "1", "31");
    // A missing "v" is added; a missing patch stays missing.
    check_kube("1.31", "v1.31", "v1.31", "1", "31");
    // Pre-release and build suffixes stay in Version, not in the printed form.
    check_kube("1.30.2-gke.1", "v1.30.2-gke.1", "v1.30.2", "1", "30");
    check_kube("1.2.3.4", "v1.2.3.4", "v1.2.3.4", "1", "2");
    // Whatever follows the numbers is ignored.
    check_kube("1.2x", "v1.2x", "v1.2", "1", "2");
    // Leading blanks are skipped, and kept in Version.
    check_kube(" 1.5", "v 1.5", "v1.5", "1", "5");
    check_kube("\n1.5", "v\n1.5", "v1.5", "1", "5");
    // Only the major version may not start with a zero.
    check_kube("1.01.0", "v1.01.0", "v1.1.0", "1", "1");
    check_kube("1.2.007", "v1.2.007", "v1.2.7", "1", "2");
}

TEST_CASE("parse_kube_version rejects what helm template rejects, with its message",
          "[helm-engine]") {
    CHECK_THROWS_WITH(parse_kube_version("1"), "invalid kube version '1': illegal version "
                                               "string \"1\"");
    CHECK_THROWS_WITH(parse_kube_version("v1.x"), "invalid kube version 'v1.x': illegal version "
                                                  "string \"v1.x\"");
    CHECK_THROWS_WITH(parse_kube_version("x1.2"), "invalid kube version 'x1.2': could not parse "
                                                  "\"x1.2\" as version");
    CHECK_THROWS_WITH(parse_kube_version("V1.2"), "invalid kube version 'V1.2': could not parse "
                                                  "\"V1.2\" as version");
    CHECK_THROWS_WITH(parse_kube_version("01.2"),
                      "invalid kube version '01.2': illegal zero-prefixed version component "
                      "\"01\" in \"01.2\"");
    CHECK_THROWS_WITH(parse_kube_version("1.99999999999999999999"),
                      "invalid kube version '1.99999999999999999999': illegal non-numeric version "
                      "component \"99999999999999999999\" in \"1.99999999999999999999\": "
                      "strconv.ParseUint: parsing \"99999999999999999999\": value out of range");
    try {
        parse_kube_version("1");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::usage);
    }
}

TEST_CASE("default capabilities are Helm 4.1.4's without a cluster", "[helm-engine]") {
    // `helm template` without --kube-version prints v1.35.0 | v1.35.0 | 1 | 35.
    const helm::Capabilities caps = helm::default_capabilities();
    CHECK(caps.kube_version.version == "v1.35.0");
    CHECK(caps.kube_version.normalized == "v1.35.0");
    CHECK(caps.kube_version.major == "1");
    CHECK(caps.kube_version.minor == "35");
    const auto has = [&](const std::string& api) {
        return std::find(caps.api_versions.begin(), caps.api_versions.end(), api) !=
               caps.api_versions.end();
    };
    // {{ len .Capabilities.APIVersions }} is 57, and the first is "v1".
    CHECK(caps.api_versions.size() == 57);
    CHECK(caps.api_versions.front() == "v1");
    CHECK(has("apps/v1"));
    CHECK(has("apiextensions.k8s.io/v1"));
    CHECK_FALSE(has("apps/v2"));
}
