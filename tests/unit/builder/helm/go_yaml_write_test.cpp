#include "builder/helm/go_json.hpp"
#include "builder/helm/go_yaml_write.hpp"
#include "common/core/error.hpp"
#include "tests/unit/builder/helm/to_yaml_cases.hpp"

#include "common/core/deep_stack.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace airlock;
using namespace airlock::helm;
using gotemplate::List;
using gotemplate::Map;
using gotemplate::Value;

namespace {

Value from_json(const char* text) {
    const JsonDecoded d = json_unmarshal(text, JsonTarget::any);
    REQUIRE(d.error.empty());
    return d.value;
}

// toYaml's result: the marshalled text without its final line break.
std::string to_yaml(const Value& v) {
    std::string s = yaml_marshal(v);
    REQUIRE(!s.empty());
    REQUIRE(s.back() == '\n');
    s.pop_back();
    return s;
}

std::string to_yaml_pretty(const Value& v) {
    std::string s = yaml_encode_pretty(v);
    REQUIRE(s.back() == '\n');
    s.pop_back();
    return s;
}

std::string yaml_error(const Value& v) {
    try {
        yaml_marshal(v);
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::spec);
        return e.what();
    }
    FAIL("no error");
    return {};
}

class PlainObject : public gotemplate::Object {
  public:
    std::string type_name() const override { return "*test.Object"; }
    std::optional<Value> field(std::string_view) const override { return std::nullopt; }
    std::string format() const override { return "{}"; }
    Value plain() const override {
        return Value::map(Map{{"Name", Value::string("x")}, {"Version", Value::floating(2)}});
    }
};

} // namespace

TEST_CASE("toYaml and toYamlPretty write what Helm writes, byte for byte", "[helm-format]") {
    REQUIRE(std::size(helm_format_cases::to_yaml_cases) >= 60);
    for (const auto& c : helm_format_cases::to_yaml_cases) {
        INFO("value: " << c.json);
        const Value v = from_json(c.json);
        CHECK(to_yaml(v) == c.yaml);
        CHECK(to_yaml_pretty(v) == c.pretty);
    }
}

TEST_CASE("toYaml: numbers are what JSON makes of them", "[helm-format]") {
    // float64 values that are whole numbers print as integers, up to what a
    // uint64 holds; everything else in Go's %g.
    CHECK(to_yaml(Value::floating(3)) == "3");
    CHECK(to_yaml(Value::floating(1e6)) == "1000000");
    CHECK(to_yaml(Value::floating(1e19)) == "10000000000000000000");
    CHECK(to_yaml(Value::floating(1e20)) == "1e+20");
    CHECK(to_yaml(Value::floating(-0.0)) == "0");
    CHECK(to_yaml(Value::floating(0.5)) == "0.5");
    CHECK(to_yaml(Value::floating(1e-7)) == "1e-07");
    // Integers (from --set, or template arithmetic) print as they are.
    CHECK(to_yaml(Value::int64(-9223372036854775807 - 1)) == "-9223372036854775808");
    CHECK(to_yaml(Value::integer(42)) == "42");
    // toYamlPretty has no JSON step: a float64 is %g.
    CHECK(to_yaml_pretty(Value::floating(1e6)) == "1e+06");
    CHECK(to_yaml_pretty(Value::floating(3)) == "3");
    CHECK(to_yaml_pretty(Value::int64(1000000)) == "1000000");
    CHECK(to_yaml_pretty(Value::floating(std::nan(""))) == ".nan");
    CHECK(to_yaml_pretty(Value::floating(-HUGE_VAL)) == "-.inf");
}

TEST_CASE("toYaml: bytes are base64 (JSON), lists of bytes in toYamlPretty", "[helm-format]") {
    CHECK(to_yaml(Value::bytes("hi")) == "aGk=");
    CHECK(to_yaml_pretty(Value::bytes("hi")) == "- 104\n- 105");
    // Invalid UTF-8 becomes U+FFFD through JSON; toYamlPretty tags it binary.
    CHECK(to_yaml(Value::string("a\xFFz")) == "a\xEF\xBF\xBDz");
    CHECK(to_yaml_pretty(Value::string("\xFF")) == "!!binary /w==");
}

TEST_CASE("toYaml: host objects are written as their plain value", "[helm-format]") {
    const Value v = Value::map(Map{{"o", Value::object(std::make_shared<PlainObject>())}});
    CHECK(to_yaml(v) == "o:\n  Name: x\n  Version: 2");
}

TEST_CASE("toYaml: what Go refuses is an error with Go's text", "[helm-format]") {
    CHECK(yaml_error(Value::floating(std::nan(""))) ==
          "error marshaling into JSON: json: unsupported value: NaN");
    CHECK(yaml_error(Value::list(List{Value::floating(HUGE_VAL)})) ==
          "error marshaling into JSON: json: unsupported value: +Inf");
    // JSON leaves DEL, C1 controls and U+FFFE/U+FFFF raw; go-yaml's reader refuses them.
    CHECK(yaml_error(Value::string("a\x7F")) == "yaml: control characters are not allowed");
    CHECK(yaml_error(Value::map(Map{{"k\xC2\x80", Value::integer(1)}})) ==
          "yaml: control characters are not allowed");
    CHECK(yaml_error(Value::string("\xEF\xBF\xBE")) == "yaml: control characters are not allowed");
    // A key whose JSON form is over 1024 characters is no simple key to the
    // reader of that JSON.
    CHECK(yaml_error(Value::map(Map{{std::string(1023, 'k'), Value::integer(1)}})) ==
          "yaml: did not find expected ',' or '}'");
    CHECK_NOTHROW(yaml_marshal(Value::map(Map{{std::string(1022, 'k'), Value::integer(1)}})));
    // The JSON error comes first, whatever order the two are met in.
    CHECK(yaml_error(Value::map(
              Map{{"a", Value::string("\x7F")}, {"b", Value::floating(std::nan(""))}})) ==
          "error marshaling into JSON: json: unsupported value: NaN");
}

TEST_CASE("toYaml: 10000 nested lists are too deep for go-yaml's reader", "[helm-format]") {
    Value v = Value::list(List{});
    for (int i = 1; i < 10000; ++i) {
        v = Value::list(List{v});
    }
    // Renders run on a stack as deep as Go's (common/core/deep_stack.hpp).
    airlock::run_with_deep_stack("test", [&] {
        CHECK_NOTHROW(yaml_marshal(v));
        CHECK(yaml_error(Value::list(List{v})) == "yaml: exceeded max depth of 10000");
    });
}

TEST_CASE("toYaml: one NEL folds to a space in the JSON round trip", "[helm-format]") {
    CHECK(to_yaml(Value::string("a \xC2\x85 b")) == "a b");
    CHECK(to_yaml(Value::string("a\xC2\x85\xC2\x85\xC2\x85z")) == "|-\n  a\n\n  z");
    CHECK(to_yaml(Value::string("\xC2\x85")) == "' '");
}
