// Enabling subcharts by condition and tags, and import-values, checked
// against which subcharts `helm template` (v4.1.4) renders and what it
// prints for `{{ toJson .Values }}` in the same charts.
#include "builder/helm/values.hpp"
#include "tests/unit/builder/helm/test_charts.hpp"

#include <algorithm>
#include <catch2/catch.hpp>

using namespace airlock;
using airlock::test::chart_from;
using airlock::test::chart_yaml;
using airlock::test::values_json;
using Names = std::vector<std::string>;

namespace {

Names enabled_subcharts(const helm::Chart& chart, const std::string& user_yaml = "") {
    Names names = airlock::test::rendered_subcharts(chart, user_yaml);
    std::sort(names.begin(), names.end());
    return names;
}

void add_leaf(std::vector<TgzFile>& files, const std::string& prefix, const std::string& name) {
    files.push_back({prefix + "charts/" + name + "/Chart.yaml", chart_yaml(name)});
    files.push_back({prefix + "charts/" + name + "/templates/t.yaml", "# {{ .Chart.Name }}\n"});
}

// One subchart per rule; `extra` is in charts/ but not in Chart.yaml.
std::shared_ptr<helm::Chart> gated_chart() {
    std::vector<TgzFile> files = {
        {"Chart.yaml",
         chart_yaml("p", "dependencies:\n"
                         "  - {name: a, version: 0.1.0, condition: a.enabled}\n"
                         "  - {name: b, version: 0.1.0, condition: b.enabled}\n"
                         "  - {name: c, version: 0.1.0, condition: c.enabled}\n"
                         "  - {name: d, version: 0.1.0, condition: \"x.missing,d.active\"}\n"
                         "  - {name: e, version: 0.1.0, tags: [front]}\n"
                         "  - {name: f, version: 0.1.0, tags: [front, back]}\n"
                         "  - {name: g, version: 0.1.0, tags: [back], condition: g.enabled}\n"
                         "  - {name: h, version: 0.1.0, tags: [front], condition: h.enabled}\n"
                         "  - {name: i, version: 0.1.0, condition: i.enabled}\n"
                         "  - {name: j, version: 0.1.0, condition: \" j.active \"}\n"
                         "  - {name: k, version: 0.1.0, condition: \"k.flag,k.active\", "
                         "tags: [weird]}\n"
                         "  - {name: m, version: 0.1.0, condition: m.on}\n")},
        {"values.yaml", "a: {enabled: false}\n"
                        "c: {enabled: \"no\"}\n"
                        "d: {active: false}\n"
                        "tags: {front: false, back: true, weird: maybe}\n"
                        "g: {enabled: false}\n"
                        "h: {enabled: true}\n"
                        "i: {enabled: {x: 1}}\n"
                        "j: {active: false}\n"
                        "k: {flag: 1, active: false}\n"
                        "m:\n  on: false\n"},
        {"templates/v.yaml", "# {{ toJson .Values }}\n"},
    };
    for (const char* name : {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "m", "extra"}) {
        add_leaf(files, "", name);
    }
    return chart_from(std::move(files));
}

} // namespace

TEST_CASE("dependencies: conditions and tags with the chart's defaults", "[helm-engine]") {
    // a: condition false. b: condition path missing, so enabled. c: "no" is
    // not a bool, so ignored. d: the first path is missing, the second is
    // false. e: its only tag is false. f: one tag true is enough. g: a
    // condition beats a true tag. h: a true condition beats a false tag.
    // i: a map is no value. j: the condition is trimmed. k: a non-bool
    // first path is skipped and the second decides; its non-bool tag does
    // nothing. m: `on` is YAML 1.1's true, so the key m.on does not exist.
    // extra: not in Chart.yaml, always kept.
    CHECK(enabled_subcharts(*gated_chart()) == Names{"b", "c", "extra", "f", "h", "i", "m"});
}

TEST_CASE("dependencies: user values switch conditions and tags", "[helm-engine]") {
    const auto chart = gated_chart();
    CHECK(enabled_subcharts(*chart, "a: {enabled: true}\ntags: {front: true}\n") ==
          Names{"a", "b", "c", "e", "extra", "f", "h", "i", "m"});
    CHECK(enabled_subcharts(*chart, "tags: {back: false}\n") ==
          Names{"b", "c", "extra", "h", "i", "m"});
    CHECK(enabled_subcharts(*chart, "b: {enabled: false}\nc: {enabled: false}\n"
                                    "i: {enabled: false}\n") == Names{"extra", "f", "h", "m"});
    // The first condition that is a bool decides, later ones are not read.
    CHECK(enabled_subcharts(*chart, "k: {flag: true}\n") ==
          Names{"b", "c", "extra", "f", "h", "i", "k", "m"});
    CHECK(enabled_subcharts(*chart, "k: {active: true}\n") ==
          Names{"b", "c", "extra", "f", "h", "i", "k", "m"});
    CHECK(enabled_subcharts(*chart, "x: {missing: true}\n") ==
          Names{"b", "c", "d", "extra", "f", "h", "i", "m"});
    CHECK(enabled_subcharts(*chart, "j: {active: true}\n") ==
          Names{"b", "c", "extra", "f", "h", "i", "j", "m"});
}

namespace {

// p depends on s twice (s, and t with a condition), each importing values;
// s depends on `nest` under a condition.
std::shared_ptr<helm::Chart> importing_chart(const std::string& nest_gate = "condition: "
                                                                            "nest.enabled",
                                             const std::string& s_values_extra = "") {
    std::vector<TgzFile> files = {
        {"Chart.yaml", chart_yaml("p", "dependencies:\n"
                                       "  - name: s\n"
                                       "    version: 0.1.0\n"
                                       "    import-values:\n"
                                       "      - data\n"
                                       "      - missing\n"
                                       "  - name: s\n"
                                       "    alias: t\n"
                                       "    version: 0.1.0\n"
                                       "    condition: t.enabled\n"
                                       "    import-values:\n"
                                       "      - child: inner.deep\n"
                                       "        parent: imported.here\n"
                                       "      - child: nothere\n"
                                       "        parent: z\n"
                                       "      - child: inner\n"
                                       "        parent: .\n")},
        {"values.yaml", "shared: parent\nimported:\n  here:\n    yv: 99\ns:\n  nest:\n"
                        "    enabled: true\n"},
        {"templates/v.yaml", "# {{ toJson .Values }}\n"},
        {"charts/s/Chart.yaml", chart_yaml("s", "dependencies:\n"
                                                "  - name: nest\n"
                                                "    version: 0.1.0\n"
                                                "    " +
                                                    nest_gate + "\n")},
        {"charts/s/values.yaml", "exports:\n  data:\n    fromExport: 1\n    shared: child\n"
                                 "inner:\n  deep:\n    x: 1\n    yv: 2\n  top: 7\n"
                                 "nest:\n  enabled: false\n" +
                                     s_values_extra},
        {"charts/s/templates/t.yaml", "# {{ .Chart.Name }}\n"},
    };
    add_leaf(files, "charts/s/", "nest");
    return chart_from(std::move(files));
}

} // namespace

TEST_CASE("dependencies: conditions of nested subcharts are read under the alias's path",
          "[helm-engine]") {
    const auto chart = importing_chart();
    CHECK(enabled_subcharts(*chart) == Names{"s", "s/nest", "t"});
    CHECK(enabled_subcharts(*chart, "t: {enabled: false}\n") == Names{"s", "s/nest"});
    // A condition that is not a bool leaves the subchart enabled.
    CHECK(enabled_subcharts(*chart, "t: {enabled: notbool}\n") == Names{"s", "s/nest", "t"});
    CHECK(enabled_subcharts(*chart, "s: {nest: {enabled: false}}\nt: {nest: {enabled: true}}\n") ==
          Names{"s", "t", "t/nest"});
}

TEST_CASE("dependencies: tags of nested subcharts come from the top-level tags", "[helm-engine]") {
    // A subchart's own `tags` defaults land in the same top-level table, so
    // they disable its dependencies under every alias.
    const auto chart = importing_chart("tags: [inner]", "tags:\n  inner: false\n");
    CHECK(enabled_subcharts(*chart) == Names{"s", "t"});
    CHECK(enabled_subcharts(*chart, "tags: {inner: true}\n") ==
          Names{"s", "s/nest", "t", "t/nest"});
}

TEST_CASE("dependencies: import-values in both forms, with the parent's values winning",
          "[helm-engine]") {
    const auto chart = importing_chart();
    // "data" imports exports.data at the top; {child: inner.deep, parent:
    // imported.here} imports a table under a path, below the parent's own
    // imported.here.yv; {child: inner, parent: .} imports at the top;
    // missing tables are skipped.
    CHECK(values_json(*chart) ==
          R"({"deep":{"x":1,"yv":2},"fromExport":1,"imported":{"here":{"x":1,"yv":99}},)"
          R"("s":{"exports":{"data":{"fromExport":1,"shared":"child"}},"global":{},)"
          R"("inner":{"deep":{"x":1,"yv":2},"top":7},"nest":{"enabled":true,"global":{}}},)"
          R"("shared":"parent",)"
          R"("t":{"exports":{"data":{"fromExport":1,"shared":"child"}},"global":{},)"
          R"("inner":{"deep":{"x":1,"yv":2},"top":7},"nest":{"enabled":false}},"top":7})");
    CHECK(values_json(*chart, "shared: user\nimported:\n  here:\n    x: 5\n") ==
          R"({"deep":{"x":1,"yv":2},"fromExport":1,"imported":{"here":{"x":5,"yv":99}},)"
          R"("s":{"exports":{"data":{"fromExport":1,"shared":"child"}},"global":{},)"
          R"("inner":{"deep":{"x":1,"yv":2},"top":7},"nest":{"enabled":true,"global":{}}},)"
          R"("shared":"user",)"
          R"("t":{"exports":{"data":{"fromExport":1,"shared":"child"}},"global":{},)"
          R"("inner":{"deep":{"x":1,"yv":2},"top":7},"nest":{"enabled":false}},"top":7})");
}

TEST_CASE("dependencies: processing names aliased subcharts and records imports", "[helm-engine]") {
    const auto chart = importing_chart();
    const auto ready = airlock::test::processed(*chart, airlock::test::user_values(""));
    REQUIRE(ready->metadata.dependencies.size() == 2);
    const auto& s = ready->metadata.dependencies[0];
    const auto& t = ready->metadata.dependencies[1];
    CHECK(s.name == "s");
    CHECK(t.name == "t");
    // Both forms end up as {child, parent} pairs; a string names exports.X.
    CHECK(s.import_values == Names{R"({"child":"exports.data","parent":"."})",
                                   R"({"child":"exports.missing","parent":"."})"});
    CHECK(t.import_values == Names{R"({"child":"inner.deep","parent":"imported.here"})",
                                   R"({"child":"nothere","parent":"z"})",
                                   R"({"child":"inner","parent":"."})"});
    // The original chart is untouched.
    CHECK(chart->metadata.dependencies[1].name == "s");
    CHECK(chart->dependencies.size() == 1);
}

TEST_CASE("dependencies: of two imports writing one key, the first listed wins", "[helm-engine]") {
    const auto chart = chart_from({
        {"Chart.yaml", chart_yaml("p", "dependencies:\n"
                                       "  - name: s\n"
                                       "    version: 0.1.0\n"
                                       "    import-values:\n"
                                       "      - child: first\n"
                                       "        parent: .\n"
                                       "      - child: second\n"
                                       "        parent: .\n"
                                       "      - later\n")},
        {"charts/s/Chart.yaml", chart_yaml("s")},
        {"charts/s/values.yaml", "first:\n  k: first\n  only1: 1\n"
                                 "second:\n  k: second\n  only2: 2\n"
                                 "exports:\n  later:\n    k: third\n    only3: 3\n"},
    });
    CHECK(values_json(*chart) ==
          R"({"k":"first","only1":1,"only2":2,"only3":3,)"
          R"("s":{"exports":{"later":{"k":"third","only3":3}},"first":{"k":"first","only1":1},)"
          R"("global":{},"second":{"k":"second","only2":2}}})");
}

TEST_CASE("dependencies: blanks around a condition are trimmed, tabs and newlines too",
          "[helm-engine]") {
    // Helm disables j for condition "\tj.active\n" with j.active false.
    const auto chart = chart_from({
        {"Chart.yaml", chart_yaml("p", "dependencies:\n"
                                       "  - {name: j, version: 0.1.0, "
                                       "condition: \"\\tj.active\\n\"}\n")},
        {"values.yaml", "j: {active: false}\n"},
        {"charts/j/Chart.yaml", chart_yaml("j")},
    });
    CHECK(enabled_subcharts(*chart).empty());
    CHECK(enabled_subcharts(*chart, "j: {active: true}\n") == Names{"j"});
}
