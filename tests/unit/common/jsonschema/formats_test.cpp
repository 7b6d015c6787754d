// The formats santhosh asserts under drafts 4 to 7, with its reasons (some
// are the messages of the Go functions it calls: strconv.Atoi, net/netip,
// time.Parse, net/url). Observed from helm4 with each value in a chart.
#include "tests/unit/common/jsonschema/support.hpp"

using airlock::test::jsonschema_support::accepts;
using airlock::test::jsonschema_support::errors;

TEST_CASE("jsonschema formats: santhosh's verdicts and reasons", "[jsonschema]") {
    struct Case {
        const char* format;
        const char* value;
        const char* message; // "" when valid
    };
    const Case cases[] = {
        {"email", "a@b.c", ""},
        {"email", "foo", "'foo' is not valid email: missing @"},
        {"email", ".a@b.c", "'.a@b.c' is not valid email: starts with dot"},
        {"email", "a..b@c.d", "'a..b@c.d' is not valid email: consecutive dots"},
        {"email", "a@[IPv6:::1]", ""},
        {"email", "a b@c.d", "'a b@c.d' is not valid email: invalid character ' '"},
        {"ipv4", "1.2.3.4", ""},
        {"ipv4", "1.2.3", "'1.2.3' is not valid ipv4: expected four decimals"},
        {"ipv4", "01.2.3.4", "'01.2.3.4' is not valid ipv4: leading zeros"},
        {"ipv4", "256.1.1.1", "'256.1.1.1' is not valid ipv4: decimal must be between 0 and 255"},
        {"ipv4", "1.2.3.a",
         "'1.2.3.a' is not valid ipv4: strconv.Atoi: parsing \"a\": invalid syntax"},
        {"ipv4", "+1.2.3.4", ""},
        {"ipv6", "::1", ""},
        {"ipv6", "1::2::3",
         "'1::2::3' is not valid ipv6: ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")"},
        {"ipv6", "1.2.3.4", "'1.2.3.4' is not valid ipv6: missing colon"},
        {"ipv6", "fe80::1%eth0",
         "'fe80::1%eth0' is not valid ipv6: zone id is not a part of ipv6 address"},
        {"ipv6", "::ffff:1.2.3.4", ""},
        {"ipv6", "12345::",
         "'12345::' is not valid ipv6: ParseAddr(\"12345::\"): each group must have 4 or less "
         "digits (at \"12345::\")"},
        {"hostname", "a.b", ""},
        {"hostname", "-a.b", "'-a.b' is not valid hostname: label starts with hyphen"},
        {"hostname", "a_b", "'a_b' is not valid hostname: invalid character '_'"},
        {"hostname", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
         "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' is not valid "
         "hostname: label must be 1 to 63 characters long"},
        {"date", "2020-02-29", ""},
        {"date", "2020-13-01",
         "'2020-13-01' is not valid date: parsing time \"2020-13-01\": month out of range"},
        {"date", "2021-02-29",
         "'2021-02-29' is not valid date: parsing time \"2021-02-29\": day out of range"},
        {"date", "2020-1-01",
         "'2020-1-01' is not valid date: parsing time \"2020-1-01\" as \"2006-01-02\": cannot "
         "parse \"1-01\" as \"01\""},
        {"date", "2020-01-011",
         "'2020-01-011' is not valid date: parsing time \"2020-01-011\": extra text: \"1\""},
        {"date", "২020-01-01",
         "'২020-01-01' is not valid date: parsing time \"\\xe0\\xa7\\xa8020-01-01\" as "
         "\"2006-01-02\": cannot parse \"\\xe0\\xa7\\xa8020-01-01\" as \"2006\""},
        {"time", "12:00:00Z", ""},
        {"time", "12:00:00", "'12:00:00' is not valid time: less than 9 characters long"},
        {"time", "23:59:60Z", ""},
        {"time", "12:59:60Z", "'12:59:60Z' is not valid time: invalid leap second"},
        {"time", "12:00:00+01:00", ""},
        {"date-time", "2020-01-01T00:00:00Z", ""},
        {"date-time", "2020-01-01 00:00:00Z",
         "'2020-01-01 00:00:00Z' is not valid date-time: 11th character must be t or T"},
        {"date-time", "2020-13-01T00:00:00Z",
         "'2020-13-01T00:00:00Z' is not valid date-time: invalid date element: parsing time "
         "\"2020-13-01\": month out of range"},
        {"uri", "http://x.com/a", ""},
        {"uri", "x.com", "'x.com' is not valid uri: relative url"},
        {"uri", "http://x y/",
         "'http://x y/' is not valid uri: parse \"http://x y/\": invalid character \" \" in host "
         "name"},
        {"uri", "http://[1::2::3]/",
         "'http://[1::2::3]/' is not valid uri: parse \"http://[1::2::3]/\": invalid host: "
         "ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")"},
        {"uri", "http://x.com:abc/",
         "'http://x.com:abc/' is not valid uri: parse \"http://x.com:abc/\": invalid port \":abc\" "
         "after host"},
        {"uri", "%zz", "'%zz' is not valid uri: parse \"%zz\": invalid URL escape \"%zz\""},
        {"uri-reference", "a/b", ""},
        {"uri-reference", "a\\b", "'a\\\\b' is not valid uri-reference: contains \\"},
        {"uri-reference", "1a:b",
         "'1a:b' is not valid uri-reference: parse \"1a:b\": first path segment in URL cannot "
         "contain colon"},
        {"uri-template", "http://x/{a}", ""},
        {"uri-template", "http://x/{a",
         "'http://x/{a' is not valid uri-template: no matching closing brace"},
        {"uri-template", "http://x/{{a}}",
         "'http://x/{{a}}' is not valid uri-template: nested curly braces"},
        {"json-pointer", "/a/b", ""},
        {"json-pointer", "a", "'a' is not valid json-pointer: not starting with /"},
        {"json-pointer", "/a~2", "'/a~2' is not valid json-pointer: ~ must be followed by 0 or 1"},
        {"relative-json-pointer", "1/a", ""},
        {"relative-json-pointer", "01",
         "'01' is not valid relative-json-pointer: starts with zero"},
        {"relative-json-pointer", "0#", ""},
        {"uuid", "12345678-1234-1234-1234-123456789012", ""},
        {"uuid", "1234", "'1234' is not valid uuid: must have 5 elements"},
        {"uuid", "g2345678-1234-1234-1234-123456789012",
         "'g2345678-1234-1234-1234-123456789012' is not valid uuid: non-hex character 'g'"},
        {"duration", "P1Y1M1DT1H1M1S", ""},
        {"duration", "P", "'P' is not valid duration: nothing after P"},
        {"duration", "P1M1Y", "'P1M1Y' is not valid duration: unit 'Y' out of order"},
        {"duration", "PT1D", "'PT1D' is not valid duration: invalid unit 'D'"},
        {"duration", "P1W", ""},
        {"period", "2020-01-01T00:00:00Z/P1D", ""},
        {"period", "x", "'x' is not valid period: missing slash"},
        {"semver", "1.2.3-alpha+b1", ""},
        {"semver", "1.2",
         "'1.2' is not valid semver: versionCore must have 3 numbers separated by dot"},
        {"semver", "01.2.3", "'01.2.3' is not valid semver: major starts with zero"},
        {"semver", "1.2.3-alpha.01",
         "'1.2.3-alpha.01' is not valid semver: pre-release numeric identifier starts with zero"},
        {"regex", "^a$", ""},
        {"regex", "a(", "'a(' is not valid regex: error parsing regexp: missing closing ): `a(`"},
    };
    for (const auto& c : cases) {
        INFO(c.format << " " << c.value);
        const nlohmann::json schema = {{"$schema", "http://json-schema.org/draft-07/schema#"},
                                       {"properties", {{"v", {{"format", c.format}}}}}};
        const nlohmann::json values = {{"v", c.value}};
        const std::string want = *c.message == '\0' ? "" : std::string("- at '/v': ") + c.message;
        CHECK(errors(schema.dump(), values.dump()) == want);
    }
}

TEST_CASE("jsonschema formats apply to strings only, and unknown ones to nothing", "[jsonschema]") {
    const std::string schema = R"({"$schema": "http://json-schema.org/draft-07/schema#",
        "properties": {"a": {"format": "ipv4"}, "b": {"format": "no-such-format"}}})";
    CHECK(accepts(schema, R"({"a": 12, "b": "anything"})"));
    CHECK_FALSE(accepts(schema, R"({"a": "12"})"));
}
