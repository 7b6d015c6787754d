#pragma once
// Go's text/template: a set of named templates parsed from text, executed
// against a Value. Behaviour follows Go's (with missingkey=zero, as Helm sets
// it): the same output, the same errors, in Go's form:
//   parse:     template: NAME:LINE:COL: unexpected "}" in operand
//   execution: template: NAME:LINE:COL: executing "TEMPLATE" at <.Values.x>: ...
// Execution is bounded: a template that loops or recurses without end, or
// produces unbounded output, fails with a clear error (see Limits).
#include "common/gotemplate/function.hpp"
#include "common/gotemplate/value.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::gotemplate {

namespace detail {
struct Tree;
}

struct Limits {
    // Every byte any template writes, and every byte of text a function
    // returns, counted over one render.
    std::uint64_t max_bytes = 256ULL * 1024 * 1024;
    // Nodes walked, commands evaluated and function calls made, over one render.
    std::uint64_t max_steps = 20'000'000;
    // Templates, includes and tpl calls nested inside one another: Go's
    // maxExecDepth. Deep nesting needs a deep stack (common/core/deep_stack).
    int max_depth = 100'000;
};

// What one render may still spend; shared by every execution within it
// (templates, includes, tpl). Not thread-safe: one render, one thread.
class Budget {
  public:
    explicit Budget(Limits limits = {}) : limits_(limits) {}
    // False once the render has spent more than its limit.
    bool charge_steps(std::uint64_t n);
    bool charge_bytes(std::uint64_t n);
    const Limits& limits() const { return limits_; }
    int depth = 0; // templates, includes and tpl calls now running inside one another

  private:
    Limits limits_;
    std::uint64_t steps_ = 0;
    std::uint64_t bytes_ = 0;
};

class TemplateSet {
  public:
    // `name` names the set in "no template X associated with template NAME".
    // The functions' names are what the parser accepts besides Go's builtins.
    TemplateSet(std::string name, std::shared_ptr<const FunctionTable> functions);

    // Parses `text` as template `name` (and the templates it defines), as
    // Go's t.New(name).Parse(text) does: a later non-empty definition of a
    // name replaces an earlier one; an empty one never does. Throws
    // Error(spec) in Go's form; the set is unchanged then.
    void parse(const std::string& name, std::string_view text);

    bool contains(std::string_view name) const;
    std::vector<std::string> names() const;
    const std::string& name() const { return name_; }
    const FunctionTable& functions() const { return *functions_; }

    // Runs template `name` with `dot`; returns what it wrote. Throws
    // Error(spec) in Go's form.
    std::string execute(const std::string& name, const Value& dot, Budget& budget) const;

    // For the executor: the parsed template of that name, or null.
    std::shared_ptr<const detail::Tree> find(std::string_view name) const;

  private:
    std::string name_;
    std::shared_ptr<const FunctionTable> functions_;
    std::map<std::string, std::shared_ptr<const detail::Tree>, std::less<>> trees_;
};

// The names text/template defines itself (and, or, not, len, index, slice,
// print, printf, println, html, js, urlquery, call, eq, ne, lt, le, gt, ge).
bool is_builtin_function(std::string_view name);

} // namespace airlock::gotemplate
