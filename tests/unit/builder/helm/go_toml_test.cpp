#include "builder/helm/go_json.hpp"
#include "builder/helm/go_toml.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"
#include "tests/unit/builder/helm/toml_cases.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::helm;
using gotemplate::Map;
using gotemplate::Value;

TEST_CASE("toToml writes what Helm writes, errors as text", "[helm-format]") {
    for (const auto& c : helm_format_cases::to_toml_cases) {
        INFO("value: " << c.json);
        const JsonDecoded in = json_unmarshal(c.json, JsonTarget::any);
        REQUIRE(in.error.empty());
        const TomlEncoded out = toml_encode(in.value);
        CHECK((out.error.empty() ? out.text : out.error) == c.toml);
    }
    // Go panics on a nil value; Helm does not catch it.
    CHECK_THROWS_WITH(toml_encode(Value::nil()),
                      "reflect: call of reflect.Value.Type on zero Value");
}

TEST_CASE("fromToml reads what Helm reads, errors included", "[helm-format]") {
    for (const auto& c : helm_format_cases::from_toml_cases) {
        INFO("toml: " << c.toml);
        TomlDecoded d = toml_decode(c.toml);
        if (!d.error.empty()) {
            d.value.as_map().insert_or_assign("Error", Value::string(d.error));
        }
        CHECK(json_marshal(d.value) == c.json);
    }
}

TEST_CASE("fromToml: integers are int64, dates are times", "[helm-format]") {
    const TomlDecoded d = toml_decode("n = 5\nd = 1979-05-27T07:32:00Z\nl = 1979-05-27\n");
    REQUIRE(d.error.empty());
    const Map& m = d.value.as_map();
    CHECK(m.at("n").type_name() == "int64");
    CHECK(m.at("d").type_name() == "time.Time");
    // %v of a time.Time, as Go prints it.
    CHECK(gotemplate::sprint_value(m.at("d")) == "1979-05-27 07:32:00 +0000 UTC");
    CHECK(gotemplate::sprint_value(m.at("l")) == "1979-05-27 00:00:00 +0000 date-local");
}
