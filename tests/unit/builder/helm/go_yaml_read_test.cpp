#include "builder/helm/go_json.hpp"
#include "builder/helm/go_yaml_read.hpp"
#include "builder/helm/go_yaml_write.hpp"
#include "tests/unit/builder/helm/from_yaml_cases.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::helm;
using gotemplate::Kind;
using gotemplate::Map;
using gotemplate::Value;

namespace {

// What Helm's fromYaml returns, as toJson prints it.
std::string from_yaml_json(std::string_view text) {
    YamlDecoded d = yaml_unmarshal(text, JsonTarget::map);
    if (!d.error.empty()) {
        d.value.as_map().insert_or_assign("Error", Value::string(d.error));
    }
    return json_marshal(d.value);
}

// What Helm's fromYamlArray returns, as toJson prints it.
std::string from_yaml_array_json(std::string_view text) {
    YamlDecoded d = yaml_unmarshal(text, JsonTarget::list);
    if (!d.error.empty()) {
        return json_marshal(Value::list(gotemplate::List{Value::string(d.error)}));
    }
    return json_marshal(d.value);
}

Value read_any(std::string_view text) {
    YamlDecoded d = yaml_unmarshal(text, JsonTarget::any);
    REQUIRE(d.error.empty());
    return d.value;
}

std::string read_error(std::string_view text) {
    return yaml_unmarshal(text, JsonTarget::any).error;
}

} // namespace

TEST_CASE("fromYaml and fromYamlArray read what Helm reads, errors included", "[helm-format]") {
    for (const auto& c : helm_format_cases::from_yaml_cases) {
        INFO("yaml: " << c.yaml);
        CHECK(from_yaml_json(c.yaml) == c.map_json);
        CHECK(from_yaml_array_json(c.yaml) == c.list_json);
    }
}

TEST_CASE("YAML reading: every number is a float64, keys are strings", "[helm-format]") {
    const Value v = read_any("replicas: 3\nbig: 1000000\nhex: 0x1F\noctal: 017\nn: x\n1.5: y\n");
    const Map& m = v.as_map();
    CHECK(m.at("replicas").kind() == Kind::floating);
    CHECK(m.at("replicas").as_float() == 3);
    CHECK(m.at("big").as_float() == 1e6);
    CHECK(m.at("hex").as_float() == 31);
    CHECK(m.at("octal").as_float() == 15);
    // A key `n` is YAML 1.1's false, and JSON makes it the string "false".
    CHECK(m.at("false").as_string() == "x");
    // And the value `y` is YAML 1.1's true (Helm 4.1.4 reads `1.5: y` as
    // {"1.5": true}).
    CHECK(m.at("1.5").as_bool());
    // Float keys are formatted as float32 would be.
    CHECK(read_any("3.14159265358979: x").as_map().count("3.1415927") == 1);
}

TEST_CASE("YAML reading: the first document only; duplicate keys, last wins", "[helm-format]") {
    CHECK(json_marshal(read_any("a: 1\n---\nb: [")) == R"({"a":1})");
    CHECK(json_marshal(read_any("a: 1\na: 2\n")) == R"({"a":2})");
    CHECK(read_any("").is_nil());
    CHECK(read_any("# just a comment\n").is_nil());
    CHECK(read_any("---\n").is_nil());
}

TEST_CASE("YAML reading: anchors, aliases and merge keys as go-yaml v2 has them", "[helm-format]") {
    const Value v = read_any("base: &b {x: 1, w: 2}\n"
                             "over: {<<: *b, w: 3}\n"
                             "under: {w: 3, <<: *b}\n"
                             "list: {<<: [{x: 1}, {x: 2, z: 2}]}\n");
    // Keys after the merge win over merged ones, merged ones win over earlier
    // keys, and earlier maps of a merged list win over later ones.
    CHECK(
        json_marshal(v) ==
        R"({"base":{"w":2,"x":1},"list":{"x":1,"z":2},"over":{"w":3,"x":1},"under":{"w":2,"x":1}})");
    // Each alias is a copy: maps are not shared between them.
    const Value a = read_any("a: &m {k: 1}\nb: *m\n");
    CHECK(a.as_map().at("a").map_ptr() != a.as_map().at("b").map_ptr());
}

TEST_CASE("YAML reading: errors carry go-yaml's line numbers", "[helm-format]") {
    // Scanner errors count lines from 1, parser errors from 0 (go-yaml's own
    // arithmetic), and nothing is said for the first line.
    CHECK(read_error("a: 1\nb: [1, 2\nc: 3\n") ==
          "error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'");
    CHECK(read_error("a: b: c") ==
          "error converting YAML to JSON: yaml: mapping values are not allowed in this context");
    CHECK(read_error("a: 1\nb: c: d") == "error converting YAML to JSON: yaml: line 2: mapping "
                                         "values are not allowed in this context");
    CHECK(read_error("a: *x") ==
          "error converting YAML to JSON: yaml: unknown anchor 'x' referenced");
    CHECK(read_error("a: &a [*a]") ==
          "error converting YAML to JSON: yaml: anchor 'a' value contains itself");
    CHECK(read_error("a: .nan") == "error converting YAML to JSON: json: unsupported value: NaN");
    CHECK(read_error("~: 1") == "error converting YAML to JSON: unsupported map key of type: "
                                "%!s(<nil>), key: <nil>, value: 1");
    CHECK(read_error("a: \x01") == "error converting YAML to JSON: yaml: control characters are "
                                   "not allowed");
    CHECK(read_error("a: !!int x") ==
          "error converting YAML to JSON: yaml: cannot decode !!str `x` as a !!int");
}

TEST_CASE("YAML reading: go-yaml refuses excessive aliasing", "[helm-format]") {
    std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'i'; ++c) {
        text += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 10; ++i) {
            text += std::string(i > 0 ? ", " : "") + "*" + prev;
        }
        text += "]\n";
        prev = c;
    }
    CHECK(read_error(text) ==
          "error converting YAML to JSON: yaml: document contains excessive aliasing");
}

TEST_CASE("YAML round trip: toYaml output reads back to the same values", "[helm-format]") {
    const std::string text = "image:\n  repository: nginx\n  tag: \"1.25\"\nreplicas: 3\n"
                             "flags: [yes, no, 'on', \"0x1\"]\nmulti: |\n  line 1\n  line 2\n"
                             "empty: {}\nlist: []\nnested:\n- a: 1\n  b: [1.5, null, true]\n"
                             "quoted: ': x'\nlong: " +
                             std::string(120, 'x') + " " + std::string(30, 'y') + "\n";
    const Value first = read_any(text);
    const std::string yaml = yaml_marshal(first);
    const Value second = read_any(yaml);
    CHECK(json_marshal(first) == json_marshal(second));
    CHECK(yaml_marshal(second) == yaml);
    CHECK(json_marshal(read_any(yaml_encode_pretty(first))) == json_marshal(first));
}
