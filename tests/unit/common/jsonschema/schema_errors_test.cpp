// A schema that is not one: checked against its draft's metaschema, as
// santhosh does, and reported with its text (which Helm prints under the
// chart's name).
#include "tests/unit/common/jsonschema/support.hpp"

using airlock::jsonschema::Schema;
using airlock::test::jsonschema_support::compile_error;
using airlock::test::jsonschema_support::compiled;

TEST_CASE("jsonschema a bad type name breaks the 2020-12 metaschema", "[jsonschema]") {
    const std::string schema = R"({"properties": {"x": {"type": "strin"}}})";
    CHECK(compile_error(schema) ==
          "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation "
          "failed with 'https://json-schema.org/draft/2020-12/schema#'\n"
          "- at '': 'allOf' failed\n"
          "  - at '/properties/x': 'allOf' failed\n"
          "    - at '/properties/x/type': 'anyOf' failed\n"
          "      - at '/properties/x/type': value must be one of 'array', 'boolean', 'integer', "
          "'null', 'number', 'object', 'string'\n"
          "      - at '/properties/x/type': got string, want array");
    const auto result = Schema::try_compile(nlohmann::json::parse(schema));
    CHECK(result.error_line ==
          "\"file:///values.schema.json#\" is not valid against metaschema: at "
          "'/properties/x/type': value must be one of 'array', 'boolean', 'integer', 'null', "
          "'number', 'object', 'string'; at '/properties/x/type': got string, want array");
    CHECK_THROWS_MATCHES(compiled(schema), airlock::Error, Catch::Message(result.error_line));
}

TEST_CASE("jsonschema draft 7 and draft 4 metaschemas report their own way", "[jsonschema]") {
    CHECK(compile_error(R"({"$schema": "http://json-schema.org/draft-07/schema#",
                            "properties": {"x": {"type": "strin"}}})") ==
          "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation "
          "failed with 'http://json-schema.org/draft-07/schema#'\n"
          "- at '/properties/x/type': 'anyOf' failed\n"
          "  - at '/properties/x/type': value must be one of 'array', 'boolean', 'integer', "
          "'null', 'number', 'object', 'string'\n"
          "  - at '/properties/x/type': got string, want array");
    CHECK(compile_error(R"({"$schema": "http://json-schema.org/draft-04/schema#",
                            "properties": {"x": {"minimum": "a", "pattern": "a("}}})") ==
          "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation "
          "failed with 'http://json-schema.org/draft-04/schema#'\n"
          "- at '/properties/x': validation failed\n"
          "  - at '/properties/x/minimum': got string, want number\n"
          "  - at '/properties/x/pattern': 'a(' is not valid regex: error parsing regexp: missing "
          "closing ): `a(`");
}

TEST_CASE("jsonschema bad regular expressions in patterns and property patterns", "[jsonschema]") {
    // 2020-12 checks both through the metaschema ("format": "regex").
    CHECK(compile_error(
              R"({"patternProperties": {"a(": {}}, "properties": {"z": {"pattern": "x**"}}})") ==
          "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation "
          "failed with 'https://json-schema.org/draft/2020-12/schema#'\n"
          "- at '': 'allOf' failed\n"
          "  - at '': validation failed\n"
          "    - at '': invalid propertyName 'a('\n"
          "      - at '': 'a(' is not valid regex: error parsing regexp: missing closing ): `a(`\n"
          "    - at '/properties/z': 'allOf' failed\n"
          "      - at '/properties/z/pattern': 'x**' is not valid regex: error parsing regexp: "
          "invalid nested repetition operator: `**`");
    // Draft 4's metaschema does not look at property patterns; compiling does.
    CHECK(compile_error(R"({"$schema": "http://json-schema.org/draft-04/schema#",
                            "patternProperties": {"a(": {}}})") ==
          "invalid regex \"a(\" at \"file:///values.schema.json#/patternProperties\": error "
          "parsing regexp: missing closing ): `a(`");
}

TEST_CASE("jsonschema a referenced subschema outside the keywords is checked when reached",
          "[jsonschema]") {
    // Draft 7 has no $defs keyword: its content meets the metaschema only
    // through the $ref.
    const std::string schema = R"({"$schema": "http://json-schema.org/draft-07/schema#",
        "properties": {"a": {"$ref": "#/$defs/x"}}, "$defs": {"x": {"type": "strin"}}})";
    CHECK(compile_error(schema) ==
          "\"file:///values.schema.json#/$defs/x\" is not valid against metaschema: jsonschema "
          "validation failed with 'http://json-schema.org/draft-07/schema#'\n"
          "- at '/type': 'anyOf' failed\n"
          "  - at '/type': value must be one of 'array', 'boolean', 'integer', 'null', 'number', "
          "'object', 'string'\n"
          "  - at '/type': got string, want array");
    // Unreferenced, it is never looked at.
    CHECK_NOTHROW(compiled(R"({"$schema": "http://json-schema.org/draft-07/schema#",
                               "$defs": {"x": {"type": "strin"}}})"));
}

TEST_CASE("jsonschema try_compile reports instead of throwing", "[jsonschema]") {
    const auto good = Schema::try_compile(nlohmann::json::parse(R"({"type": "object"})"));
    CHECK(good.schema.has_value());
    CHECK(good.error.empty());
    const auto bad = Schema::try_compile(nlohmann::json::parse(R"({"minLength": -1})"));
    CHECK_FALSE(bad.schema.has_value());
    CHECK(bad.error ==
          "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation "
          "failed with 'https://json-schema.org/draft/2020-12/schema#'\n"
          "- at '': 'allOf' failed\n"
          "  - at '/minLength': minimum: got -1, want 0");
}
