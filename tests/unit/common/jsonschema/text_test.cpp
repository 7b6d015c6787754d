// How santhosh's messages print numbers and strings (golang.org/x/text with
// English rules; Go's %q), and the text Helm builds around them.
#include "common/jsonschema/detail/number.hpp"
#include "common/jsonschema/detail/text.hpp"
#include "tests/unit/common/jsonschema/support.hpp"

using airlock::jsonschema::ValidationResult;
using airlock::test::jsonschema_support::compiled;
using airlock::test::jsonschema_support::errors;
namespace detail = airlock::jsonschema::detail;

TEST_CASE("jsonschema numbers print as x/text prints a float64", "[jsonschema]") {
    // Observed as "maximum: got X, want -1" from helm4.
    const std::pair<double, const char*> cases[] = {
        {0.1, "0.1"},
        {1.0000001, "1.0000001"},
        {123456.7, "123,456.7"},
        {1e21, "1×10²¹"},
        {0.000123, "0.000123"},
        {-0.5, "-0.5"},
        {1e-7, "1×10⁻⁰⁷"},
        {999999.9, "999,999.9"},
        {1000000, "1×10⁰⁶"},
        {12345678901234567890.0, "1.2345678901234567×10¹⁹"},
        {0, "0"},
        {123456789012, "1.23456789012×10¹¹"},
        {5e-324, "5×10⁻³²⁴"},
        {1.7976931348623157e308, "1.7976931348623157×10³⁰⁸"},
        {0.00001234, "1.234×10⁻⁰⁵"},
        {1000, "1,000"},
        {-1234567.5, "-1.2345675×10⁰⁶"},
    };
    for (const auto& [value, text] : cases) {
        INFO(value);
        CHECK(detail::format_float(value) == text);
    }
    CHECK(detail::format_int(1234) == "1,234");
    CHECK(detail::format_int(-1234567) == "-1,234,567");
    CHECK(detail::format_int(999) == "999");
    CHECK(errors(R"({"properties": {"s": {"minLength": 1234}}})", R"({"s": "x"})") ==
          "- at '/s': minLength: got 1, want 1,234");
}

TEST_CASE("jsonschema numbers compare as the decimals they print as", "[jsonschema]") {
    using detail::Decimal;
    const auto d = [](const char* text) { return Decimal::of(nlohmann::json::parse(text)); };
    CHECK(detail::compare(d("1"), d("1.0")) == 0);
    CHECK(detail::compare(d("-2"), d("1")) < 0);
    CHECK(detail::compare(d("0.1"), d("0.10000000000000001")) == 0); // the same float64
    CHECK(detail::compare(d("9007199254740993"), d("9007199254740992")) > 0);
    CHECK(detail::is_multiple_of(d("0.3"), d("0.1")));
    CHECK_FALSE(detail::is_multiple_of(d("0.35"), d("0.1")));
    CHECK(detail::is_multiple_of(d("1e300"), d("0.5")));
    CHECK_FALSE(detail::is_multiple_of(d("1e300"), d("7")));
    CHECK(d("1e2").is_integer());
    CHECK_FALSE(d("1.5").is_integer());
}

TEST_CASE("jsonschema strings and locations are quoted as santhosh quotes them", "[jsonschema]") {
    CHECK(detail::quote("it's") == "'it\\'s'");
    CHECK(detail::quote("say \"hi\"") == "'say \"hi\"'");
    CHECK(detail::quote("tab\there") == "'tab\\there'");
    CHECK(detail::quote("日本") == "'日本'");
    CHECK(errors(R"({"properties": {"a/b": {"properties": {"c~d": {"type": "string"}}}}})",
                 R"({"a/b": {"c~d": 1}})") == "- at '/a~1b/c~0d': got number, want string");
}

TEST_CASE("jsonschema violations, text and one line", "[jsonschema]") {
    const std::string schema = R"({"type": "object", "additionalProperties": false,
        "properties": {"image": {"properties": {"tag": {"type": "string"}}, "required": ["repo"]},
                       "n": {"anyOf": [{"type": "integer"}, {"maximum": 0}]}}})";
    const auto result = compiled(schema).validate(
        nlohmann::json::parse(R"({"image": {"tag": 1}, "n": 2.5, "x": 1})"));
    REQUIRE_FALSE(result.valid());
    CHECK(result.text() == "- at '/image': validation failed\n"
                           "  - at '/image': missing property 'repo'\n"
                           "  - at '/image/tag': got number, want string\n"
                           "- at '/n': 'anyOf' failed\n"
                           "  - at '/n': got number, want integer\n"
                           "  - at '/n': maximum: got 2.5, want 0\n"
                           "- at '': additional properties 'x' not allowed");
    const auto v = result.violations();
    REQUIRE(v.size() == 4);
    CHECK(v[0].instance_location == "/image");
    CHECK(v[0].message == "missing property 'repo'");
    CHECK(v[1].instance_location == "/image/tag");
    CHECK(v[2].message == "'anyOf' failed");
    CHECK(v[3].instance_location == "");
    CHECK(result.one_line() == "at '/image': missing property 'repo'; at '/image/tag': got number, "
                               "want string; at '/n': 'anyOf' failed (and 1 more)");
    CHECK(result.one_line(10) ==
          "at '/image': missing property 'repo'; at '/image/tag': got number, want string; at "
          "'/n': 'anyOf' failed; at '': additional properties 'x' not allowed");
    CHECK(ValidationResult().text().empty());
    CHECK(ValidationResult().violations().empty());
}
