// Coalescing a chart's values with the user's, checked against what
// `helm template` (v4.1.4) prints for `{{ toJson .Values }}` in the same charts.
#include "builder/helm/values.hpp"
#include "tests/unit/builder/helm/test_charts.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using airlock::test::chart_from;
using airlock::test::chart_yaml;
using airlock::test::user_values;
using airlock::test::values_json;

namespace {

// A parent `p` with the subchart `s` twice: under its own name and as `t`.
std::shared_ptr<helm::Chart> parent_with_aliased_sub() {
    return chart_from({
        {"Chart.yaml", chart_yaml("p", "dependencies:\n"
                                       "  - name: s\n    version: 0.1.0\n"
                                       "  - name: s\n    version: 0.1.0\n    alias: t\n")},
        {"values.yaml", "global:\n  region: eu\n  nested:\n    a: 1\n"
                        "s:\n  image: parent-img\n  drop: null\n"
                        "t:\n  image: alias-img\n"
                        "top: 1\ngone: x\n"},
        {"templates/v.yaml", "# {{ toJson .Values }}\n"},
        {"charts/s/Chart.yaml", chart_yaml("s")},
        {"charts/s/values.yaml", "image: default-img\nreplicas: 2\ndrop: keepme\n"
                                 "global:\n  region: us\n  nested:\n    b: 2\n  own: true\n"
                                 "nulled: null\n"},
        {"charts/s/templates/v.yaml", "# {{ toJson .Values }}\n"},
    });
}

} // namespace

TEST_CASE("coalesced values: parent values override subchart defaults under name and alias",
          "[helm-engine]") {
    const auto chart = parent_with_aliased_sub();
    // Helm: the subchart under its name takes the parent's image, and the
    // parent's `drop: null` deletes the subchart's default; the alias gets
    // its own block; user values override the parent's; the user's
    // `gone: null` deletes the parent's default; `nulled: null` in the
    // subchart's defaults does not survive; globals flow down with the
    // parent's winning, while the top level keeps only its own.
    CHECK(values_json(*chart, "gone: null\ns:\n  replicas: 5\n") ==
          R"({"global":{"nested":{"a":1},"region":"eu"},)"
          R"("s":{"global":{"nested":{"a":1,"b":2},"own":true,"region":"eu"},)"
          R"("image":"parent-img","replicas":5},)"
          R"("t":{"drop":"keepme","global":{"nested":{"a":1,"b":2},"own":true,"region":"eu"},)"
          R"("image":"alias-img","replicas":2},"top":1})");
}

TEST_CASE("coalesced values: without user values the chart's defaults stand", "[helm-engine]") {
    const auto chart = parent_with_aliased_sub();
    CHECK(values_json(*chart) ==
          R"({"global":{"nested":{"a":1},"region":"eu"},"gone":"x",)"
          R"("s":{"global":{"nested":{"a":1,"b":2},"own":true,"region":"eu"},)"
          R"("image":"parent-img","replicas":2},)"
          R"("t":{"drop":"keepme","global":{"nested":{"a":1,"b":2},"own":true,"region":"eu"},)"
          R"("image":"alias-img","replicas":2},"top":1})");
}

TEST_CASE("coalesced values: a user global reaches every subchart", "[helm-engine]") {
    const auto chart = parent_with_aliased_sub();
    CHECK(values_json(*chart, "global:\n  region: ap\n  extra: 3\n") ==
          R"({"global":{"extra":3,"nested":{"a":1},"region":"ap"},"gone":"x",)"
          R"("s":{"global":{"extra":3,"nested":{"a":1,"b":2},"own":true,"region":"ap"},)"
          R"("image":"parent-img","replicas":2},)"
          R"("t":{"drop":"keepme","global":{"extra":3,"nested":{"a":1,"b":2},"own":true,)"
          R"("region":"ap"},"image":"alias-img","replicas":2},"top":1})");
}

TEST_CASE("coalesced values: user null for a subchart key deletes its default", "[helm-engine]") {
    const auto chart = parent_with_aliased_sub();
    CHECK(values_json(*chart, "t:\n  drop: null\n  replicas: null\n") ==
          R"({"global":{"nested":{"a":1},"region":"eu"},"gone":"x",)"
          R"("s":{"global":{"nested":{"a":1,"b":2},"own":true,"region":"eu"},)"
          R"("image":"parent-img","replicas":2},)"
          R"("t":{"global":{"nested":{"a":1,"b":2},"own":true,"region":"eu"},)"
          R"("image":"alias-img"},"top":1})");
}

TEST_CASE("coalesced values: maps merge, scalars and lists replace", "[helm-engine]") {
    const auto chart = chart_from({
        {"Chart.yaml", chart_yaml("c")},
        {"values.yaml", "m:\n  a: 1\n  b: [1, 2]\n  c:\n    d: 1\nl: [p, q]\ns: str\n"},
    });
    CHECK(values_json(*chart, "m:\n  b: [3]\n  c:\n    e: 2\nl: [z]\ns:\n  now: map\n") ==
          R"({"l":["z"],"m":{"a":1,"b":[3],"c":{"d":1,"e":2}},"s":{"now":"map"}})");
    // A user scalar where the chart has a map replaces the map.
    CHECK(values_json(*chart, "m: 5\n") == R"({"l":["p","q"],"m":5,"s":"str"})");
}

TEST_CASE("coalesced values: a null in a chart without subcharts stays", "[helm-engine]") {
    // Helm keeps a top chart's own `k: null` (toJson prints it) and a user
    // null for a key the chart does not have.
    const auto chart = chart_from({
        {"Chart.yaml", chart_yaml("c")},
        {"values.yaml", "k: null\nm:\n  nn: null\n  o: 1\n"},
    });
    CHECK(values_json(*chart) == R"({"k":null,"m":{"nn":null,"o":1}})");
    CHECK(values_json(*chart, "m:\n  o: null\n  q: null\nu: null\n") ==
          R"({"k":null,"m":{"nn":null,"q":null},"u":null})");
}

TEST_CASE("coalesced values: a subchart key that is not a map is an error", "[helm-engine]") {
    // Helm: "chart dependencies processing failed: type mismatch on s:
    // %!t(float64=3)" for `s: 3` in a values file (the prefix is the
    // action's).
    const auto chart = parent_with_aliased_sub();
    CHECK_THROWS_WITH(airlock::test::processed(*chart, user_values("s: 3\n")),
                      "type mismatch on s: %!t(float64=3)");
    CHECK_THROWS_WITH(airlock::test::processed(*chart, user_values("t: [1]\n")),
                      "type mismatch on t: [%!t(float64=1)]");
}

TEST_CASE("coalesce_values leaves the user's values unchanged", "[helm-engine]") {
    const auto chart = parent_with_aliased_sub();
    const gotemplate::Value user = user_values("s:\n  replicas: 5\ngone: null\n");
    const std::string before = helm::json_marshal(user);
    const auto ready = airlock::test::processed(*chart, user);
    (void)helm::coalesce_values(*ready, user);
    CHECK(helm::json_marshal(user) == before);
}

TEST_CASE("values_table and values_path_value read dotted paths", "[helm-engine]") {
    const gotemplate::Value v = user_values("a:\n  b:\n    c: 1\n    d: null\n  e: [1]\nf: x\n");
    REQUIRE(helm::values_table(v, "a.b"));
    CHECK(helm::json_marshal(*helm::values_table(v, "a.b")) == R"({"c":1,"d":null})");
    CHECK_FALSE(helm::values_table(v, "a.e"));
    CHECK_FALSE(helm::values_table(v, "f"));
    CHECK_FALSE(helm::values_table(v, "a.x"));
    REQUIRE(helm::values_path_value(v, "a.b.c"));
    CHECK(helm::json_marshal(*helm::values_path_value(v, "a.b.c")) == "1");
    // A present null is a value; a table is not.
    REQUIRE(helm::values_path_value(v, "a.b.d"));
    CHECK(helm::values_path_value(v, "a.b.d")->is_nil());
    CHECK_FALSE(helm::values_path_value(v, "a.b"));
    CHECK_FALSE(helm::values_path_value(v, "a.b.zz"));
    CHECK_FALSE(helm::values_path_value(v, ""));
    REQUIRE(helm::values_path_value(v, "f"));
    CHECK(helm::json_marshal(*helm::values_path_value(v, "f")) == R"("x")");
}
