#include "builder/helm/go_float.hpp"
#include "builder/helm/go_json.hpp"
#include "common/core/error.hpp"
#include "tests/unit/builder/helm/json_cases.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace airlock;
using namespace airlock::helm;
using gotemplate::Kind;
using gotemplate::List;
using gotemplate::Map;
using gotemplate::Value;

namespace {

std::string marshal_error(const Value& v) {
    try {
        json_marshal(v);
    } catch (const Error& e) {
        return e.what();
    }
    FAIL("no error");
    return {};
}

// What Helm's fromJson and fromJsonArray return, as toJson prints it.
std::string from_json_map(std::string_view text) {
    JsonDecoded d = json_unmarshal(text, JsonTarget::map);
    if (!d.error.empty()) {
        if (d.value.kind() != Kind::map) {
            d.value = Value::map(Map{});
        }
        d.value.as_map().insert_or_assign("Error", Value::string(d.error));
    }
    return json_marshal(d.value);
}

std::string from_json_list(std::string_view text) {
    JsonDecoded d = json_unmarshal(text, JsonTarget::list);
    if (!d.error.empty()) {
        return json_marshal(Value::list(List{Value::string(d.error)}));
    }
    return json_marshal(d.value);
}

} // namespace

TEST_CASE("toJson, toPrettyJson and toRawJson write what Helm writes", "[helm-format]") {
    JsonStyle pretty;
    pretty.indent = "  ";
    JsonStyle raw;
    raw.escape_html = false;
    for (const auto& c : helm_format_cases::to_json_cases) {
        INFO("value: " << c.json);
        const JsonDecoded in = json_unmarshal(c.json, JsonTarget::any);
        REQUIRE(in.error.empty());
        CHECK(json_marshal(in.value) == c.compact);
        CHECK(json_marshal(in.value, pretty) == c.pretty);
        CHECK(json_marshal(in.value, raw) == c.raw);
    }
}

TEST_CASE("fromJson and fromJsonArray read what Helm reads, errors included", "[helm-format]") {
    for (const auto& c : helm_format_cases::from_json_cases) {
        INFO("text: " << c.text);
        CHECK(from_json_map(c.text) == c.map_json);
        CHECK(from_json_list(c.text) == c.list_json);
    }
}

TEST_CASE("JSON decoding: numbers are float64; null into a map is a nil map", "[helm-format]") {
    const JsonDecoded d = json_unmarshal(R"({"a": 1, "b": [2]})", JsonTarget::any);
    CHECK(d.value.as_map().at("a").kind() == Kind::floating);
    CHECK(d.value.as_map().at("b").as_list()[0].as_float() == 2);
    CHECK(json_unmarshal("null", JsonTarget::map).value.is_nil());
    CHECK(json_unmarshal("null", JsonTarget::any).value.is_nil());
}

TEST_CASE("JSON encoding: values Go cannot encode", "[helm-format]") {
    CHECK(marshal_error(Value::floating(std::nan(""))) == "json: unsupported value: NaN");
    CHECK(marshal_error(Value::list(List{Value::floating(-HUGE_VAL)})) ==
          "json: unsupported value: -Inf");
    // A map that holds itself (sprig's set can make one).
    const Value m = Value::map(Map{});
    m.as_map().insert_or_assign("self", m);
    CHECK(marshal_error(m) ==
          "json: unsupported value: encountered a cycle via map[string]interface {}");
    m.as_map().clear(); // a cycle of shared pointers is never freed
    // Deep but finite nesting is fine.
    Value deep = Value::map(Map{});
    for (int i = 0; i < 1500; ++i) {
        deep = Value::map(Map{{"a", deep}});
    }
    CHECK_NOTHROW(json_marshal(deep));
}

TEST_CASE("JSON encoding: integers, bytes, nil and the float forms of Go", "[helm-format]") {
    CHECK(json_marshal(Value::int64(-5)) == "-5");
    CHECK(json_marshal(Value::integer(7, gotemplate::IntType::uint8)) == "7");
    CHECK(json_marshal(Value::bytes("hi?")) == "\"aGk/\"");
    CHECK(json_marshal(Value::nil()) == "null");
    CHECK(json_marshal(Value::boxed_nil()) == "null");
    CHECK(json_marshal(Value::list(List{})) == "[]");
    CHECK(go_json_float(1e20) == "100000000000000000000");
    CHECK(go_json_float(1e21) == "1e+21");
    CHECK(go_json_float(1e-6) == "0.000001");
    CHECK(go_json_float(1e-7) == "1e-7");
    CHECK(go_json_float(1.5e-10) == "1.5e-10");
    CHECK(go_json_float(-0.0) == "-0");
    CHECK(go_format_float_shortest(1e6, 'g') == "1e+06");
    CHECK(go_format_float_shortest(123456, 'g') == "123456");
    CHECK(go_format_float_shortest(3.14159265358979, 'g', 32) == "3.1415927");
    CHECK(go_format_float_shortest(0.1, 'e') == "1e-01");
}
