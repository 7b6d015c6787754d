// .Files and its Glob patterns, checked against what `helm template` (v4.1.4)
// prints for `{{ range $k, $v := .Files.Glob P }}{{ $k }} {{ end }}` and the
// other .Files methods over the same files.
#include "builder/helm/chart_files.hpp"
#include "builder/helm/go_json.hpp"
#include "common/gotemplate/function.hpp"
#include "tests/unit/support/call_context_stub.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using gotemplate::Value;

namespace {

const std::vector<TgzFile>& glob_files() {
    static const std::vector<TgzFile> files = {
        {"*.txt", "star"},         {"a.txt", "a"},
        {"ab.txt", "ab"},          {"b.txt", "b"},
        {"conf/app.ini", "k=v\n"}, {"conf/db.ini", "p: 1\n"},
        {"dir/.hidden", "h"},      {"dir/c.txt", "c"},
        {"dir/sub/d.txt", "d"},    {"x.yaml", "x"},
    };
    return files;
}

Value call_files_method(const Value& files, std::string_view name, std::vector<Value> args) {
    REQUIRE(files.named_type() != nullptr);
    const auto method = files.named_type()->method(name, files);
    REQUIRE(method);
    airlock::test::StubCallContext context;
    return method->call(context, args);
}

// The names .Files.Glob keeps, in range order (sorted).
std::string glob_names(const std::string& pattern) {
    const Value matched =
        call_files_method(helm::files_value(glob_files()), "Glob", {Value::string(pattern)});
    std::string names;
    for (const auto& [name, data] : matched.as_map()) {
        names += name + " ";
    }
    return names;
}

} // namespace

TEST_CASE(".Files.Glob: stars stop at slashes, double stars do not", "[helm-engine]") {
    CHECK(glob_names("*.txt") == "*.txt a.txt ab.txt b.txt ");
    CHECK(glob_names("**.txt") == "*.txt a.txt ab.txt b.txt dir/c.txt dir/sub/d.txt ");
    CHECK(glob_names("**/*.txt") == "dir/c.txt dir/sub/d.txt ");
    CHECK(glob_names("*/*.txt") == "dir/c.txt ");
    CHECK(glob_names("dir/*") == "dir/.hidden dir/c.txt ");
    CHECK(glob_names("dir/**") == "dir/.hidden dir/c.txt dir/sub/d.txt ");
    CHECK(glob_names("dir/*/*") == "dir/sub/d.txt ");
    CHECK(glob_names("dir/**/d.txt") == "dir/sub/d.txt ");
    CHECK(glob_names("dir/**d.txt") == "dir/sub/d.txt ");
    CHECK(glob_names("*") == "*.txt a.txt ab.txt b.txt x.yaml ");
    CHECK(glob_names("**") == "*.txt a.txt ab.txt b.txt conf/app.ini conf/db.ini dir/.hidden "
                              "dir/c.txt dir/sub/d.txt x.yaml ");
    CHECK(glob_names("conf/*.ini") == "conf/app.ini conf/db.ini ");
    // A directory name alone, or with a slash, matches no file.
    CHECK(glob_names("dir/") == "");
    CHECK(glob_names("*/") == "");
}

TEST_CASE(".Files.Glob: single characters, classes and alternatives", "[helm-engine]") {
    CHECK(glob_names("?.txt") == "*.txt a.txt b.txt ");
    CHECK(glob_names("??.txt") == "ab.txt ");
    CHECK(glob_names("d?r/c.txt") == "dir/c.txt ");
    CHECK(glob_names("[ab].txt") == "a.txt b.txt ");
    CHECK(glob_names("[a-b].txt") == "a.txt b.txt ");
    CHECK(glob_names("[!a].txt") == "*.txt b.txt ");
    CHECK(glob_names("[!a-b]*.txt") == "*.txt ");
    CHECK(glob_names("dir/[!x]*") == "dir/.hidden dir/c.txt ");
    // Inside a class, ? and * are plain characters.
    CHECK(glob_names("[?*].txt") == "*.txt ");
    CHECK(glob_names("{a,x}.*") == "a.txt x.yaml ");
    CHECK(glob_names("{a,{b,x}}.*") == "a.txt b.txt x.yaml ");
    CHECK(glob_names("a{,b}.txt") == "a.txt ab.txt ");
    CHECK(glob_names("{a,b}*") == "a.txt ab.txt b.txt ");
    CHECK(glob_names("{conf,dir}/*") == "conf/app.ini conf/db.ini dir/.hidden dir/c.txt ");
    CHECK(glob_names("{*.ini,*.yaml}") == "x.yaml ");
    CHECK(glob_names("*{.txt,.ini}") == "*.txt a.txt ab.txt b.txt ");
    // A backslash makes the next character plain.
    CHECK(glob_names("\\*.txt") == "*.txt ");
    CHECK(glob_names("\\a.txt") == "a.txt ");
    // Matching is case-sensitive and whole-name.
    CHECK(glob_names("a.txt") == "a.txt ");
    CHECK(glob_names("A.txt") == "");
    CHECK(glob_names("a") == "");
}

TEST_CASE(".Files.Glob: a pattern that does not compile matches every file", "[helm-engine]") {
    const std::string all = "*.txt a.txt ab.txt b.txt conf/app.ini conf/db.ini dir/.hidden "
                            "dir/c.txt dir/sub/d.txt x.yaml ";
    CHECK(glob_names("[") == all);
    CHECK(glob_names("[a") == all);
    CHECK(helm::files_glob_match("[", "a.txt") == std::nullopt);
    CHECK(helm::files_glob_match("*.txt", "a.txt") == std::optional<bool>(true));
    CHECK(helm::files_glob_match("*.txt", "dir/c.txt") == std::optional<bool>(false));
    // gobwas's own refusals: an empty class, a class that is neither one
    // range nor a list, a range upside down, a lone negation.
    for (const char* bad : {"[]", "[a-]", "[z-a].txt", "[a-b-c].txt", "[!]"}) {
        INFO(bad);
        CHECK(glob_names(bad) == all);
    }
}

TEST_CASE(".Files.Glob: gobwas's quirks, as helm template shows them", "[helm-engine]") {
    // An unclosed brace still compiles (and here matches no file).
    CHECK(helm::files_glob_match("{a,b", "a") == std::optional<bool>(true));
    CHECK(glob_names("{a.txt,b.txt") == "a.txt b.txt ");
    CHECK(glob_names("{") == "");
    // A trailing backslash is dropped; '}' and ',' are plain outside braces.
    CHECK(glob_names("a.txt\\") == "a.txt ");
    CHECK(helm::files_glob_match("}", "}") == std::optional<bool>(true));
    CHECK(helm::files_glob_match("x,y", "x,y") == std::optional<bool>(true));
    // '^' is no negation; '{}' and '{,a}' have an empty alternative.
    CHECK(glob_names("[^a].txt") == "a.txt ");
    CHECK(glob_names("{,a}.txt") == "a.txt ");
    // Nested alternatives, and a class that matches the separator.
    CHECK(glob_names("{a,{b,x}}.*") == "a.txt b.txt x.yaml ");
    CHECK(helm::files_glob_match("dir[!a]c.txt", "dir/c.txt") == std::optional<bool>(true));
}

TEST_CASE(".Files Get, GetBytes, Lines, AsConfig and AsSecrets", "[helm-engine]") {
    const Value files = helm::files_value({{"a.txt", "l1\nl2\n"},
                                           {"b.txt", "x\n\ny"},
                                           {"conf/app.ini", "k=v\n"},
                                           {"conf/db.ini", "p: 1\n"}});
    const auto json = [](const Value& v) { return helm::json_marshal(v); };
    CHECK(json(call_files_method(files, "Lines", {Value::string("a.txt")})) == R"(["l1","l2"])");
    CHECK(json(call_files_method(files, "Lines", {Value::string("b.txt")})) == R"(["x","","y"])");
    CHECK(json(call_files_method(files, "Lines", {Value::string("nope")})) == "[]");
    CHECK(json(call_files_method(files, "Get", {Value::string("a.txt")})) == R"("l1\nl2\n")");
    CHECK(json(call_files_method(files, "Get", {Value::string("nope")})) == R"("")");
    // []byte is base64 in JSON.
    CHECK(json(call_files_method(files, "GetBytes", {Value::string("a.txt")})) == R"("bDEKbDIK")");
    const Value conf = call_files_method(files, "Glob", {Value::string("conf/*")});
    CHECK(json(call_files_method(conf, "AsConfig", {})) ==
          R"("app.ini: |\n  k=v\ndb.ini: |\n  p: 1")");
    CHECK(json(call_files_method(conf, "AsSecrets", {})) ==
          R"("app.ini: az12Cg==\ndb.ini: cDogMQo=")");
    const Value none = call_files_method(files, "Glob", {Value::string("zzz")});
    CHECK(json(call_files_method(none, "AsConfig", {})) == R"("{}")");
}
