#include "builder/helm/format_functions.hpp"
#include "common/core/error.hpp"
#include "tests/unit/support/call_context_stub.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using namespace airlock;
using namespace airlock::helm;
using gotemplate::FunctionTable;
using gotemplate::List;
using gotemplate::Map;
using gotemplate::Type;
using gotemplate::Value;

namespace {

struct Functions {
    FunctionTable table;
    test::StubCallContext context;

    Functions() { register_format_functions(table); }

    Value call(std::string_view name, Value arg) {
        const gotemplate::Function* f = table.find(name);
        REQUIRE(f != nullptr);
        std::vector<Value> args{std::move(arg)};
        return f->call(context, args);
    }
};

const Value nan_list = Value::list(List{Value::floating(std::nan(""))});

} // namespace

TEST_CASE("format functions: Helm 4.1.4's names and Go signatures", "[helm-format]") {
    Functions f;
    for (const char* name :
         {"toYaml", "mustToYaml", "toYamlPretty", "toJson", "mustToJson", "toPrettyJson",
          "mustToPrettyJson", "toRawJson", "mustToRawJson", "toToml"}) {
        INFO(name);
        const gotemplate::Function* fn = f.table.find(name);
        REQUIRE(fn != nullptr);
        CHECK(fn->signature.params == std::vector<Type>{Type::any});
        CHECK(fn->signature.result == Type::string);
        CHECK_FALSE(fn->signature.variadic);
    }
    for (const char* name : {"fromYaml", "fromJson", "fromToml"}) {
        INFO(name);
        CHECK(f.table.find(name)->signature.params == std::vector<Type>{Type::string});
        CHECK(f.table.find(name)->signature.result == Type::map);
    }
    for (const char* name : {"fromYamlArray", "fromJsonArray"}) {
        INFO(name);
        CHECK(f.table.find(name)->signature.result == Type::list);
    }
    CHECK(f.table.find("mustFromJson")->signature.result == Type::any);
}

TEST_CASE("format functions: the to* functions trim and swallow as Helm's do", "[helm-format]") {
    Functions f;
    const Value v = Value::map(Map{{"b", Value::string("x\ny")}, {"a", Value::floating(1)}});
    CHECK(f.call("toYaml", v).as_string() == "a: 1\nb: |-\n  x\n  y");
    CHECK(f.call("mustToYaml", v).as_string() == "a: 1\nb: |-\n  x\n  y");
    CHECK(f.call("toYamlPretty", Value::map(Map{{"l", Value::list(List{Value::integer(1)})}}))
              .as_string() == "l:\n  - 1");
    CHECK(f.call("toJson", v).as_string() == R"({"a":1,"b":"x\ny"})");
    CHECK(f.call("toPrettyJson", v).as_string() == "{\n  \"a\": 1,\n  \"b\": \"x\\ny\"\n}");
    CHECK(f.call("toRawJson", Value::string("<&>")).as_string() == "\"<&>\"");
    CHECK(f.call("toJson", Value::string("<&>")).as_string() == R"("\u003c\u0026\u003e")");
    CHECK(f.call("toToml", v).as_string() == "a = 1.0\nb = \"x\\ny\"\n");
    // Errors: toYaml, toYamlPretty, toJson and toPrettyJson give "" ...
    CHECK(f.call("toYaml", nan_list).as_string().empty());
    CHECK(f.call("toJson", nan_list).as_string().empty());
    CHECK(f.call("toPrettyJson", nan_list).as_string().empty());
    // ... the must* ones and toRawJson fail the template ...
    CHECK_THROWS_WITH(f.call("mustToYaml", nan_list),
                      "error marshaling into JSON: json: unsupported value: NaN");
    CHECK_THROWS_WITH(f.call("mustToJson", nan_list), "json: unsupported value: NaN");
    CHECK_THROWS_WITH(f.call("mustToPrettyJson", nan_list), "json: unsupported value: NaN");
    CHECK_THROWS_WITH(f.call("toRawJson", nan_list), "json: unsupported value: NaN");
    CHECK_THROWS_WITH(f.call("mustToRawJson", nan_list), "json: unsupported value: NaN");
    // ... and toToml returns the error's text.
    CHECK(f.call("toToml", Value::list(List{Value::map(Map{})})).as_string() ==
          "toml: top-level values must be Go maps or structs");
}

TEST_CASE("format functions: the from* functions put errors into the result", "[helm-format]") {
    Functions f;
    CHECK(f.call("fromYaml", Value::string("a: 1")).as_map().at("a").as_float() == 1);
    const Value bad = f.call("fromYaml", Value::string("[1]"));
    CHECK(bad.as_map().size() == 1);
    CHECK(bad.as_map().at("Error").as_string() ==
          "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go "
          "value of type map[string]interface {}");
    CHECK(f.call("fromYaml", Value::string("")).as_map().empty());
    const Value arr = f.call("fromYamlArray", Value::string("a: 1"));
    CHECK(arr.as_list().size() == 1);
    CHECK(arr.as_list()[0].as_string() ==
          "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go "
          "value of type []interface {}");
    CHECK(f.call("fromJson", Value::string("{bad")).as_map().at("Error").as_string() ==
          "invalid character 'b' looking for beginning of object key string");
    // JSON null gives Go's nil map.
    CHECK(f.call("fromJson", Value::string("null")).is_nil());
    CHECK(f.call("fromJsonArray", Value::string("[1,2]")).as_list().size() == 2);
    CHECK(f.call("fromToml", Value::string("a = ")).as_map().at("Error").as_string() ==
          "toml: line 1 (last key \"a\"): unexpected EOF; expected value");
    CHECK(f.call("mustFromJson", Value::string("[1]")).as_list().size() == 1);
    CHECK_THROWS_WITH(f.call("mustFromJson", Value::string("[1,]")),
                      "invalid character ']' looking for beginning of value");
}
