// Go's regexp as Helm's sprig functions expose it. The expected results
// were printed by Helm v4.1.4 (Go 1.25) for the same patterns and inputs.
#include "common/core/error.hpp"
#include "common/goregexp/regexp.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

using airlock::goregexp::Regexp;

namespace {

struct GoRow {
    const char* pattern; // JSON strings
    const char* input;
    // JSON: [FindAllString(-1), ReplaceAllString("[$1|${0}]"), Split(-1),
    //        FindString, MatchString, FindAllString(2), Split(2)]
    const char* results;
};

const GoRow go_rows[] = {
    {R"x("a|ab")x", R"x("abab")x",
     R"x([["a", "a"], "[|a]b[|a]b", ["", "b", "b"], "a", true, ["a", "a"], ["", "bab"]])x"},
    {R"x("ab|a")x", R"x("abab")x",
     R"x([["ab", "ab"], "[|ab][|ab]", ["", "", ""], "ab", true, ["ab", "ab"], ["", "ab"]])x"},
    {R"x("a*")x", R"x("baaab")x",
     R"x([["", "aaa", ""], "[|]b[|aaa]b[|]", ["b", "b"], "", true, ["", "aaa"], ["b", "b"]])x"},
    {R"x("a*?")x", R"x("baaab")x",
     R"x([["", "", "", "", "", ""], "[|]b[|]a[|]a[|]a[|]b[|]", ["b", "a", "a", "a", "b"], "", true, ["", ""], ["b", "aaab"]])x"},
    {R"x("a+?")x", R"x("baaab")x",
     R"x([["a", "a", "a"], "b[|a][|a][|a]b", ["b", "", "", "b"], "a", true, ["a", "a"], ["b", "aab"]])x"},
    {R"x("(a*)*")x", R"x("aab")x",
     R"x([["aa", ""], "[aa|aa]b[|]", ["", "b"], "aa", true, ["aa", ""], ["", "b"]])x"},
    {R"x("(a|b)*c")x", R"x("ababc")x",
     R"x([["ababc"], "[b|ababc]", ["", ""], "ababc", true, ["ababc"], ["", ""]])x"},
    {R"x("x*")x", R"x("")x", R"x([[""], "[|]", [""], "", true, [""], [""]])x"},
    {R"x("")x", R"x("abc")x",
     R"x([["", "", "", ""], "[|]a[|]b[|]c[|]", ["a", "b", "c"], "", true, ["", ""], ["a", "bc"]])x"},
    {R"x("\\b")x", R"x("hello world")x",
     R"x([["", "", "", ""], "[|]hello[|] [|]world[|]", ["hello", " ", "world"], "", true, ["", ""], ["hello", " world"]])x"},
    {R"x("\\B")x", R"x("ab cd")x",
     R"x([["", ""], "a[|]b c[|]d", ["a", "b c", "d"], "", true, ["", ""], ["a", "b cd"]])x"},
    {R"x("^")x", R"x("a\nb")x", R"x([[""], "[|]a\nb", ["a\nb"], "", true, [""], ["a\nb"]])x"},
    {R"x("(?m)^")x", R"x("a\nb\nc")x",
     R"x([["", "", ""], "[|]a\n[|]b\n[|]c", ["a\n", "b\n", "c"], "", true, ["", ""], ["a\n", "b\nc"]])x"},
    {R"x("(?m)$")x", R"x("a\nb\nc")x",
     R"x([["", "", ""], "a[|]\nb[|]\nc[|]", ["a", "\nb", "\nc"], "", true, ["", ""], ["a", "\nb\nc"]])x"},
    {R"x("$")x", R"x("a\nb\n")x",
     R"x([[""], "a\nb\n[|]", ["a\nb\n"], "", true, [""], ["a\nb\n"]])x"},
    {R"x("^a.c$")x", R"x("abc")x",
     R"x([["abc"], "[|abc]", ["", ""], "abc", true, ["abc"], ["", ""]])x"},
    {R"x(".")x", R"x("a\nb")x",
     R"x([["a", "b"], "[|a]\n[|b]", ["", "\n", ""], "a", true, ["a", "b"], ["", "\nb"]])x"},
    {R"x("(?s).")x", R"x("a\nb")x",
     R"x([["a", "\n", "b"], "[|a][|\n][|b]", ["", "", "", ""], "a", true, ["a", "\n"], ["", "\nb"]])x"},
    {R"x("[^a]")x", R"x("a\nb")x",
     R"x([["\n", "b"], "a[|\n][|b]", ["a", "", ""], "\n", true, ["\n", "b"], ["a", "b"]])x"},
    {R"x("(?i)straße")x", R"x("STRASSE Straße")x",
     R"x([["Straße"], "STRASSE [|Straße]", ["STRASSE ", ""], "Straße", true, ["Straße"], ["STRASSE ", ""]])x"},
    {R"x("(?i)k")x", R"x("kKK")x",
     R"x([["k", "K", "K"], "[|k][|K][|K]", ["", "", "", ""], "k", true, ["k", "K"], ["", "KK"]])x"},
    {R"x("\\d+")x", R"x("ab12cd345")x",
     R"x([["12", "345"], "ab[|12]cd[|345]", ["ab", "cd", ""], "12", true, ["12", "345"], ["ab", "cd345"]])x"},
    {R"x("\\w+")x", R"x("héllo wörld_1")x",
     R"x([["h", "llo", "w", "rld_1"], "[|h]é[|llo] [|w]ö[|rld_1]", ["", "é", " ", "ö", ""], "h", true, ["h", "llo"], ["", "éllo wörld_1"]])x"},
    {R"x("\\s")x", R"x("a b\tc")x",
     R"x([[" ", "\t"], "a[| ]b[|\t]c", ["a", "b", "c"], " ", true, [" ", "\t"], ["a", "b\tc"]])x"},
    {R"x("[[:alpha:]]+")x", R"x("ab12CD")x",
     R"x([["ab", "CD"], "[|ab]12[|CD]", ["", "12", ""], "ab", true, ["ab", "CD"], ["", "12CD"]])x"},
    {R"x("[[:^digit:]]+")x", R"x("ab12CD")x",
     R"x([["ab", "CD"], "[|ab]12[|CD]", ["", "12", ""], "ab", true, ["ab", "CD"], ["", "12CD"]])x"},
    {R"x("\\pL+")x", R"x("héllo wörld")x",
     R"x([["héllo", "wörld"], "[|héllo] [|wörld]", ["", " ", ""], "héllo", true, ["héllo", "wörld"], ["", " wörld"]])x"},
    {R"x("\\p{Greek}+")x", R"x("abc αβγ def")x",
     R"x([["αβγ"], "abc [|αβγ] def", ["abc ", " def"], "αβγ", true, ["αβγ"], ["abc ", " def"]])x"},
    {R"x("\\PL+")x", R"x("abc123!de")x",
     R"x([["123!"], "abc[|123!]de", ["abc", "de"], "123!", true, ["123!"], ["abc", "de"]])x"},
    {R"x("(?U)a+")x", R"x("aaa")x",
     R"x([["a", "a", "a"], "[|a][|a][|a]", ["", "", "", ""], "a", true, ["a", "a"], ["", "aa"]])x"},
    {R"x("(?U)a+?")x", R"x("aaa")x",
     R"x([["aaa"], "[|aaa]", ["", ""], "aaa", true, ["aaa"], ["", ""]])x"},
    {R"x("a{2,3}")x", R"x("aaaaaaa")x",
     R"x([["aaa", "aaa"], "[|aaa][|aaa]a", ["", "", "a"], "aaa", true, ["aaa", "aaa"], ["", "aaaa"]])x"},
    {R"x("a{2,}?")x", R"x("aaaaa")x",
     R"x([["aa", "aa"], "[|aa][|aa]a", ["", "", "a"], "aa", true, ["aa", "aa"], ["", "aaa"]])x"},
    {R"x("(a)(b)?")x", R"x("ab a")x",
     R"x([["ab", "a"], "[a|ab] [a|a]", ["", " ", ""], "ab", true, ["ab", "a"], ["", " a"]])x"},
    {R"x("(?P<first>\\w+)\\s(?P<second>\\w+)")x", R"x("hello world foo bar")x",
     R"x([["hello world", "foo bar"], "[hello|hello world] [foo|foo bar]", ["", " ", ""], "hello world", true, ["hello world", "foo bar"], ["", " foo bar"]])x"},
    {R"x("(?:ab)+")x", R"x("ababab")x",
     R"x([["ababab"], "[|ababab]", ["", ""], "ababab", true, ["ababab"], ["", ""]])x"},
    {R"x("\\Qa.b\\E+")x", R"x("a.bbb a.b")x",
     R"x([["a.bbb", "a.b"], "[|a.bbb] [|a.b]", ["", " ", ""], "a.bbb", true, ["a.bbb", "a.b"], ["", " a.b"]])x"},
    {R"x("[a-c-e]")x", R"x("-d")x",
     R"x([["-"], "[|-]d", ["", "d"], "-", true, ["-"], ["", "d"]])x"},
    {R"x("[]a]+")x", R"x("]a]b")x",
     R"x([["]a]"], "[|]a]]b", ["", "b"], "]a]", true, ["]a]"], ["", "b"]])x"},
    {R"x("\\x41\\x{42}\\101")x", R"x("ABA")x",
     R"x([["ABA"], "[|ABA]", ["", ""], "ABA", true, ["ABA"], ["", ""]])x"},
    {R"x("(|a)*")x", R"x("aa")x",
     R"x([["", "", ""], "[|]a[|]a[|]", ["a", "a"], "", true, ["", ""], ["a", "a"]])x"},
    {R"x("(|a)+")x", R"x("aa")x",
     R"x([["", "", ""], "[|]a[|]a[|]", ["a", "a"], "", true, ["", ""], ["a", "a"]])x"},
    {R"x("(a|)+")x", R"x("aa")x",
     R"x([["aa"], "[a|aa]", ["", ""], "aa", true, ["aa"], ["", ""]])x"},
    {R"x(".*")x", R"x("abc\ndef")x",
     R"x([["abc", "def"], "[|abc]\n[|def]", ["", "\n", ""], "abc", true, ["abc", "def"], ["", "\ndef"]])x"},
    {R"x("[\\d\\-x]+")x", R"x("a1-x2")x",
     R"x([["1-x2"], "a[|1-x2]", ["a", ""], "1-x2", true, ["1-x2"], ["a", ""]])x"},
    {R"x("ÿ")x", R"x("ÿ")x", R"x([["ÿ"], "[|ÿ]", ["", ""], "ÿ", true, ["ÿ"], ["", ""]])x"},
    {R"x("\\.")x", R"x("a.b")x",
     R"x([["."], "a[|.]b", ["a", "b"], ".", true, ["."], ["a", "b"]])x"},
};

std::string error_of(const std::string& pattern) {
    try {
        Regexp::compile(pattern);
    } catch (const airlock::Error& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("goregexp matches, replaces and splits as Go does", "[goregexp]") {
    for (const auto& row : go_rows) {
        auto pattern = nlohmann::json::parse(row.pattern).get<std::string>();
        auto input = nlohmann::json::parse(row.input).get<std::string>();
        auto want = nlohmann::json::parse(row.results);
        INFO("pattern " << row.pattern << " input " << row.input);
        auto re = Regexp::compile(pattern);
        CHECK(re.find_all(input, -1) == want[0].get<std::vector<std::string>>());
        CHECK(re.replace_all(input, "[$1|${0}]") == want[1].get<std::string>());
        CHECK(re.split(input, -1) == want[2].get<std::vector<std::string>>());
        CHECK(re.find(input) == want[3].get<std::string>());
        CHECK(re.match(input) == want[4].get<bool>());
        CHECK(re.find_all(input, 2) == want[5].get<std::vector<std::string>>());
        CHECK(re.split(input, 2) == want[6].get<std::vector<std::string>>());
    }
}

TEST_CASE("goregexp alternation is leftmost-first, not leftmost-longest", "[goregexp]") {
    CHECK(Regexp::compile("a|ab").find("ab") == "a");
    CHECK(Regexp::compile("ab|a").find("ab") == "ab");
    // Perl's answer, where leftmost-longest would pick "ab" then "c", then "d".
    CHECK(Regexp::compile("(a|ab)(c|bcd)(d*)").replace_all("abcd", "[$1,$2,$3]") == "[a,bcd,]");
    CHECK(Regexp::compile("a+?").find("aaa") == "a");
    CHECK(Regexp::compile("a*?b").find("aaab") == "aaab");
    CHECK(Regexp::compile("(?U)a+").find("aaa") == "a");
    CHECK(Regexp::compile("(?U)a+?").find("aaa") == "aaa");
}

TEST_CASE("goregexp reports submatch positions, -1 for groups that did not take part",
          "[goregexp]") {
    auto re = Regexp::compile(R"((a)|(b))");
    auto m = re.find_submatch_index("xb");
    REQUIRE(m);
    CHECK(*m == std::vector<std::ptrdiff_t>{1, 2, -1, -1, 1, 2});
    CHECK_FALSE(Regexp::compile("z").find_submatch_index("xb"));
    // The last iteration of a repeated group is the one reported.
    auto rep = Regexp::compile("(a|b)*").find_submatch_index("abba");
    REQUIRE(rep);
    CHECK(*rep == std::vector<std::ptrdiff_t>{0, 4, 3, 4});
    auto named = Regexp::compile(R"((?P<year>\d+)-(?<month>\d+)(x)?)");
    CHECK(named.num_subexp() == 3);
    CHECK(named.subexp_names() == std::vector<std::string>{"", "year", "month", ""});
}

TEST_CASE("goregexp compiles a nullable x* as (x+)? as Go does", "[goregexp]") {
    // Copies of one group made by {2} share its number: the second copy's
    // empty iteration is the last to set it.
    CHECK(Regexp::compile("(?:(a*)*){2}").replace_all("a", "[$1]") == "[]");
    CHECK(Regexp::compile("(?:((a)*)*){0,2}").replace_all("aa", "[$1]") == "[]");
    CHECK(Regexp::compile("((a)*)*((a)*)*").replace_all("a", "[$1]") == "[a]");
    CHECK(Regexp::compile("(?:(a)*){2}").replace_all("aa", "[$1]") == "[a]");
}

TEST_CASE("goregexp expands $ references as ReplaceAllString does", "[goregexp]") {
    auto re = Regexp::compile(R"((?P<key>\w+)=(\w+))");
    CHECK(re.replace_all("a=1 b=2", "$2:$1") == "1:a 2:b");
    CHECK(re.replace_all("a=1", "${key}_x") == "a_x");
    // "$1x" names a group "1x", which does not exist: it expands to nothing.
    CHECK(re.replace_all("a=1", "$1x") == "");
    CHECK(re.replace_all("a=1", "${1}x") == "ax");
    CHECK(re.replace_all("a=1", "$$1") == "$1");
    CHECK(re.replace_all("a=1", "$") == "$");
    CHECK(re.replace_all("a=1", "${key") == "${key");
    CHECK(re.replace_all("a=1", "$9") == "");
    CHECK(re.replace_all("a=1", "$01") == "");
    CHECK(re.replace_all_literal("a=1", "$1") == "$1");
}

TEST_CASE("goregexp handles empty matches like Go's FindAll and ReplaceAll", "[goregexp]") {
    auto star = Regexp::compile("a*");
    CHECK(star.find_all("baaab", -1) == std::vector<std::string>{"", "aaa", ""});
    CHECK(star.replace_all("baaab", "-") == "-b-b-");
    CHECK(Regexp::compile("").replace_all("abc", "-") == "-a-b-c-");
    CHECK(Regexp::compile("x*").replace_all("héé", "-") == "-h-é-é-");
    CHECK(Regexp::compile("").split("abc", -1) == std::vector<std::string>{"a", "b", "c"});
    CHECK(Regexp::compile("x").split("", -1) == std::vector<std::string>{""});
    CHECK(Regexp::compile("x").split("axb", 0).empty());
    CHECK(Regexp::compile("a").find_all("aaa", 0).empty());
}

TEST_CASE("goregexp flags, anchors and classes follow Go's syntax", "[goregexp]") {
    CHECK(Regexp::compile("^b").find_all("a\nb", -1).empty());
    CHECK(Regexp::compile("(?m)^b$").find("a\nb\nc") == "b");
    CHECK_FALSE(Regexp::compile("a$").match("a\n")); // Go's $ is \z outside (?m)
    CHECK(Regexp::compile(R"(\Aa)").match("ab"));
    CHECK_FALSE(Regexp::compile(R"(a\z)").match("ab"));
    CHECK(Regexp::compile(".").find_all("a\nb", -1) == std::vector<std::string>{"a", "b"});
    CHECK(Regexp::compile("(?s).").find_all("a\nb", -1).size() == 3);
    CHECK(Regexp::compile("[^a]").find("\n") == "\n"); // negated classes match \n
    CHECK(Regexp::compile(R"(\bfoo\b)").find_all("foo foobar (foo)", -1).size() == 2);
    CHECK(Regexp::compile(R"(\d+)").find("x٣3") == "3"); // \d is ASCII
    CHECK(Regexp::compile(R"(\pL+)").find("12héllo") == "héllo");
    CHECK(Regexp::compile(R"(\p{Greek}+)").find("abc αβγ") == "αβγ");
    CHECK(Regexp::compile(R"([[:^alpha:][:digit:]]+)").find("ab1-2c") == "1-2");
    CHECK(Regexp::compile("(?i)k").find_all("kK\u212A", -1).size() == 3);
    CHECK(Regexp::compile("(?i)[a-c]+").find("xAbC") == "AbC");
    CHECK(Regexp::compile("(?i:A)a").find("aa Aa aA") == "aa");
    CHECK(Regexp::compile(R"(\x41\x{42}\101\.)").match("ABA."));
    CHECK(Regexp::compile(R"(\Qa.b\E+)").find("a.bbb") == "a.bbb");
    CHECK(Regexp::compile("a{2,3}").find_all("aaaaaaa", -1) ==
          std::vector<std::string>{"aaa", "aaa"});
    CHECK(Regexp::compile("a{,2}").match("a{,2}")); // not a repeat: literal braces
    CHECK(Regexp::compile("x{1000}").match(std::string(1000, 'x')));
}

TEST_CASE("goregexp rejects bad patterns with Go's messages", "[goregexp]") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"(a", "missing closing ): `(a`"},
        {"a)", "unexpected ): `a)`"},
        {"[a", "missing closing ]: `[a`"},
        {"x[ab", "missing closing ]: `[ab`"},
        {"[z-a]", "invalid character class range: `z-a`"},
        {"[[:foo:]]", "invalid character class range: `[:foo:]`"},
        {R"(\pX)", "invalid character class range: `\\pX`"},
        {R"(\p{Foo})", "invalid character class range: `\\p{Foo}`"},
        {"a**", "invalid nested repetition operator: `**`"},
        {"a**?", "invalid nested repetition operator: `**?`"},
        {"x{2}{3}", "invalid nested repetition operator: `{2}{3}`"},
        {"*a", "missing argument to repetition operator: `*`"},
        {"a|*", "missing argument to repetition operator: `*`"},
        {"(?i)*", "missing argument to repetition operator: `*`"},
        {"a{1001}", "invalid repeat count: `{1001}`"},
        {"(a{500}){3}", "invalid repeat count: `{3}`"},
        {R"(\8)", "invalid escape sequence: `\\8`"},
        {R"(\Z)", "invalid escape sequence: `\\Z`"},
        {R"(\xZ)", "invalid escape sequence: `\\xZ`"},
        {R"(\Ca)", "invalid escape sequence: `\\C`"},
        {"x\\", "trailing backslash at end of expression: ``"},
        {"(?P=a)", "invalid or unsupported Perl syntax: `(?P`"},
        {"(?i-)", "invalid or unsupported Perl syntax: `(?i-)`"},
        {"(?", "invalid or unsupported Perl syntax: `(?`"},
        {"(?<=x)", "invalid named capture: `(?<=x)`"},
        {"(?P<é>x)", "invalid named capture: `(?P<é>`"},
    };
    for (const auto& [pattern, message] : cases) {
        INFO(pattern);
        CHECK(error_of(pattern) == "error parsing regexp: " + message);
    }
    // Go's parse tree may be 1000 deep: 999 groups around a literal pass.
    auto nested = [](int n) { return std::string(n, '(') + "a" + std::string(n, ')'); };
    CHECK(error_of(nested(999)).empty());
    CHECK(error_of(nested(1000)) ==
          "error parsing regexp: expression nests too deeply: `" + nested(1000) + "`");
    // Go allows a name twice.
    CHECK(error_of("(?P<a>x)(?P<a>y)").empty());
}

TEST_CASE("goregexp quotes metacharacters as QuoteMeta does", "[goregexp]") {
    CHECK(airlock::goregexp::quote_meta(R"(1.5-2.0?[x]{y}^$|\()") ==
          R"(1\.5-2\.0\?\[x\]\{y\}\^\$\|\\\()");
    CHECK(Regexp::compile(airlock::goregexp::quote_meta("a.b*")).match("xa.b*y"));
}

TEST_CASE("goregexp runs in linear time on patterns that make backtrackers explode", "[goregexp]") {
    const std::string input(1 << 20, 'a'); // 1 MiB
    auto start = std::chrono::steady_clock::now();
    // Exponential for a backtracking engine (and a stack overflow for
    // std::regex); one pass of a few threads per byte here.
    CHECK_FALSE(Regexp::compile("(a*)*b").match(input));
    CHECK_FALSE(Regexp::compile("(a|aa)*c").match(input));
    CHECK(Regexp::compile("^(a+)+$").match(input));
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Unoptimised and sanitised builds take a few seconds; a backtracker
    // would not finish at all.
    CHECK(seconds < 60);
}
