// Limits: a template that never ends, nests without end or grows its output
// without bound fails with a clear error, quickly, where Go would run until
// it ran out of memory (or, for nesting, until its own depth limit of 100000).
#include "tests/unit/common/gotemplate/gotemplate_test_support.hpp"

#include "common/core/deep_stack.hpp"

#include <chrono>

using namespace airlock::gotemplate;
using namespace airlock::gotemplate::test;

namespace {

Limits small_limits() {
    Limits limits;
    limits.max_steps = 10'000;
    limits.max_bytes = 1'000;
    limits.max_depth = 20;
    return limits;
}

// The error of a render that must fail, and how long it took.
std::string must_fail(std::string_view text, Limits limits, double max_seconds) {
    const auto start = std::chrono::steady_clock::now();
    const Rendered r = render(text, data(), limits);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    INFO(text);
    CHECK(r.failed);
    CHECK(r.code == airlock::ErrorCode::spec);
    CHECK(took.count() < max_seconds);
    return r.text;
}

} // namespace

TEST_CASE("gotemplate limits: a template that includes itself forever", "[gotemplate]") {
    CHECK(
        must_fail(R"({{ define "x" }}{{ template "x" }}{{ end }}{{ template "x" }})",
                  small_limits(), 5) ==
        R"(template: T:1:28: executing "x" at <{{template "x"}}>: exceeded maximum template depth (20))");
    // Go's own depth (100000) ends it too, on a stack as deep as Go's.
    std::string error;
    airlock::run_with_deep_stack("test", [&] {
        error = must_fail(R"({{ define "x" }}{{ template "x" }}{{ end }}{{ template "x" }})",
                          Limits{}, 60);
    });
    CHECK(
        error ==
        R"(template: T:1:28: executing "x" at <{{template "x"}}>: exceeded maximum template depth (100000))");
    // Mutual recursion through two definitions.
    CHECK(
        must_fail(
            R"({{ define "a" }}{{ template "b" }}{{ end }}{{ define "b" }}{{ template "a" }}{{ end }}{{ template "a" }})",
            small_limits(), 5)
            .find("exceeded maximum template depth (20)") != std::string::npos);
}

TEST_CASE("gotemplate limits: range over a huge integer", "[gotemplate]") {
    CHECK(must_fail(R"({{ range 1000000000000 }}{{ end }})", small_limits(), 5)
              .find("template execution took more than 10000 steps (a loop without end?)") !=
          std::string::npos);
    // Nested loops that would each be fine.
    const std::string nested =
        must_fail(R"({{ range 1000 }}{{ range 1000 }}{{ range 1000 }}{{ end }}{{ end }}{{ end }})",
                  small_limits(), 5);
    CHECK(nested.find("template execution took more than 10000 steps") != std::string::npos);
    // An explicit limit replaces the default of 20000000 steps.
    Limits bytes_unbounded;
    bytes_unbounded.max_steps = 1'000'000;
    bytes_unbounded.max_bytes = UINT64_MAX;
    CHECK(must_fail(R"({{ range 1000000000000 }}{{ end }})", bytes_unbounded, 10)
              .find("template execution took more than 1000000 steps") != std::string::npos);
}

TEST_CASE("gotemplate limits: output growth", "[gotemplate]") {
    CHECK(
        must_fail(R"({{ range 100000 }}{{ $.Values.str }}{{ end }})", small_limits(), 5) ==
        R"(template: T:1:21: executing "T" at <{{$.Values.str}}>: template output exceeded 1000 bytes)");
    // A function's result counts when it is made, not only when written.
    CHECK(
        must_fail(R"({{ $x := repeat 5000 "x" }})", small_limits(), 5) ==
        R"(template: T:1:9: executing "T" at <repeat 5000 "x">: template output exceeded 1000 bytes)");
    // A tree of calls: each level calls the next twice.
    const std::string tree =
        R"({{ define "d" }}{{ if lt (len .) 16 }}{{ template "d" (print . "a") }}{{ template "d" (print . "a") }}{{ else }}x{{ end }}{{ end }}{{ template "d" "" }})";
    Limits wide = small_limits();
    wide.max_steps = 200'000;
    CHECK(must_fail(tree, wide, 10).find("template output exceeded 1000 bytes") !=
          std::string::npos);
    wide.max_bytes = UINT64_MAX;
    CHECK(must_fail(tree, wide, 10).find("template execution took more than 200000 steps") !=
          std::string::npos);
    // Text alone counts.
    std::string text(2'000, 'a');
    CHECK(must_fail(text, small_limits(), 5) == R"(template: T:1:0: executing "T" at <)" + text +
                                                    R"(>: template output exceeded 1000 bytes)");
}

TEST_CASE("gotemplate limits: one budget spans every template of a render", "[gotemplate]") {
    // Each template alone is within the limit; together they are not.
    TemplateSet set("root", functions());
    set.parse("a", R"({{ range 4000 }}{{ end }})");
    set.parse("main", R"({{ template "a" }}{{ template "a" }}{{ template "a" }})");
    Budget budget(small_limits());
    CHECK_THROWS_WITH(set.execute("main", data(), budget),
                      Catch::Contains("template execution took more than 10000 steps"));
    Budget again(small_limits());
    CHECK(set.execute("a", data(), again).empty());
    // The budget is the caller's: a second execution continues to spend it.
    Budget shared(small_limits());
    CHECK(set.execute("a", data(), shared).empty());
    CHECK(set.execute("a", data(), shared).empty());
    CHECK_THROWS_WITH(set.execute("a", data(), shared),
                      Catch::Contains("template execution took more than 10000 steps"));
}

TEST_CASE("gotemplate limits: within the limits, nothing changes", "[gotemplate]") {
    const Rendered r = render(R"({{ range 100 }}{{ . }}{{ end }})", data(), small_limits());
    CHECK_FALSE(r.failed);
    CHECK(r.text.size() == 190);
    Budget budget(small_limits());
    CHECK(budget.charge_steps(10'000));
    CHECK_FALSE(budget.charge_steps(1));
    CHECK(budget.charge_bytes(1'000));
    CHECK_FALSE(budget.charge_bytes(1));
}
