// Each keyword passing and failing, with the message Helm v4 prints
// (santhosh/jsonschema v6.0.2; every expected text below was observed from
// `helm template` with the schema as a chart's values.schema.json).
#include "tests/unit/common/jsonschema/support.hpp"

using airlock::test::jsonschema_support::accepts;
using airlock::test::jsonschema_support::errors;

TEST_CASE("jsonschema type: names the type got and the types wanted", "[jsonschema]") {
    const std::string schema = R"({"properties": {
        "s": {"type": "string"}, "n": {"type": "number"}, "b": {"type": "boolean"},
        "z": {"type": "null"}, "a": {"type": "array"}, "o": {"type": "object"},
        "m": {"type": ["null", "string", "integer"]}}})";
    CHECK(accepts(schema, R"({"s": "x", "n": 1.5, "b": false, "z": null, "a": [], "o": {},
                              "m": null})"));
    CHECK(errors(schema, R"({"s": 1, "n": "1", "b": 0, "z": false, "a": {}, "o": [], "m": 1.5})") ==
          "- at '/a': got object, want array\n"
          "- at '/b': got number, want boolean\n"
          "- at '/m': got number, want null or integer or string\n"
          "- at '/n': got string, want number\n"
          "- at '/o': got array, want object\n"
          "- at '/s': got number, want string\n"
          "- at '/z': got boolean, want null");
}

TEST_CASE("jsonschema type integer: a number without a fraction, 1.0 included", "[jsonschema]") {
    const std::string schema = R"({"properties": {"i": {"type": "integer"}}})";
    CHECK(accepts(schema, R"({"i": 3})"));
    CHECK(accepts(schema, R"({"i": 1.0})"));
    CHECK(accepts(schema, R"({"i": 1e2})"));
    CHECK(accepts(schema, R"({"i": -9223372036854775808})"));
    CHECK(accepts(schema, R"({"i": 18446744073709551615})"));
    CHECK(errors(schema, R"({"i": 2.5})") == "- at '/i': got number, want integer");
    CHECK(errors(schema, R"({"i": "3"})") == "- at '/i': got string, want integer");
}

TEST_CASE("jsonschema enum and const: equal by value, listed as Go prints them", "[jsonschema]") {
    const std::string schema = R"({"properties": {
        "a": {"enum": [1, null, true, "x", 12345678]},
        "b": {"const": 1.5}, "c": {"const": {"a": 1}}, "d": {"enum": [[1], 2]},
        "e": {"const": null}, "f": {"enum": ["Always"]}}})";
    CHECK(accepts(schema, R"({"a": 1.0, "b": 1.5, "c": {"a": 1.0}, "d": [1], "e": null,
                              "f": "Always"})"));
    CHECK(errors(schema, R"({"a": 2, "b": 2, "c": 1, "d": 3, "e": 0, "f": "Never"})") ==
          "- at '/a': value must be one of 1, <nil>, true, 'x', 12345678\n"
          "- at '/b': value must be 1.5\n"
          "- at '/c': 'const' failed\n"
          "- at '/d': 'enum' failed\n"
          "- at '/e': value must be <nil>\n"
          "- at '/f': value must be 'Always'");
}

TEST_CASE("jsonschema properties, required and additionalProperties", "[jsonschema]") {
    const std::string schema = R"({"type": "object",
        "properties": {"image": {"type": "object",
            "properties": {"tag": {"type": "string"}}, "required": ["repo"]}},
        "required": ["image"], "additionalProperties": false})";
    CHECK(accepts(schema, R"({"image": {"repo": "r", "tag": "1"}})"));
    CHECK(errors(schema, R"({})") == "- at '': missing property 'image'");
    // Several errors at one place become a group ("validation failed").
    CHECK(errors(schema, R"({"image": {"tag": 1}, "x": 1, "extra": 2})") ==
          "- at '/image': validation failed\n"
          "  - at '/image': missing property 'repo'\n"
          "  - at '/image/tag': got number, want string\n"
          "- at '': additional properties 'extra', 'x' not allowed");
    CHECK(errors(R"({"required": ["a", "b", "c"]})", R"({"b": 1})") ==
          "- at '': missing properties 'a', 'c'");
    CHECK(errors(R"({"additionalProperties": {"type": "string"}, "properties": {"a": true}})",
                 R"({"a": 1, "b": 2})") == "- at '/b': got number, want string");
}

TEST_CASE("jsonschema patternProperties: a name matching anywhere counts", "[jsonschema]") {
    const std::string schema = R"({"patternProperties": {"^x-": {"type": "string"},
        "port": {"type": "integer"}}, "additionalProperties": false})";
    CHECK(accepts(schema, R"({"x-a": "1", "http-port": 80})"));
    CHECK(errors(schema, R"({"x-a": 1, "xport": "80", "y": 1})") ==
          "- at '/x-a': got number, want string\n"
          "- at '/xport': got string, want integer\n"
          "- at '': additional properties 'y' not allowed");
}

TEST_CASE("jsonschema propertyNames: reported at '' (santhosh's slip)", "[jsonschema]") {
    const std::string schema =
        R"({"properties": {"a": {"propertyNames": {"maxLength": 2, "pattern": "^a"}}}})";
    CHECK(accepts(schema, R"({"a": {"ab": 1}})"));
    CHECK(errors(schema, R"({"a": {"abc": 1, "ab": 2}})") == "- at '': invalid propertyName 'abc'\n"
                                                             "  - at '': maxLength: got 3, want 2");
    // The name's own errors are listed under it directly, not as a group.
    CHECK(errors(schema, R"({"a": {"xyz": 1}})") == "- at '': invalid propertyName 'xyz'\n"
                                                    "  - at '': maxLength: got 3, want 2\n"
                                                    "  - at '': 'xyz' does not match pattern '^a'");
}

TEST_CASE("jsonschema minProperties and maxProperties", "[jsonschema]") {
    const std::string schema =
        R"({"properties": {"a": {"minProperties": 2}, "b": {"maxProperties": 1}}})";
    CHECK(accepts(schema, R"({"a": {"x": 1, "y": 2}, "b": {}})"));
    CHECK(errors(schema, R"({"a": {"x": 1}, "b": {"x": 1, "y": 2}})") ==
          "- at '/a': minProperties: got 1, want 2\n"
          "- at '/b': maxProperties: got 2, want 1");
}

TEST_CASE("jsonschema dependencies, dependentRequired and dependentSchemas", "[jsonschema]") {
    const std::string schema = R"({"properties": {
        "a": {"dependencies": {"x": ["y", "z"], "w": {"required": ["q"]}}},
        "b": {"dependentRequired": {"x": ["y"]}, "dependentSchemas": {"w": {"required": ["q"]}}}}})";
    CHECK(accepts(schema, R"({"a": {"x": 1, "y": 1, "z": 1}, "b": {"w": 1, "q": 1}})"));
    CHECK(accepts(schema, R"({"a": {"y": 1}, "b": {"y": 1}})"));
    CHECK(errors(schema, R"({"a": {"x": 1, "w": 2}, "b": {"x": 1, "w": 2}})") ==
          "- at '/a': validation failed\n"
          "  - at '/a': missing property 'q'\n"
          "  - at '/a': properties 'y', 'z' required, if 'x' exists\n"
          "- at '/b': validation failed\n"
          "  - at '/b': missing property 'q'\n"
          "  - at '/b': properties 'y' required, if 'x' exists");
}

TEST_CASE("jsonschema items, minItems, maxItems and uniqueItems", "[jsonschema]") {
    const std::string schema = R"({"properties": {
        "l": {"type": "array", "items": {"type": "string"}, "minItems": 3},
        "m": {"maxItems": 1}, "u": {"uniqueItems": true}}})";
    CHECK(
        accepts(schema, R"({"l": ["a", "b", "c"], "m": [1], "u": [1, "1", {"a": 1}, {"a": 2}]})"));
    CHECK(errors(schema, R"({"l": ["a", 3], "m": [1, 2], "u": [1, 2, {"x": 1, "y": 2},
                                                            {"y": 2, "x": 1.0}]})") ==
          "- at '/l': validation failed\n"
          "  - at '/l': minItems: got 2, want 3\n"
          "  - at '/l/1': got number, want string\n"
          "- at '/m': maxItems: got 2, want 1\n"
          "- at '/u': items at 2 and 3 are equal");
    // Past 20 items santhosh hashes; the first repeated item still decides.
    std::string many = "[";
    for (int i = 0; i < 30; ++i) {
        many += std::to_string(i) + ",";
    }
    many += "28.0, 5]";
    CHECK(errors(R"({"properties": {"u": {"uniqueItems": true}}})", R"({"u": )" + many + "}") ==
          "- at '/u': items at 28 and 30 are equal");
}

TEST_CASE("jsonschema prefixItems then items: santhosh numbers the rest from 0", "[jsonschema]") {
    const std::string schema =
        R"({"properties": {"d": {"prefixItems": [{"type": "string"}], "items": {"type": "string"}}}})";
    CHECK(accepts(schema, R"({"d": ["a", "b"]})"));
    // The third item is reported as /d/1 (Helm prints this).
    CHECK(errors(schema, R"({"d": ["a", "b", 3]})") == "- at '/d/1': got number, want string");
}

TEST_CASE("jsonschema contains, minContains and maxContains", "[jsonschema]") {
    const std::string schema = R"({"properties": {"b": {"contains": {"type": "string"}},
        "c": {"contains": {"type": "string"}, "minContains": 2, "maxContains": 0},
        "d": {"contains": {"type": "string"}, "minContains": 0}}})";
    CHECK(accepts(schema, R"({"b": [1, "x"], "d": [1]})"));
    CHECK(errors(schema, R"({"b": [1, 2], "c": ["a", 1]})") ==
          "- at '/b': no items match contains schema\n"
          "  - at '/b/0': got number, want string\n"
          "  - at '/b/1': got number, want string\n"
          "- at '/c': validation failed\n"
          "  - at '/c': min 2 items required to match contains schema, but matched 1 items at 0\n"
          "    - at '/c/1': got number, want string\n"
          "  - at '/c': max 0 items required to match contains schema, but matched 1 items at 0");
    CHECK(errors(R"({"properties": {"c": {"contains": {"const": 1}, "minContains": 2}}})",
                 R"({"c": [2]})") ==
          "- at '/c': min 2 items required to match contains schema, but none matched\n"
          "  - at '/c/0': value must be 1");
}

TEST_CASE("jsonschema minLength and maxLength count code points", "[jsonschema]") {
    const std::string schema =
        R"({"properties": {"a": {"maxLength": 3}, "b": {"minLength": 4}, "c": {"maxLength": 3}}})";
    CHECK(accepts(schema, R"({"a": "日本語", "c": "héé"})"));
    CHECK(errors(schema, R"({"a": "héllo", "b": "日本語"})") ==
          "- at '/a': maxLength: got 5, want 3\n"
          "- at '/b': minLength: got 3, want 4");
}

TEST_CASE("jsonschema pattern: searched anywhere, as Go's MatchString", "[jsonschema]") {
    const std::string schema =
        R"({"properties": {"n": {"pattern": "^[a-z]+$"}, "p": {"pattern": "b+"}}})";
    CHECK(accepts(schema, R"({"n": "abc", "p": "abba"})"));
    CHECK(errors(schema, R"({"n": "ABCDE", "p": "ac"})") ==
          "- at '/n': 'ABCDE' does not match pattern '^[a-z]+$'\n"
          "- at '/p': 'ac' does not match pattern 'b+'");
}

TEST_CASE("jsonschema minimum, maximum and their exclusive forms", "[jsonschema]") {
    const std::string schema = R"({"properties": {"a": {"minimum": 1, "maximum": 1000},
        "b": {"exclusiveMinimum": 5}, "c": {"exclusiveMaximum": 5}}})";
    CHECK(accepts(schema, R"({"a": 1000, "b": 5.0001, "c": 4.9})"));
    CHECK(errors(schema, R"({"a": 1234567.5, "b": 5, "c": 5})") ==
          "- at '/a': maximum: got 1.2345675×10⁰⁶, want 1,000\n"
          "- at '/b': exclusiveMinimum: got 5, want 5\n"
          "- at '/c': exclusiveMaximum: got 5, want 5");
    CHECK(errors(schema, R"({"a": 0.5})") == "- at '/a': minimum: got 0.5, want 1");
}

TEST_CASE("jsonschema multipleOf is exact in decimal", "[jsonschema]") {
    const std::string schema =
        R"({"properties": {"a": {"multipleOf": 0.1}, "b": {"multipleOf": 0.01},
        "c": {"multipleOf": 3}, "d": {"multipleOf": 0.1}, "e": {"multipleOf": 7}}})";
    CHECK(accepts(schema, R"({"a": 0.3, "b": 19.99, "c": 9, "d": 1e300, "e": 1e22})") == false);
    CHECK(accepts(schema, R"({"a": 0.3, "b": 19.99, "c": 9, "d": 1e300, "e": 7e22})"));
    CHECK(errors(schema, R"({"a": 0.35, "c": 10, "e": 1e22})") ==
          "- at '/a': multipleOf: got 0.35, want 0.1\n"
          "- at '/c': multipleOf: got 10, want 3\n"
          "- at '/e': multipleOf: got 1×10²², want 7");
}

TEST_CASE("jsonschema allOf, anyOf, oneOf and not keep their causes", "[jsonschema]") {
    const std::string schema = R"({"properties": {"a": {
        "allOf": [{"type": "string"}, {"minimum": 3}],
        "anyOf": [{"type": "integer"}, {"maximum": 0.00001}],
        "oneOf": [{"type": "number"}, {"minimum": 1}],
        "not": {"type": "number"}}}})";
    // The group at /a is the only error, so it rises to the top unwrapped.
    CHECK(errors(schema, R"({"a": 2.5})") == "- at '/a': 'not' failed\n"
                                             "- at '/a': 'allOf' failed\n"
                                             "  - at '/a': got number, want string\n"
                                             "  - at '/a': minimum: got 2.5, want 3\n"
                                             "- at '/a': 'anyOf' failed\n"
                                             "  - at '/a': got number, want integer\n"
                                             "  - at '/a': maximum: got 2.5, want 1×10⁻⁰⁵\n"
                                             "- at '/a': 'oneOf' failed, subschemas 0, 1 matched");
    const std::string one_of = R"({"properties": {"a": {"oneOf": [
        {"type": "string", "minLength": 5}, {"type": "object", "required": ["x"]}]}}})";
    CHECK(accepts(one_of, R"({"a": "abcdef"})"));
    CHECK(errors(one_of, R"({"a": "abc"})") == "- at '/a': 'oneOf' failed, none matched\n"
                                               "  - at '/a': minLength: got 3, want 5\n"
                                               "  - at '/a': got string, want object");
}

TEST_CASE("jsonschema if, then and else", "[jsonschema]") {
    const std::string schema = R"({"properties": {"b": {"if": {"type": "string"},
        "then": {"minLength": 3}, "else": {"type": "boolean"}}}})";
    CHECK(accepts(schema, R"({"b": "abc"})"));
    CHECK(accepts(schema, R"({"b": true})"));
    CHECK(errors(schema, R"({"b": "ab"})") == "- at '/b': minLength: got 2, want 3");
    CHECK(errors(schema, R"({"b": 3})") == "- at '/b': got number, want boolean");
}

TEST_CASE("jsonschema boolean schemas", "[jsonschema]") {
    CHECK(accepts("true", R"({"a": 1})"));
    CHECK(errors("false", R"({})") == "- at '': false schema");
    CHECK(errors(R"({"properties": {"a": false, "b": true}})", R"({"a": 1, "b": 2})") ==
          "- at '/a': false schema");
    CHECK(accepts("{}", R"({"anything": [1, {"x": null}]})"));
}

TEST_CASE("jsonschema unevaluatedProperties sees through allOf, anyOf and if", "[jsonschema]") {
    const std::string all_of =
        R"({"allOf": [{"properties": {"a": true}}], "unevaluatedProperties": false})";
    CHECK(accepts(all_of, R"({"a": 1})"));
    CHECK(errors(all_of, R"({"a": 1, "b": 2})") == "- at '/b': false schema");
    const std::string any_of = R"({"anyOf": [{"properties": {"a": true}},
        {"properties": {"b": true}}], "unevaluatedProperties": false})";
    CHECK(errors(any_of, R"({"a": 1, "b": 2, "c": 3})") == "- at '/c': false schema");
    const std::string cond = R"({"if": {"properties": {"a": {"const": 1}}},
        "then": {"properties": {"b": true}}, "else": {"properties": {"c": true}},
        "unevaluatedProperties": false})";
    CHECK(accepts(cond, R"({"a": 1, "b": 2})"));
    CHECK(errors(cond, R"({"a": 1, "b": 2, "c": 3})") == "- at '/c': false schema");
    CHECK(errors(cond, R"({"a": 2, "b": 2, "c": 3})") ==
          "- at '/a': false schema\n- at '/b': false schema");
}

TEST_CASE("jsonschema unevaluatedItems after prefixItems and contains", "[jsonschema]") {
    const std::string schema =
        R"({"properties": {"v": {"prefixItems": [true], "unevaluatedItems": false},
                           "w": {"contains": {"type": "string"}, "unevaluatedItems": false}}})";
    CHECK(accepts(schema, R"({"v": [1], "w": ["a", "b"]})"));
    CHECK(errors(schema, R"({"v": [1, 2, 3], "w": ["a", 1]})") == "- at '/v': validation failed\n"
                                                                  "  - at '/v/1': false schema\n"
                                                                  "  - at '/v/2': false schema\n"
                                                                  "- at '/w/1': false schema");
}

TEST_CASE("jsonschema a schema applies to a value of any type it does not constrain",
          "[jsonschema]") {
    const std::string schema =
        R"({"minLength": 2, "minimum": 3, "minItems": 1, "required": ["a"]})";
    CHECK(accepts(schema, "true"));
    CHECK(accepts(schema, "null"));
    CHECK(errors(schema, R"("x")") == "- at '': minLength: got 1, want 2");
    CHECK(errors(schema, "[]") == "- at '': minItems: got 0, want 1");
}
