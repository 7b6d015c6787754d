#include "builder/chart/chart_metadata.hpp"
#include "builder/chart/go_json.hpp"
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::builder;

namespace {

ErrorCode code_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.code();
    }
    FAIL("no error thrown");
    return ErrorCode::internal;
}

std::string message_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.what();
    }
    FAIL("no error thrown");
    return {};
}

} // namespace

TEST_CASE("config JSON: Helm's field names, declaration order and omitempty", "[chart]") {
    const std::string chart_yaml = R"(apiVersion: v2
name: demo
version: 1.2.3+build.5
kubeVersion: ">=1.25.0-0"
description: A demo
type: application
appVersion: "2.0"
home: https://example.com
icon: https://example.com/icon.png
sources: [https://github.com/example/demo, https://example.com/src]
keywords: [demo, test]
maintainers:
  - name: Ann
    email: ann@example.com
  - url: https://bob.example.com
annotations:
  b.example.com/two: "2"
  a.example.com/one: one
deprecated: true
dependencies:
  - name: sub
    version: 0.1.0
    repository: ""
    condition: sub.enabled
    tags: [backend]
    import-values: [data, {child: c, parent: p}]
    alias: sub-one
  - name: other
unknownKey: ignored
)";
    const ChartMetadata md = parse_chart_metadata(chart_yaml, "demo/Chart.yaml");
    CHECK(
        helm_config_json(md) ==
        R"({"name":"demo","home":"https://example.com","sources":["https://github.com/example/demo","https://example.com/src"],)"
        R"("version":"1.2.3+build.5","description":"A demo","keywords":["demo","test"],)"
        R"("maintainers":[{"name":"Ann","email":"ann@example.com"},{"url":"https://bob.example.com"}],)"
        R"("icon":"https://example.com/icon.png","apiVersion":"v2","appVersion":"2.0","deprecated":true,)"
        R"("annotations":{"a.example.com/one":"one","b.example.com/two":"2"},"kubeVersion":"\u003e=1.25.0-0",)"
        R"("dependencies":[{"name":"sub","version":"0.1.0","repository":"","condition":"sub.enabled","tags":["backend"],)"
        R"("import-values":["data",{"child":"c","parent":"p"}],"alias":"sub-one"},{"name":"other","repository":""}],)"
        R"("type":"application"})");

    const ChartMetadata small =
        parse_chart_metadata("name: tiny\nversion: 0.1.0\napiVersion: v2\n", "Chart.yaml");
    CHECK(helm_config_json(small) == R"({"name":"tiny","version":"0.1.0","apiVersion":"v2"})");
}

TEST_CASE("Chart.yaml values are read the way Helm's YAML loader reads them", "[chart]") {
    // Unquoted numbers become Go strings through float32 / int64 formatting.
    auto app = [](const std::string& value) {
        return parse_chart_metadata("name: x\nversion: 1.0.0\nappVersion: " + value + "\n",
                                    "Chart.yaml")
            .app_version;
    };
    CHECK(app("1.16") == "1.16");
    CHECK(app("1.10") == "1.1");
    CHECK(app("\"1.10\"") == "1.10");
    CHECK(app("2") == "2");
    CHECK(app("0x1F") == "31");
    CHECK(app("1e7") == "1e+07");
    CHECK(app("100000") == "100000");
    CHECK(app("0.00001") == "1e-05");
    CHECK(app("true") == "true");
    CHECK(app("v1.2") == "v1.2");

    // No apiVersion: a Helm 2 chart, read as v1; its dependencies live in requirements.yaml.
    const ChartMetadata v1 = parse_chart_metadata(
        "name: old\nversion: 1.0.0\n", "old/Chart.yaml",
        std::string_view("dependencies:\n- name: redis\n  version: 1.0.0\n  repository: "
                         "https://charts.example.com\n"));
    CHECK(v1.api_version == "v1");
    REQUIRE(v1.dependencies.size() == 1);
    CHECK(v1.dependencies[0].name == "redis");

    // Text is sanitised like Helm's loader: whitespace becomes ' ', controls go.
    const ChartMetadata md = parse_chart_metadata(
        "name: x\nversion: 1.0.0\ndescription: \"line one\\nline\\ttwo\\x01\\n\"\n", "Chart.yaml");
    CHECK(md.description == "line one line two ");
}

TEST_CASE("Chart.yaml without a name or a valid version is refused, naming the file", "[chart]") {
    CHECK(message_of([] { parse_chart_metadata("version: 1.0.0\n", "mychart/Chart.yaml"); }) ==
          "mychart/Chart.yaml: the chart has no name");
    CHECK(message_of([] { parse_chart_metadata("name: x\n", "mychart/Chart.yaml"); }) ==
          "mychart/Chart.yaml: chart x has no version");
    CHECK(code_of([] { parse_chart_metadata("name: x\nversion: one\n", "C"); }) == ErrorCode::spec);
    CHECK(code_of([] { parse_chart_metadata("name: x/y\nversion: 1.0.0\n", "C"); }) ==
          ErrorCode::spec);
    CHECK(code_of([] { parse_chart_metadata("name: x\nversion: 1.0.0\ntype: plugin\n", "C"); }) ==
          ErrorCode::spec);
    CHECK(message_of([] {
              parse_chart_metadata("name: [x\n", "mychart/Chart.yaml");
          }).starts_with("mychart/Chart.yaml:"));
    CHECK(message_of([] {
              parse_chart_metadata("name: x\nversion: 1.0.0\nsources: a\n", "C");
          }).find("'sources' must be a list") != std::string::npos);
    CHECK(code_of([] {
              parse_chart_metadata("name: x\nversion: 1.0.0\ndependencies:\n- name: a\n- name: a\n",
                                   "C");
          }) == ErrorCode::spec);
}

TEST_CASE("Helm chart versions follow Masterminds semver's lenient form", "[chart]") {
    for (const char* ok :
         {"1.2.3", "v1.2.3", "1.2", "1", "1.0.0-rc.1", "1.0.0+build.7", "v0.0.0", "1.0.0-0"}) {
        CHECK(is_helm_chart_version(ok));
    }
    for (const char* bad : {"", "one", "1.2.3.4", "1.0.0-01", "1.0.0+", "1.0.0 "}) {
        CHECK_FALSE(is_helm_chart_version(bad));
    }
}

TEST_CASE("Go JSON strings: HTML-safe escapes, control characters, invalid UTF-8", "[chart]") {
    CHECK(go_json_string("a<b>&\"\\") == R"("a\u003cb\u003e\u0026\"\\")");
    CHECK(go_json_string("\n\r\t\b\f\x01") == R"("\n\r\t\b\f\u0001")");
    CHECK(go_json_string("Kr\xC3\xB6pke") == "\"Kr\xC3\xB6pke\"");
    CHECK(go_json_string("\xE2\x80\xA8") == R"("\u2028")");
    // An invalid byte becomes the escape \ufffd; a real U+FFFD stays as it is.
    CHECK(go_json_string("a\xFFz") == R"("a\ufffdz")");
    CHECK(go_json_string("a\xEF\xBF\xBDz") == "\"a\xEF\xBF\xBDz\"");
    CHECK(helm_sanitize("a\xE2\x80\x8B\xC2\xA0z") == "a z");
}
