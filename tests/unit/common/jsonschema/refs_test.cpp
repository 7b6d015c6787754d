// $ref and its relatives: JSON pointers, $id, anchors, the built-in
// metaschemas, cycles, $recursiveRef and $dynamicRef; and the references
// we refuse to follow (Helm would fetch them).
#include "tests/unit/common/jsonschema/support.hpp"

using airlock::test::jsonschema_support::accepts;
using airlock::test::jsonschema_support::compile_error;
using airlock::test::jsonschema_support::compiled;
using airlock::test::jsonschema_support::errors;

TEST_CASE("jsonschema $ref by JSON pointer, escapes decoded", "[jsonschema]") {
    const std::string schema = R"({"properties": {"a": {"$ref": "#/$defs/a~1b"},
        "b": {"$ref": "#/$defs/c%25d"}, "c": {"$ref": "#/$defs/t"}},
        "$defs": {"a/b": {"type": "string"}, "c%d": {"type": "string"},
                  "t": {"type": "string", "minLength": 3, "pattern": "^x"}}})";
    CHECK(accepts(schema, R"({"a": "1", "b": "2", "c": "xyz"})"));
    // One error through a $ref shows as itself; several as a group.
    CHECK(errors(schema, R"({"a": 1, "b": 2, "c": "y"})") ==
          "- at '/a': got number, want string\n"
          "- at '/b': got number, want string\n"
          "- at '/c': validation failed\n"
          "  - at '/c': minLength: got 1, want 3\n"
          "  - at '/c': 'y' does not match pattern '^x'");
}

TEST_CASE("jsonschema $ref chains keep one group per place", "[jsonschema]") {
    const std::string schema = R"({"properties": {"a": {"$ref": "#/$defs/x"}},
        "$defs": {"x": {"$ref": "#/$defs/y", "minimum": 5},
                  "y": {"type": "integer", "maximum": 1}}})";
    CHECK(errors(schema, R"({"a": 2.5})") == "- at '/a': validation failed\n"
                                             "  - at '/a': got number, want integer\n"
                                             "  - at '/a': minimum: got 2.5, want 5");
}

TEST_CASE("jsonschema $ref to $anchor, $id and draft-4 id fragments", "[jsonschema]") {
    const std::string anchors =
        R"({"properties": {"a": {"$ref": "#foo"}, "b": {"$ref": "item.json"}},
        "$defs": {"x": {"$anchor": "foo", "type": "string"},
                  "y": {"$id": "item.json", "type": "boolean"}}})";
    CHECK(errors(anchors, R"({"a": 1, "b": 1})") == "- at '/a': got number, want string\n"
                                                    "- at '/b': got number, want boolean");
    const std::string draft4 = R"({"$schema": "http://json-schema.org/draft-04/schema#",
        "properties": {"a": {"$ref": "#foo"}},
        "definitions": {"x": {"id": "#foo", "type": "string"}}})";
    CHECK(errors(draft4, R"({"a": 1})") == "- at '/a': got number, want string");
}

TEST_CASE("jsonschema $id sets the base of the references within it", "[jsonschema]") {
    const std::string absolute = R"({"$id": "https://example.com/root.json",
        "properties": {"a": {"$ref": "item.json"},
                       "b": {"$ref": "https://example.com/item.json#/properties/n"}},
        "$defs": {"i": {"$id": "item.json", "type": "integer", "minimum": 1,
                        "properties": {"n": {"type": "string"}}}}})";
    CHECK(errors(absolute, R"({"a": 0.5, "b": 1})") == "- at '/a': got number, want integer\n"
                                                       "- at '/b': got number, want string");
    const std::string nested = R"({"$defs": {"n": {"$id": "nested/",
        "$defs": {"leaf": {"$id": "leaf.json", "type": "string"}}}},
        "properties": {"a": {"$ref": "nested/leaf.json"}}})";
    CHECK(errors(nested, R"({"a": 1})") == "- at '/a': got number, want string");
    const std::string urn = R"({"$id": "urn:example:root",
        "properties": {"b": {"$ref": "urn:example:root#/$defs/y"}, "c": {"$ref": "#/$defs/y"}},
        "$defs": {"y": {"type": "boolean"}}})";
    CHECK(errors(urn, R"({"b": 1, "c": 2})") == "- at '/b': got number, want boolean\n"
                                                "- at '/c': got number, want boolean");
}

TEST_CASE("jsonschema $ref to a draft metaschema uses the built-in copy", "[jsonschema]") {
    const std::string schema =
        R"({"properties": {"s": {"$ref": "http://json-schema.org/draft-07/schema#"}}})";
    CHECK(accepts(schema, R"({"s": {"type": "string"}})"));
    CHECK(errors(schema, R"({"s": {"type": "strin"}})") ==
          "- at '/s/type': 'anyOf' failed\n"
          "  - at '/s/type': value must be one of 'array', 'boolean', 'integer', 'null', "
          "'number', 'object', 'string'\n"
          "  - at '/s/type': got string, want array");
}

TEST_CASE("jsonschema references to other documents are refused, not fetched", "[jsonschema]") {
    CHECK(compile_error(R"({"properties": {"a": {"$ref": "other.json"}}})") ==
          "failing loading \"file:///other.json\": remote references are not fetched");
    CHECK(compile_error(R"({"properties": {"a": {"$ref": "https://example.com/s.json#/x"}}})") ==
          "failing loading \"https://example.com/s.json\": remote references are not fetched");
    CHECK(compile_error(R"({"$schema": "http://json-schema.org/draft-03/schema#"})") ==
          "failing loading \"http://json-schema.org/draft-03/schema\": remote references are not "
          "fetched");
    CHECK(compile_error(R"({"$schema": "file:///values.schema.json"})") ==
          "draft \"file:///values.schema.json\" is not supported");
    CHECK_THROWS_MATCHES(compiled(R"({"$ref": "other.json"})"), airlock::Error,
                         Catch::Message("failing loading \"file:///other.json\": remote "
                                        "references are not fetched"));
}

TEST_CASE("jsonschema an unresolved urn: reference is the schema true, with a warning",
          "[jsonschema]") {
    const auto schema = compiled(R"({"properties": {"a": {"$ref": "urn:foo:bar"}}})");
    CHECK(schema.validate(nlohmann::json::parse(R"({"a": 1})")).valid());
    REQUIRE(schema.warnings().size() == 1);
    CHECK(schema.warnings()[0] ==
          "unresolved URN reference ignored; using permissive schema: urn:foo:bar");
    CHECK(compile_error(R"({"properties": {"a": {"$ref": "urn:foo:bar#/x"}}})") ==
          "json-pointer in \"urn:foo:bar#/x\" not found");
}

TEST_CASE("jsonschema references to nothing name what is missing", "[jsonschema]") {
    CHECK(compile_error(R"({"properties": {"a": {"$ref": "#/$defs/nope"}}})") ==
          "json-pointer in \"file:///values.schema.json#/$defs/nope\" not found");
    CHECK(compile_error(R"({"properties": {"a": {"$ref": "#nope"}}})") ==
          "anchor in \"file:///values.schema.json#nope\" not found in schema "
          "\"file:///values.schema.json\"");
    CHECK(compile_error(R"({"$defs": {"a": {"$id": "x.json"}, "b": {"$id": "x.json"}}})") ==
          "duplicate id \"file:///x.json\" in \"file:///values.schema.json\" at \"/$defs/b\" and "
          "\"/$defs/a\"");
}

TEST_CASE("jsonschema a reference cycle that makes no progress is an error", "[jsonschema]") {
    CHECK(errors(R"({"$ref": "#"})", R"({"a": 1})") ==
          "- at '': both /$ref and  resolve to \"file:///values.schema.json#\" causing "
          "reference cycle");
    // Recursion through the instance is fine.
    const std::string tree = R"({"type": "object", "properties": {"child": {"$ref": "#"},
        "n": {"type": "integer"}}})";
    CHECK(accepts(tree, R"({"child": {"child": {"n": 1}}})"));
    CHECK(errors(tree, R"({"child": {"child": {"n": "x"}}})") ==
          "- at '/child/child/n': got string, want integer");
}

TEST_CASE("jsonschema $recursiveRef (2019-09) and $dynamicRef (2020-12)", "[jsonschema]") {
    const std::string recursive = R"({"$schema": "https://json-schema.org/draft/2019-09/schema",
        "$id": "https://ex.com/tree", "$recursiveAnchor": true, "type": "object",
        "properties": {"data": true, "children": {"type": "array",
                                                  "items": {"$recursiveRef": "#"}}}})";
    CHECK(accepts(recursive, R"({"children": [{"data": 1, "children": []}]})"));
    CHECK(errors(recursive, R"({"children": [{"data": 1, "children": [1]}]})") ==
          "- at '/children/0/children/0': got number, want object");
    const std::string dynamic = R"({"$id": "https://ex.com/tree", "$dynamicAnchor": "node",
        "type": "object", "properties": {"data": true, "children": {"type": "array",
                                                            "items": {"$dynamicRef": "#node"}}}})";
    CHECK(accepts(dynamic, R"({"children": [{"data": 1, "children": []}]})"));
    CHECK(errors(dynamic, R"({"children": [{"data": 1, "children": [1]}]})") ==
          "- at '/children/0/children/0': got number, want object");
}
