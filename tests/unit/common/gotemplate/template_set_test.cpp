// TemplateSet as Helm drives it: one parse per file into a shared set, then
// executions by name.
#include "tests/unit/common/gotemplate/gotemplate_test_support.hpp"

using namespace airlock::gotemplate;
using namespace airlock::gotemplate::test;

namespace {

std::string run_set(const TemplateSet& set, const std::string& name, const Value& dot = data()) {
    Budget budget;
    return set.execute(name, dot, budget);
}

} // namespace

TEST_CASE("gotemplate set: a later non-empty definition replaces, an empty one never does",
          "[gotemplate]") {
    TemplateSet set("root", functions());
    set.parse("a.tpl", R"({{ define "x" }}from a{{ end }})");
    set.parse("main", R"([{{ template "x" }}])");
    CHECK(run_set(set, "main") == "[from a]");

    set.parse("b.tpl", R"({{ define "x" }}from b{{ end }})");
    CHECK(run_set(set, "main") == "[from b]");

    // Empty: only spaces, comments and empty lists (Go's parse.IsEmptyTree).
    set.parse("c.tpl", R"({{ define "x" }}{{ end }})");
    set.parse("d.tpl", "{{ define \"x\" }} \n\t{{/* nothing */}} {{ end }}");
    CHECK(run_set(set, "main") == "[from b]");

    // Not empty: an action, even one that prints nothing.
    set.parse("e.tpl", R"({{ define "x" }}{{ if false }}{{ end }}{{ end }})");
    CHECK(run_set(set, "main") == "[]");

    // A file's own template follows the same rule.
    set.parse("main", "   ");
    CHECK(run_set(set, "main") == "[]");
    set.parse("main", "new main");
    CHECK(run_set(set, "main") == "new main");
}

TEST_CASE("gotemplate set: a first empty definition is kept until a real one comes",
          "[gotemplate]") {
    TemplateSet set("root", functions());
    set.parse("a.tpl", R"({{ define "x" }}{{ end }}{{ template "x" }}|)");
    CHECK(set.contains("x"));
    CHECK(run_set(set, "a.tpl") == "|");
    set.parse("b.tpl", R"({{ define "x" }}real{{ end }})");
    CHECK(run_set(set, "a.tpl") == "real|");
}

TEST_CASE("gotemplate set: templates of later files are found at execution", "[gotemplate]") {
    TemplateSet set("root", functions());
    set.parse("main", R"({{ template "later" .Values.str }})");
    CHECK_THROWS_WITH(
        run_set(set, "main"),
        R"(template: main:1:12: executing "main" at <{{template "later" .Values.str}}>: template "later" not defined)");
    set.parse("later.tpl", R"({{ define "later" }}<{{ . }}>{{ end }})");
    CHECK(run_set(set, "main") == "<hello>");
    CHECK(run_set(set, "later") == "<map[Values:map[big:1e+06 empty: emptylist:[] emptymap:map[] "
                                   "f:false html:<a href=\"x\">&'</a> huge:1e+21 keys:map[A b:4 "
                                   "B:1 _c:3 a:2] list:[a b c] map:map[a:1 b:2 c:3] mixed:[x 1 "
                                   "true 2.5 map[k:v] [w]] neg:-2 nested:map[inner:map[deep:map[z:"
                                   "zz] list:[p q] x:1] s:str] num:3 nums:[1 2 3] pi:3.5 small:1."
                                   "2e-05 str:hello t:true unicode:h\xC3\xA9llo w\xC3\xB6rld "
                                   "\xE2\x98\x83 zero:0]]>");
}

TEST_CASE("gotemplate set: a failed parse changes nothing", "[gotemplate]") {
    TemplateSet set("root", functions());
    set.parse("a.tpl", R"({{ define "x" }}old{{ end }})");
    CHECK_THROWS_WITH(
        set.parse("b.tpl", R"({{ define "x" }}new{{ end }}{{ define "y" }}y{{ end }}{{ 1x }})"),
        R"(template: b.tpl:1:59: bad number syntax: "1x")");
    CHECK_FALSE(set.contains("b.tpl"));
    CHECK_FALSE(set.contains("y"));
    CHECK(run_set(set, "x") == "old");
    CHECK(set.names() == std::vector<std::string>{"a.tpl", "x"});
}

TEST_CASE("gotemplate set: names, lookups and unknown templates", "[gotemplate]") {
    TemplateSet set("root", functions());
    CHECK(set.name() == "root");
    CHECK(set.names().empty());
    set.parse("file.yaml", R"(a{{ define "d1" }}1{{ end }}{{ block "d2" . }}2{{ end }})");
    CHECK(set.names() == std::vector<std::string>{"d1", "d2", "file.yaml"});
    CHECK(set.contains("d2"));
    CHECK_FALSE(set.contains("d3"));
    CHECK(set.find("d1") != nullptr);
    CHECK(set.find("zz") == nullptr);
    CHECK(run_set(set, "file.yaml") == "a2");
    CHECK_THROWS_WITH(run_set(set, "zz"),
                      R"(template: no template "zz" associated with template "root")");
}

TEST_CASE("gotemplate set: a function the set does not know is a parse error", "[gotemplate]") {
    TemplateSet bare("root", nullptr);
    CHECK_THROWS_WITH(bare.parse("t", R"({{ upper "x" }})"),
                      R"(template: t:1:3: function "upper" not defined)");
    bare.parse("t", R"({{ len "abc" }} {{ printf "%03d" 7 }})");
    CHECK(run_set(bare, "t") == "3 007");
    CHECK(is_builtin_function("urlquery"));
    CHECK_FALSE(is_builtin_function("upper"));
}

TEST_CASE("gotemplate set: errors in other templates name the file and the template",
          "[gotemplate]") {
    TemplateSet set("root", functions());
    set.parse("helpers.tpl", "{{ define \"h\" }}\n  {{ .nope.x }}{{ end }}");
    set.parse("main.yaml", R"({{ template "h" .Values }})");
    CHECK_THROWS_WITH(
        run_set(set, "main.yaml"),
        R"(template: helpers.tpl:2:10: executing "h" at <.nope.x>: nil pointer evaluating interface {}.x)");
}
