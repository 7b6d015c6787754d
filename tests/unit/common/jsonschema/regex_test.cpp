// The built-in regex engine is Go's: its syntax, refusals and messages, and
// linear matching that keeps a hostile pattern or value from hanging.
#include "common/core/error.hpp"
#include "common/jsonschema/schema.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using airlock::jsonschema::go_regexp_engine;

namespace {

bool re_search(const std::string& pattern, const std::string& s) {
    return go_regexp_engine()->compile(pattern)->search(s);
}

std::string re_error(const std::string& pattern) {
    try {
        go_regexp_engine()->compile(pattern);
    } catch (const airlock::Error& e) {
        return e.what();
    }
    FAIL("compiled: " << pattern);
    return "";
}

} // namespace

TEST_CASE("jsonschema regex: searches, as Go's MatchString", "[jsonschema]") {
    CHECK(re_search("b+", "abba"));
    CHECK_FALSE(re_search("^b+$", "abba"));
    CHECK(re_search("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "my-release"));
    CHECK_FALSE(re_search("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", "My-Release"));
    CHECK(re_search("", "anything"));
    // '.' is a code point and does not match a newline.
    CHECK(re_search("^.{3}$", "日本語"));
    CHECK_FALSE(re_search("^a.b$", "a\nb"));
    CHECK(re_search("(?s)^a.b$", "a\nb"));
    CHECK(re_search("(?i)^always$", "ALWAYS"));
    CHECK(re_search("(?m)^b$", "a\nb\nc"));
    // Go's spellings.
    CHECK(re_search("^a\\z", "a"));
    CHECK_FALSE(re_search("^a\\z", "a\n"));
    CHECK(re_search("\\Aab", "abc"));
    CHECK(re_search("^(?P<name>[a-z]+)-(?<n>\\d+)$", "web-1"));
    CHECK(re_search("^\\{\\{.*\\}\\}$", "{{ x }}"));
    CHECK(re_search("^{foo}$", "{foo}")); // a brace that starts no repeat is literal
    CHECK(re_search("^a{2,3}$", "aaa"));
    CHECK(re_search("^[]a]+$", "]a]"));
    CHECK(re_search("^[[:alpha:]]+$", "abc"));
    CHECK(re_search("^\\x41\\x{42}\\101$", "ABA"));
    CHECK(re_search("^\\Q*.*\\E$", "*.*"));
    // \s is ASCII white space, as in Go.
    CHECK(re_search("^\\s$", "\t"));
    CHECK_FALSE(re_search("^\\s$", "\u00a0"));
}

TEST_CASE("jsonschema regex: refuses what Go refuses, in Go's words", "[jsonschema]") {
    CHECK(re_error("a(") == "error parsing regexp: missing closing ): `a(`");
    CHECK(re_error("a)") == "error parsing regexp: unexpected ): `a)`");
    CHECK(re_error("[a") == "error parsing regexp: missing closing ]: `[a`");
    CHECK(re_error("x**") == "error parsing regexp: invalid nested repetition operator: `**`");
    CHECK(re_error("x{2}{3}") ==
          "error parsing regexp: invalid nested repetition operator: `{2}{3}`");
    CHECK(re_error("*a") == "error parsing regexp: missing argument to repetition operator: `*`");
    CHECK(re_error("a{1001}") == "error parsing regexp: invalid repeat count: `{1001}`");
    CHECK(re_error("a{3,2}") == "error parsing regexp: invalid repeat count: `{3,2}`");
    CHECK(re_error("(?=a)") == "error parsing regexp: invalid or unsupported Perl syntax: `(?=`");
    CHECK(re_error("(?#c)a") == "error parsing regexp: invalid or unsupported Perl syntax: `(?#`");
    CHECK(re_error("(?<=a+)b") == "error parsing regexp: invalid named capture: `(?<=a+)b`");
    CHECK(re_error("(a)\\1") == "error parsing regexp: invalid escape sequence: `\\1`");
    CHECK(re_error("\\cC") == "error parsing regexp: invalid escape sequence: `\\c`");
    CHECK(re_error("[z-a]") == "error parsing regexp: invalid character class range: `z-a`");
    CHECK(re_error("(a{1000}){2}") == "error parsing regexp: invalid repeat count: `{2}`");
    CHECK(re_error("\\x{110000}") == "error parsing regexp: invalid escape sequence: `\\x{110000`");
    CHECK(re_error("a\\") == "error parsing regexp: trailing backslash at end of expression: ``");
}

TEST_CASE("jsonschema regex: Unicode classes and flags anywhere, as in Go", "[jsonschema]") {
    CHECK(re_search("^\\pL+$", "Grüße"));
    CHECK_FALSE(re_search("^\\pL+$", "a1"));
    CHECK(re_search("^a(?i)b$", "aB"));
    CHECK_FALSE(re_search("^a(?i)b$", "AB"));
    CHECK(re_search("(?U)a+", "aaa")); // ungreedy cannot change whether it matches
}

TEST_CASE("jsonschema regex: cost is linear, whatever the pattern", "[jsonschema]") {
    CHECK(re_search("^(abcdefghij){1000}$", [] {
        std::string s;
        for (int i = 0; i < 1000; ++i) {
            s += "abcdefghij";
        }
        return s;
    }()));
    // Patterns that backtrack exponentially elsewhere run in one pass here.
    const auto start = std::chrono::steady_clock::now();
    CHECK_FALSE(re_search("^(a+)+$", std::string(5000, 'a') + "!"));
    CHECK_FALSE(re_search("(a|aa)*c", std::string(5000, 'a')));
    CHECK(re_search("^[a-z]{1,1000}$", std::string(1000, 'a')));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}
