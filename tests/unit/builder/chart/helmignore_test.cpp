#include "builder/chart/helmignore.hpp"
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::builder;

TEST_CASE("Go globs: '*' and '?' stop at '/', classes, escapes", "[chart]") {
    CHECK(go_glob_match("*.swp", "a.swp"));
    CHECK_FALSE(go_glob_match("*.swp", "dir/a.swp"));
    CHECK(go_glob_match("dir/*", "dir/a"));
    CHECK_FALSE(go_glob_match("dir/*", "dir/a/b"));
    CHECK(go_glob_match("?x", "ax"));
    CHECK_FALSE(go_glob_match("?x", "/x"));
    CHECK(go_glob_match("[a-c]x", "bx"));
    CHECK_FALSE(go_glob_match("[^a-c]x", "bx"));
    CHECK(go_glob_match("\\*", "*"));
    CHECK_FALSE(go_glob_match("\\*", "a"));
    CHECK(go_glob_match("*~", "values.yaml~"));
    std::string why;
    CHECK_FALSE(go_glob_valid("[a", why));
    CHECK_FALSE(go_glob_valid("[]", why));
    CHECK_FALSE(go_glob_valid("a\\", why));
}

TEST_CASE(".helmignore: basename, path and directory rules, comments, defaults", "[chart]") {
    const HelmIgnore rules = HelmIgnore::parse("# comment\n"
                                               "\n"
                                               "  *.swp  \n"
                                               ".git/\n"
                                               "/ci\n"
                                               "docs/*.md\n"
                                               "tests/\n",
                                               "chart/.helmignore");
    CHECK(rules.ignored("a.swp", false));
    CHECK(rules.ignored("templates/x.swp", false));
    CHECK(rules.ignored(".git", true));
    CHECK_FALSE(rules.ignored(".git", false)); // a file named .git is not a directory
    CHECK(rules.ignored("ci", true));
    CHECK_FALSE(rules.ignored("sub/ci", true)); // anchored at the chart's root
    CHECK(rules.ignored("docs/a.md", false));
    CHECK_FALSE(rules.ignored("docs/sub/a.md", false));
    CHECK(rules.ignored("charts/x/tests", true)); // no '/' inside: any depth
    CHECK_FALSE(rules.ignored("values.yaml", false));
    CHECK_FALSE(rules.ignored(".helmignore", false)); // kept in the package, as Helm does
    // The default rule: dot files among the templates.
    CHECK(rules.ignored("templates/.hidden", false));
    CHECK(HelmIgnore().ignored("templates/.hidden", false));
    CHECK_FALSE(HelmIgnore().ignored("templates/_helpers.tpl", false));
}

TEST_CASE(".helmignore: Helm's negation keeps only what it matches", "[chart]") {
    const HelmIgnore rules = HelmIgnore::parse("!*.yaml\n", ".helmignore");
    CHECK_FALSE(rules.ignored("values.yaml", false));
    CHECK(rules.ignored("README.md", false));
}

TEST_CASE(".helmignore: '**' and malformed globs are refused with the line", "[chart]") {
    try {
        HelmIgnore::parse("ok\n**/x\n", "c/.helmignore");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::spec);
        CHECK(std::string(e.what()).starts_with("c/.helmignore:2: "));
    }
    CHECK_THROWS_AS(HelmIgnore::parse("[x\n", ".helmignore"), Error);
}
