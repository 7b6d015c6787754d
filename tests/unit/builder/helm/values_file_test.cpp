#include "builder/helm/go_json.hpp"
#include "builder/helm/values_file.hpp"
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::helm;
using gotemplate::Map;
using gotemplate::Value;

namespace {

std::string loaded(std::string_view text) {
    return json_marshal(load_values(text));
}

std::string load_error(std::string_view text) {
    try {
        load_values(text, "failed to parse f.yaml: ");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::spec);
        return e.what();
    }
    FAIL("no error");
    return {};
}

} // namespace

TEST_CASE("values files: empty, comments only or null give an empty map", "[helm-format]") {
    CHECK(loaded("") == "{}");
    CHECK(loaded("# nothing\n") == "{}");
    CHECK(loaded("~\n") == "{}");
    CHECK(loaded("---\n---\n") == "{}");
}

TEST_CASE("values files: documents are merged in order, maps deeply", "[helm-format]") {
    CHECK(loaded("a: 1\nb: {x: 1}\n---\nb: {y: 2}\nc: 3\n--- # comment\n---\nd: n\n") ==
          R"({"a":1,"b":{"true":2,"x":1},"c":3,"d":false})");
    CHECK(loaded("a: {x: 1}\n---\na: null\n") == R"({"a":null})");
    CHECK(loaded("a: null\n---\na: {x: 1}\n") == R"({"a":{"x":1}})");
    CHECK(loaded("a: [1]\n---\na: {b: 1}\n") == R"({"a":{"b":1}})");
    CHECK(loaded("a: 1\r\n---\r\nb: 2\r\n") == R"({"a":1,"b":2})");
    // "..." ends a document for the YAML reader, not for the splitter.
    CHECK(loaded("a: 1\n...\nb: 2\n") == R"({"a":1})");
}

TEST_CASE("values files: Helm's errors, lines counted within the document", "[helm-format]") {
    CHECK(
        load_error("a: 1\n---x\n") ==
        "failed to parse f.yaml: error reading yaml document: invalid Yaml document separator: x");
    CHECK(
        load_error("a: 1\n----\n") ==
        "failed to parse f.yaml: error reading yaml document: invalid Yaml document separator: -");
    CHECK(load_error("a: 1\nb: [1, 2\nc: 3\n") ==
          "failed to parse f.yaml: cannot unmarshal yaml document: error converting YAML to JSON: "
          "yaml: line 2: did not find expected ',' or ']'");
    CHECK(load_error("x: 1\n---\na: 1\nb:\n  - x\n c: 3\n") ==
          "failed to parse f.yaml: cannot unmarshal yaml document: error converting YAML to JSON: "
          "yaml: line 3: did not find expected key");
    CHECK(load_error("- a\n- b\n") ==
          "failed to parse f.yaml: cannot unmarshal yaml document: error unmarshaling JSON: while "
          "decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface "
          "{}");
    CHECK(load_error("a: .inf\n") ==
          "failed to parse f.yaml: cannot unmarshal yaml document: "
          "error converting YAML to JSON: json: unsupported value: +Inf");
}

TEST_CASE("values files: merge_maps keeps a's maps where b has none", "[helm-format]") {
    const Value a =
        Value::map(Map{{"x", Value::map(Map{{"p", Value::integer(1)}})}, {"y", Value::integer(2)}});
    const Value b =
        Value::map(Map{{"x", Value::map(Map{{"q", Value::integer(3)}})}, {"y", Value::map(Map{})}});
    CHECK(json_marshal(merge_maps(a, b)) == R"({"x":{"p":1,"q":3},"y":{}})");
    // a itself is untouched.
    CHECK(json_marshal(a) == R"({"x":{"p":1},"y":2})");
}
