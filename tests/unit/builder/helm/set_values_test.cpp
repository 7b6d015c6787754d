#include "builder/helm/go_json.hpp"
#include "builder/helm/set_values.hpp"
#include "common/core/error.hpp"
#include "tests/unit/builder/helm/set_cases.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::helm;
using gotemplate::Map;
using gotemplate::Value;

namespace {

struct Outcome {
    std::string json; // or "failed parsing --set data: ..."
    std::string types;
};

// What `helm template --set ARG` makes of the values: their JSON and the Go
// type of each top-level value ("a=int64;").
Outcome run(const char* arg, bool strings) {
    SetValues options;
    (strings ? options.set_string : options.set).emplace_back(arg);
    Map values;
    try {
        apply_set_values(options, values);
    } catch (const Error& e) {
        return {e.what(), "ERROR"};
    }
    Outcome o;
    o.json = json_marshal(Value::map(values));
    for (const auto& [key, value] : values) {
        o.types += key + "=" + (value.is_nil() ? "<nil>" : value.type_name()) + ";";
    }
    return o;
}

} // namespace

TEST_CASE("set values: --set parses and types values as Helm does, errors included",
          "[helm-format]") {
    for (const auto& c : helm_format_cases::set_cases) {
        INFO("--set " << c.arg);
        const Outcome o = run(c.arg, false);
        CHECK(o.json == c.json);
        CHECK(o.types == c.types);
    }
}

TEST_CASE("set values: --set-string keeps every value a string", "[helm-format]") {
    for (const auto& c : helm_format_cases::set_string_cases) {
        INFO("--set-string " << c.arg);
        const Outcome o = run(c.arg, true);
        CHECK(o.json == c.json);
        CHECK(o.types == c.types);
    }
}

TEST_CASE("set values: the largest list index Helm allows", "[helm-format]") {
    Map values;
    parse_set("a[65536]=1", values);
    CHECK(values.at("a").as_list().size() == 65537);
    CHECK(values.at("a").as_list()[0].is_nil());
    CHECK_THROWS_WITH(parse_set("a[65537]=1", values),
                      "index of 65537 is greater than maximum supported index of 65536");
}

TEST_CASE("set values: --set merges into values already read, --set-string after --set",
          "[helm-format]") {
    Map values{{"image", Value::map(Map{{"tag", Value::string("1.0")},
                                        {"repository", Value::string("nginx")}})},
               {"replicas", Value::floating(1)}};
    SetValues options;
    // Only integers are typed: 2.0 stays a string.
    options.set = {"image.tag=2.0,replicas=3", "a=x"};
    options.set_string = {"a=1", "replicas=4"};
    apply_set_values(options, values);
    CHECK(json_marshal(Value::map(values)) ==
          R"({"a":"1","image":{"repository":"nginx","tag":"2.0"},"replicas":"4"})");
    // A value read from a file is no list to index.
    CHECK_THROWS_WITH(parse_set("replicas[0]=1", values),
                      "unable to parse key: interface conversion: interface {} is string, not "
                      "[]interface {}");
    options.set = {"a"};
    CHECK_THROWS_WITH(apply_set_values(options, values),
                      "failed parsing --set data: key \"a\" has no value");
}
