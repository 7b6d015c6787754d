// What changes with `$schema`: santhosh (as Helm configures it) assumes
// 2020-12 without one, asserts `format` only for drafts 4 to 7, ignores the
// siblings of `$ref` before 2019-09, and reads each keyword only in the
// drafts that have it.
#include "tests/unit/common/jsonschema/support.hpp"

using airlock::jsonschema::Draft;
using airlock::test::jsonschema_support::accepts;
using airlock::test::jsonschema_support::compile_error;
using airlock::test::jsonschema_support::compiled;
using airlock::test::jsonschema_support::errors;

TEST_CASE("jsonschema $schema chooses the draft; 2020-12 without one", "[jsonschema]") {
    CHECK(compiled("{}").draft() == Draft::draft2020_12);
    CHECK(compiled("true").draft() == Draft::draft2020_12);
    CHECK(compiled(R"({"$schema": "http://json-schema.org/draft-04/schema#"})").draft() ==
          Draft::draft4);
    CHECK(compiled(R"({"$schema": "http://json-schema.org/draft-06/schema#"})").draft() ==
          Draft::draft6);
    CHECK(compiled(R"({"$schema": "http://json-schema.org/draft-07/schema"})").draft() ==
          Draft::draft7);
    CHECK(compiled(R"({"$schema": "https://json-schema.org/draft-07/schema#"})").draft() ==
          Draft::draft7);
    CHECK(compiled(R"({"$schema": "https://json-schema.org/draft/2019-09/schema"})").draft() ==
          Draft::draft2019_09);
    CHECK(compiled(R"({"$schema": "https://json-schema.org/draft/2020-12/schema"})").draft() ==
          Draft::draft2020_12);
    CHECK(compiled(R"({"$schema": "https://json-schema.org/schema"})").draft() ==
          Draft::draft2020_12);
    // Not a string: the default draft, whose metaschema then refuses it.
    CHECK(compile_error(R"({"$schema": 7})") ==
          "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema validation "
          "failed with 'https://json-schema.org/draft/2020-12/schema#'\n"
          "- at '': 'allOf' failed\n"
          "  - at '/$schema': got number, want string");
}

TEST_CASE("jsonschema format is asserted under drafts 4 to 7 only", "[jsonschema]") {
    const std::string body =
        R"("properties": {"f": {"format": "ipv4"}, "g": {"format": "no-such"}})";
    const std::string values = R"({"f": "1.2.3", "g": "x"})";
    for (const char* draft :
         {"http://json-schema.org/draft-04/schema#", "http://json-schema.org/draft-06/schema#",
          "http://json-schema.org/draft-07/schema#"}) {
        INFO(draft);
        CHECK(errors(std::string(R"({"$schema": ")") + draft + "\", " + body + "}", values) ==
              "- at '/f': '1.2.3' is not valid ipv4: expected four decimals");
    }
    CHECK(accepts(R"({"$schema": "https://json-schema.org/draft/2019-09/schema", )" + body + "}",
                  values));
    CHECK(accepts("{" + body + "}", values));
}

TEST_CASE("jsonschema before 2019-09 the siblings of $ref are ignored", "[jsonschema]") {
    const std::string draft7 = R"({"$schema": "http://json-schema.org/draft-07/schema#",
        "properties": {"b": {"$ref": "#/definitions/t", "minLength": 5}},
        "definitions": {"t": {"type": "string", "maxLength": 2}}})";
    CHECK(errors(draft7, R"({"b": "abc"})") == "- at '/b': maxLength: got 3, want 2");
    CHECK(accepts(draft7, R"({"b": "ab"})"));
    const std::string draft2019 = R"({"$schema": "https://json-schema.org/draft/2019-09/schema",
        "properties": {"a": {"$ref": "#/$defs/t", "minLength": 5}},
        "$defs": {"t": {"type": "string", "maxLength": 2}}})";
    CHECK(errors(draft2019, R"({"a": "abc"})") == "- at '/a': maxLength: got 3, want 2\n"
                                                  "- at '/a': minLength: got 3, want 5");
}

TEST_CASE("jsonschema draft 6 and 7 check const beside $ref (santhosh's order)", "[jsonschema]") {
    const std::string schema = R"({"$schema": "http://json-schema.org/draft-07/schema#",
        "properties": {"a": {"$ref": "#/definitions/t", "const": "zz"}},
        "definitions": {"t": {"type": "string", "maxLength": 2}}})";
    CHECK(errors(schema, R"({"a": "abc"})") == "- at '/a': value must be 'zz'");
    CHECK(accepts(schema, R"({"a": "zz"})"));
}

TEST_CASE("jsonschema draft 4 takes boolean exclusive bounds", "[jsonschema]") {
    const std::string schema = R"({"$schema": "http://json-schema.org/draft-04/schema#",
        "properties": {"a": {"maximum": 5, "exclusiveMaximum": true},
                       "b": {"minimum": 5, "exclusiveMinimum": true},
                       "c": {"maximum": 5, "exclusiveMaximum": false}}})";
    CHECK(accepts(schema, R"({"a": 4.9, "b": 5.1, "c": 5})"));
    CHECK(errors(schema, R"({"a": 5, "b": 5, "c": 5})") ==
          "- at '/a': exclusiveMaximum: got 5, want 5\n"
          "- at '/b': exclusiveMinimum: got 5, want 5");
    // A boolean exclusive bound breaks the later metaschemas.
    CHECK(compile_error(R"({"$schema": "http://json-schema.org/draft-07/schema#",
                            "exclusiveMaximum": true})") ==
          "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema "
          "validation failed with 'http://json-schema.org/draft-07/schema#'\n"
          "- at '/exclusiveMaximum': got boolean, want number");
}

TEST_CASE("jsonschema keywords count only in the drafts that have them", "[jsonschema]") {
    // propertyNames arrived in draft 6, if/then/else in draft 7.
    const std::string draft4 = R"({"$schema": "http://json-schema.org/draft-04/schema#",
        "properties": {"a": {"propertyNames": {"maxLength": 1}}}})";
    CHECK(accepts(draft4, R"({"a": {"abc": 1}})"));
    const std::string draft6 = R"({"$schema": "http://json-schema.org/draft-06/schema#",
        "properties": {"a": {"propertyNames": {"maxLength": 1}},
                       "i": {"if": {"type": "string"}, "then": {"minLength": 9}}}})";
    CHECK(errors(draft6, R"({"a": {"abc": 1}, "i": "x"})") ==
          "- at '': invalid propertyName 'abc'\n"
          "  - at '': maxLength: got 3, want 1");
    // dependentRequired is 2019-09; `dependencies` is read by every draft.
    const std::string draft7 = R"({"$schema": "http://json-schema.org/draft-07/schema#",
        "properties": {"d": {"dependentRequired": {"x": ["y"]}}}})";
    CHECK(accepts(draft7, R"({"d": {"x": 1}})"));
    CHECK(errors(R"({"properties": {"d": {"dependencies": {"x": ["y"]}}}})",
                 R"({"d": {"x": 1}})") == "- at '/d': properties 'y' required, if 'x' exists");
}

TEST_CASE("jsonschema items: a list before 2020-12, prefixItems after", "[jsonschema]") {
    const std::string draft7 = R"({"$schema": "http://json-schema.org/draft-07/schema",
        "properties": {"d": {"items": [{"type": "string"}], "additionalItems": {"type": "string"}},
                       "e": {"items": [{}], "additionalItems": false},
                       "f": {"items": {"type": "string"}, "additionalItems": false}}})";
    CHECK(accepts(draft7, R"({"d": ["a", "b"], "e": [1], "f": ["a", "b"]})"));
    // additionalItems numbers the items after the list from 0 (santhosh).
    CHECK(errors(draft7, R"({"d": ["a", "b", 3], "e": [1, 2, 3], "f": [1]})") ==
          "- at '/d/1': got number, want string\n"
          "- at '/e': last 2 additionalItem(s) not allowed\n"
          "- at '/f/0': got number, want string");
    // The list form is not 2020-12.
    CHECK(compile_error(R"({"items": [{"type": "string"}]})") ==
          "\"file:///values.schema.json#\" is not valid against metaschema: jsonschema "
          "validation failed with 'https://json-schema.org/draft/2020-12/schema#'\n"
          "- at '': 'allOf' failed\n"
          "  - at '/items': got array, want boolean or object");
}

TEST_CASE("jsonschema items matched by contains count as evaluated from 2020-12 on",
          "[jsonschema]") {
    const std::string body =
        R"("properties": {"a": {"contains": {"type": "string"}, "unevaluatedItems": false}}})";
    CHECK(accepts("{" + body, R"({"a": ["x"]})"));
    CHECK(errors("{" + body, R"({"a": ["x", 1]})") == "- at '/a/1': false schema");
    CHECK(errors(R"({"$schema": "https://json-schema.org/draft/2019-09/schema", )" + body,
                 R"({"a": ["x"]})") == "- at '/a/0': false schema");
}

TEST_CASE("jsonschema $defs is reached by pointer even where it is no keyword", "[jsonschema]") {
    // cert-manager's schema: draft-07 with its definitions under $defs.
    const std::string schema = R"({"$schema": "http://json-schema.org/draft-07/schema#",
        "$ref": "#/$defs/values", "$defs": {"values": {"type": "object",
        "properties": {"tag": {"$ref": "#/$defs/values.tag"}}},
        "values.tag": {"type": "string"}}})";
    CHECK(accepts(schema, R"({"tag": "v1"})"));
    CHECK(errors(schema, R"({"tag": 1})") == "- at '/tag': got number, want string");
}
