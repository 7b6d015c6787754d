#pragma once
// Expected outputs recorded from real Helm v4.1.4 (helm4), stated here as facts;
// the tests never run Helm.

namespace helm_format_cases {

// Generated from helm4 (Helm v4.1.4): a value given as JSON, and what toJson,
// toPrettyJson and toRawJson print for it.
struct ToJsonCase {
    const char* json;
    const char* compact;
    const char* pretty;
    const char* raw;
};
const ToJsonCase to_json_cases[] = {
    {"{\"a\": 1, \"b\": [1, \"x\", {\"k\": null}], \"c\": {}, \"d\": [], \"e\": "
     "\"<&>\\u2028\\u2029\\u007f\\u0001\\b\\f\\n\\r\\t\\\"\\\\/\303\251\360\237\230\200\", \"f\": "
     "1.5, \"g\": 1000000.0, \"h\": 1e+21, \"i\": 1e-07, \"j\": 1e-06, \"k\": -0.0, \"l\": "
     "123456789.0, \"m\": true}",
     "{\"a\":1,\"b\":[1,\"x\",{\"k\":null}],\"c\":{},\"d\":[],\"e\":"
     "\"\\u003c\\u0026\\u003e\\u2028\\u2029\177\\u0001\\b\\f\\n\\r\\t\\\"\\\\/"
     "\303\251\360\237\230\200\",\"f\":1.5,\"g\":1000000,\"h\":1e+21,\"i\":1e-7,\"j\":0.000001,"
     "\"k\":-0,\"l\":123456789,\"m\":true}",
     "{\n  \"a\": 1,\n  \"b\": [\n    1,\n    \"x\",\n    {\n      \"k\": null\n    }\n  ],\n  "
     "\"c\": {},\n  \"d\": [],\n  \"e\": "
     "\"\\u003c\\u0026\\u003e\\u2028\\u2029\177\\u0001\\b\\f\\n\\r\\t\\\"\\\\/"
     "\303\251\360\237\230\200\",\n  \"f\": 1.5,\n  \"g\": 1000000,\n  \"h\": 1e+21,\n  \"i\": "
     "1e-7,\n  \"j\": 0.000001,\n  \"k\": -0,\n  \"l\": 123456789,\n  \"m\": true\n}",
     "{\"a\":1,\"b\":[1,\"x\",{\"k\":null}],\"c\":{},\"d\":[],\"e\":\"<&>"
     "\\u2028\\u2029\177\\u0001\\b\\f\\n\\r\\t\\\"\\\\/"
     "\303\251\360\237\230\200\",\"f\":1.5,\"g\":1000000,\"h\":1e+21,\"i\":1e-7,\"j\":0.000001,"
     "\"k\":-0,\"l\":123456789,\"m\":true}"},
    {"[1, 0.1, 1e-07, 1e+21, 123456789.0, 1e+20, 18446744073709551615, 1e-06, 5e-324, "
     "1.7976931348623157e+308]",
     "[1,0.1,1e-7,1e+21,123456789,100000000000000000000,18446744073709552000,0.000001,5e-324,1."
     "7976931348623157e+308]",
     R"~([
  1,
  0.1,
  1e-7,
  1e+21,
  123456789,
  100000000000000000000,
  18446744073709552000,
  0.000001,
  5e-324,
  1.7976931348623157e+308
])~",
     "[1,0.1,1e-7,1e+21,123456789,100000000000000000000,18446744073709552000,0.000001,5e-324,1."
     "7976931348623157e+308]"},
    {R"~("plain")~", R"~("plain")~", R"~("plain")~", R"~("plain")~"},
    {R"~("")~", R"~("")~", R"~("")~", R"~("")~"},
    {"null", "null", "null", "null"},
    {"true", "true", "true", "true"},
    {"[]", "[]", "[]", "[]"},
    {"{}", "{}", "{}", "{}"},
    {"[[], {}]", "[[],{}]",
     R"~([
  [],
  {}
])~",
     "[[],{}]"},
    {R"~({"z": 1, "a": {"y": [1, 2], "b": {}}})~", R"~({"a":{"b":{},"y":[1,2]},"z":1})~",
     R"~({
  "a": {
    "b": {},
    "y": [
      1,
      2
    ]
  },
  "z": 1
})~",
     R"~({"a":{"b":{},"y":[1,2]},"z":1})~"},
};
// Generated from helm4: JSON text, and what `fromJson TEXT | toJson` and
// `fromJsonArray TEXT | toJson` print for it.
struct FromJsonCase {
    const char* text;
    const char* map_json;
    const char* list_json;
};
const FromJsonCase from_json_cases[] = {
    {R"~({"a": 1e400, "b": {"c": [1, 2e999]}})~",
     R"~({"Error":"json: cannot unmarshal number 1e400 into Go value of type float64","a":null,"b":{"c":[1,null]}})~",
     R"~(["json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"[1e400]",
     R"~({"Error":"json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     R"~(["json: cannot unmarshal number 1e400 into Go value of type float64"])~"},
    {"null", "null", "null"},
    {"{bad", R"~({"Error":"invalid character 'b' looking for beginning of object key string"})~",
     R"~(["invalid character 'b' looking for beginning of object key string"])~"},
    {R"~({"a":1}x)~", R"~({"Error":"invalid character 'x' after top-level value"})~",
     R"~(["invalid character 'x' after top-level value"])~"},
    {"", R"~({"Error":"unexpected end of JSON input"})~", R"~(["unexpected end of JSON input"])~"},
    {"[1,]", R"~({"Error":"invalid character ']' looking for beginning of value"})~",
     R"~(["invalid character ']' looking for beginning of value"])~"},
    {R"~({"a" 1})~", R"~({"Error":"invalid character '1' after object key"})~",
     R"~(["invalid character '1' after object key"])~"},
    {R"~("\x")~", R"~({"Error":"invalid character 'x' in string escape code"})~",
     R"~(["invalid character 'x' in string escape code"])~"},
    {"tru", R"~({"Error":"invalid character ' ' in literal true (expecting 'e')"})~",
     R"~(["invalid character ' ' in literal true (expecting 'e')"])~"},
    {"1.", R"~({"Error":"invalid character ' ' after decimal point in numeric literal"})~",
     R"~(["invalid character ' ' after decimal point in numeric literal"])~"},
    {"\"\303\251", R"~({"Error":"unexpected end of JSON input"})~",
     R"~(["unexpected end of JSON input"])~"},
    {"\303\274", "{\"Error\":\"invalid character '\303\203' looking for beginning of value\"}",
     "[\"invalid character '\303\203' looking for beginning of value\"]"},
    {"[1]",
     R"~({"Error":"json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     "[1]"},
    {"{}", "{}", R"~(["json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~("x")~",
     R"~({"Error":"json: cannot unmarshal string into Go value of type map[string]interface {}"})~",
     R"~(["json: cannot unmarshal string into Go value of type []interface {}"])~"},
    {"true",
     R"~({"Error":"json: cannot unmarshal bool into Go value of type map[string]interface {}"})~",
     R"~(["json: cannot unmarshal bool into Go value of type []interface {}"])~"},
    {"1",
     R"~({"Error":"json: cannot unmarshal number into Go value of type map[string]interface {}"})~",
     R"~(["json: cannot unmarshal number into Go value of type []interface {}"])~"},
    {R"~([1, {"a": null}])~",
     R"~({"Error":"json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     R"~([1,{"a":null}])~"},
    {R"~({"a": 1, "a": 2})~", R"~({"a":2})~",
     R"~(["json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~({"a": "\ud800x\ud83d\ude00\udc00"})~",
     "{\"a\":\"\357\277\275x\360\237\230\200\357\277\275\"}",
     R"~(["json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~( {"a" : [ 1 , 2 ] } )~", R"~({"a":[1,2]})~",
     R"~(["json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {R"~({"a":"\u00e9\/\b"})~", "{\"a\":\"\303\251/\\b\"}",
     R"~(["json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"-", R"~({"Error":"invalid character ' ' in numeric literal"})~",
     R"~(["invalid character ' ' in numeric literal"])~"},
    {"-0",
     R"~({"Error":"json: cannot unmarshal number into Go value of type map[string]interface {}"})~",
     R"~(["json: cannot unmarshal number into Go value of type []interface {}"])~"},
    {"01", R"~({"Error":"invalid character '1' after top-level value"})~",
     R"~(["invalid character '1' after top-level value"])~"},
    {"1e", R"~({"Error":"invalid character ' ' in exponent of numeric literal"})~",
     R"~(["invalid character ' ' in exponent of numeric literal"])~"},
    {"1e+", R"~({"Error":"invalid character ' ' in exponent of numeric literal"})~",
     R"~(["invalid character ' ' in exponent of numeric literal"])~"},
    {"0.5e-3",
     R"~({"Error":"json: cannot unmarshal number into Go value of type map[string]interface {}"})~",
     R"~(["json: cannot unmarshal number into Go value of type []interface {}"])~"},
    {"[", R"~({"Error":"unexpected end of JSON input"})~", R"~(["unexpected end of JSON input"])~"},
    {R"~({"a":)~", R"~({"Error":"unexpected end of JSON input"})~",
     R"~(["unexpected end of JSON input"])~"},
    {R"~({"a":1,)~", R"~({"Error":"unexpected end of JSON input"})~",
     R"~(["unexpected end of JSON input"])~"},
    {R"~("\u12)~", R"~({"Error":"invalid character ' ' in \\u hexadecimal character escape"})~",
     R"~(["invalid character ' ' in \\u hexadecimal character escape"])~"},
    {R"~("\u12x)~", R"~({"Error":"invalid character 'x' in \\u hexadecimal character escape"})~",
     R"~(["invalid character 'x' in \\u hexadecimal character escape"])~"},
    {"nul", R"~({"Error":"invalid character ' ' in literal null (expecting 'l')"})~",
     R"~(["invalid character ' ' in literal null (expecting 'l')"])~"},
    {"fals", R"~({"Error":"invalid character ' ' in literal false (expecting 'e')"})~",
     R"~(["invalid character ' ' in literal false (expecting 'e')"])~"},
    {"\"a\tb\"", R"~({"Error":"invalid character '\\t' in string literal"})~",
     R"~(["invalid character '\\t' in string literal"])~"},
    {"\357\273\277{}",
     "{\"Error\":\"invalid character '\303\257' looking for beginning of value\"}",
     "[\"invalid character '\303\257' looking for beginning of value\"]"},
    {R"~({"":1})~", R"~({"":1})~",
     R"~(["json: cannot unmarshal object into Go value of type []interface {}"])~"},
    {"[[[]]]",
     R"~({"Error":"json: cannot unmarshal array into Go value of type map[string]interface {}"})~",
     "[[[]]]"},
    {"  ", R"~({"Error":"unexpected end of JSON input"})~",
     R"~(["unexpected end of JSON input"])~"},
    {"1 2", R"~({"Error":"invalid character '2' after top-level value"})~",
     R"~(["invalid character '2' after top-level value"])~"},
    {R"~("\ud83d")~",
     R"~({"Error":"json: cannot unmarshal string into Go value of type map[string]interface {}"})~",
     R"~(["json: cannot unmarshal string into Go value of type []interface {}"])~"},
};

} // namespace helm_format_cases
