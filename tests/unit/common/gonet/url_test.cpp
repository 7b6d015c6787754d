// Go's net/url as common/gonet has it. The error texts are Go's: each was
// checked against Helm 4.1.4's urlParse (helm template with a chart calling it).
#include "common/gonet/netip.hpp"
#include "common/gonet/url.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace airlock;

namespace {

std::string parse_error(const std::string& raw) {
    std::string error;
    const auto url = gonet::parse(raw, error);
    return url ? std::string("(parsed)") : error;
}

} // namespace

TEST_CASE("gonet::parse splits a URL into Go's fields, raw and unescaped", "[gonet]") {
    std::string error;
    const auto url = gonet::parse("HTTPS://u%20x:p@h.example.com:80/a%20b/c?q=1#f%20g", error);
    REQUIRE(url.has_value());
    CHECK(url->scheme == "https");
    CHECK(url->username == "u x");
    CHECK(url->password == "p");
    CHECK(url->has_authority);
    CHECK(url->raw_authority == "u%20x:p@h.example.com:80");
    CHECK(url->raw_host == "h.example.com:80");
    CHECK(url->host == "h.example.com:80");
    CHECK(url->raw_path == "/a%20b/c");
    CHECK(url->path == "/a b/c");
    CHECK(url->raw_query == "q=1");
    CHECK(url->raw_fragment == "f%20g");
    CHECK(url->fragment == "f g");
    CHECK(gonet::userinfo(*url) == "u%20x:p");
    CHECK(gonet::hostname(url->host) == "h.example.com");
    CHECK(gonet::to_string(*url) == "https://u%20x:p@h.example.com:80/a%20b/c?q=1#f%20g");

    const auto opaque = gonet::parse("mailto:x@y.com", error);
    REQUIRE(opaque.has_value());
    CHECK(opaque->opaque == "x@y.com");
    CHECK_FALSE(opaque->has_authority);

    const auto zoned = gonet::parse("http://[fe80::1%25en0]:8080/x", error);
    REQUIRE(zoned.has_value());
    CHECK(zoned->host == "[fe80::1%en0]:8080");
    CHECK(gonet::hostname(zoned->host) == "fe80::1%en0");

    const auto omit = gonet::parse("file:/etc/x?", error);
    REQUIRE(omit.has_value());
    CHECK(omit->omit_host);
    CHECK(omit->force_query);
}

TEST_CASE("gonet::parse fails as Go does, quoting what failed", "[gonet]") {
    CHECK(
        parse_error("http://[::1::2]/") ==
        R"(parse "http://[::1::2]/": invalid host: ParseAddr("::1::2"): multiple :: in address (at ":2"))");
    CHECK(parse_error("http://a%zz@h/") == R"(parse "http://a%zz@h/": invalid URL escape "%zz")");
    CHECK(parse_error("http://h:x/") == R"(parse "http://h:x/": invalid port ":x" after host)");
    CHECK(parse_error("http://a b/") ==
          R"(parse "http://a b/": invalid character " " in host name)");
    CHECK(parse_error(":x") == R"(parse ":x": missing protocol scheme)");
    CHECK(parse_error("a:b/c:d") == "(parsed)");
    CHECK(parse_error("x:y/z") == "(parsed)");
    CHECK(parse_error("a/b:c") == "(parsed)");
    CHECK(parse_error("ab:c") == "(parsed)");
    CHECK(parse_error("1a:c") == R"(parse "1a:c": first path segment in URL cannot contain colon)");
    CHECK(parse_error("http://h/\x01") ==
          R"(parse "http://h/\x01": net/url: invalid control character in URL)");
    // The fragment is quoted with the URL only when it is what failed, and
    // Go does not look for control characters there.
    CHECK(parse_error("http://h/#%zz") == R"(parse "http://h/#%zz": invalid URL escape "%zz")");
    CHECK(parse_error("http://h/#a\x01") == "(parsed)");
    CHECK(parse_error("http://h%3Ax/") == R"(parse "http://h%3Ax/": invalid URL escape "%3A")");
}

TEST_CASE("gonet::escape follows Go's rules for each part", "[gonet]") {
    CHECK(gonet::escape("a b/c?d", gonet::Encoding::path) == "a%20b/c%3Fd");
    CHECK(gonet::escape("u@x:y", gonet::Encoding::user_password) == "u%40x%3Ay");
    CHECK(gonet::escape("a b!(*)", gonet::Encoding::fragment) == "a%20b!(*)");
    CHECK(gonet::escape("[::1]:80", gonet::Encoding::host) == "[::1]:80");
    CHECK(gonet::should_escape('/', gonet::Encoding::host));
    CHECK_FALSE(gonet::should_escape('~', gonet::Encoding::path));
}

TEST_CASE("gonet::parse_addr reports zones and Go's address errors", "[gonet]") {
    bool zone = false;
    CHECK_FALSE(gonet::parse_addr("fe80::1%eth0", zone).has_value());
    CHECK(zone);
    zone = false;
    CHECK_FALSE(gonet::parse_addr("10.0.0.1", zone).has_value());
    CHECK_FALSE(zone);
    CHECK(gonet::parse_addr("1.2.3.04", zone) ==
          std::string(R"(ParseAddr("1.2.3.04"): IPv4 field has octet with leading zero)"));
    CHECK(gonet::parse_addr("x", zone) == std::string(R"(ParseAddr("x"): unable to parse IP)"));
}
