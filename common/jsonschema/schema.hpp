#pragma once
// JSON Schema validation as github.com/santhosh-tekuri/jsonschema/v6 does it
// (the library Helm v4 validates chart values with), configured as Helm
// configures it: drafts 4, 6, 7, 2019-09 and 2020-12 chosen by `$schema`,
// 2020-12 when it is absent; `format` asserted under drafts 4 to 7 only;
// content keywords not asserted; the schema itself checked against its
// draft's metaschema before use. Standalone: nothing here knows of Helm or
// charts (builder/helm/values_schema.cpp applies it as Helm does).
//
// No reference is ever fetched: `$ref` resolves within the document (JSON
// pointers, `$id`, `$anchor`, `$dynamicAnchor`) and to the draft metaschemas,
// which are built in. A reference to any other document is a compile error,
// except `urn:` references, which (as Helm's loader does) become the
// permissive schema `true` with a warning.
//
// A compiled Schema is immutable; validate() may run on several threads.
#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::jsonschema {

enum class Draft { draft4 = 4, draft6 = 6, draft7 = 7, draft2019_09 = 2019, draft2020_12 = 2020 };

// A compiled regular expression for `pattern`, `patternProperties` and the
// "regex" format.
class Regex {
  public:
    virtual ~Regex() = default;
    // Whether the pattern matches anywhere in `s` (Go's MatchString). May
    // throw airlock::Error(spec) when the match cannot be decided within the
    // engine's bounds.
    virtual bool search(std::string_view s) const = 0;
};

// Santhosh uses Go's regexp (RE2 syntax). An engine compiles a pattern or
// throws airlock::Error(spec) with Go's message for a bad one ("error
// parsing regexp: missing closing ): `a(`").
class RegexEngine {
  public:
    virtual ~RegexEngine() = default;
    virtual std::unique_ptr<const Regex> compile(std::string_view pattern) const = 0;
};

// The built-in engine: Go's regexp itself (common/goregexp), linear in time.
std::shared_ptr<const RegexEngine> go_regexp_engine();

struct Options {
    // The document's own URI: relative `$id`s and `$ref`s resolve against it,
    // and messages name locations with it. Helm uses this one.
    std::string base_uri = "file:///values.schema.json";
    // null: go_regexp_engine().
    std::shared_ptr<const RegexEngine> regex_engine;
};

// One node of the error tree that santhosh builds and Helm prints.
struct ValidationError {
    // JSON pointer into the instance ("/image/tag"; "" is the whole value),
    // as santhosh reports it (see ValidationResult for its two known slips).
    std::string instance_location;
    // "got number, want string", "missing property 'repo'", "'anyOf' failed".
    std::string message;
    std::vector<ValidationError> causes;
    // "validation failed": several errors at one place, or the errors found
    // through a `$ref`; a container, not a violation of its own.
    bool group = false;
    // A `$ref` step with a single cause: santhosh prints the cause in its
    // place.
    bool hidden = false;
};

struct Violation {
    std::string instance_location;
    std::string message;
};

// The outcome of validate(). Errors are ordered deterministically (object
// members by name, array items by index); santhosh follows Go's map order,
// which changes from run to run, so only the set of lines is comparable.
//
// Locations are santhosh's, two slips included, since Helm prints them:
// an item checked by `items` after `prefixItems` (2020-12) or by
// `additionalItems` after a list of `items` is numbered from the end of the
// list, not from the start of the array; and a `propertyNames` failure is
// reported at '' (the root), not at the object.
class ValidationResult {
  public:
    ValidationResult() = default;
    explicit ValidationResult(std::vector<ValidationError> errors) : errors_(std::move(errors)) {}

    bool valid() const noexcept { return errors_.empty(); }
    // The top level, as Helm prints it.
    const std::vector<ValidationError>& errors() const noexcept { return errors_; }
    // Every violation: the first node on each path that is not a group
    // ("'anyOf' failed" is one violation; its causes explain it).
    std::vector<Violation> violations() const;
    // santhosh's text for the errors, one line each, causes indented:
    //   - at '/image': validation failed
    //     - at '/image/tag': got number, want string
    // Lines are joined by '\n'; no newline at the end; "" when valid.
    std::string text() const;
    // One line: "at '/image/tag': got number, want string; at '/x': ...",
    // at most `limit` violations, then "(and N more)".
    std::string one_line(std::size_t limit = 3) const;

  private:
    std::vector<ValidationError> errors_;
};

namespace detail {
struct Compiled;
}

struct CompileResult;

class Schema {
  public:
    // Throws airlock::Error(ErrorCode::spec, CompileResult::error_line) when
    // `document` is not a valid schema.
    static Schema compile(const nlohmann::json& document, const Options& options = {});
    static CompileResult try_compile(const nlohmann::json& document, const Options& options = {});

    ValidationResult validate(const nlohmann::json& instance) const;

    Draft draft() const noexcept;
    // Things Helm would log while compiling ("unresolved URN reference
    // ignored; using permissive schema: urn:x").
    const std::vector<std::string>& warnings() const noexcept;

  private:
    explicit Schema(std::shared_ptr<const detail::Compiled> compiled)
        : compiled_(std::move(compiled)) {}
    std::shared_ptr<const detail::Compiled> compiled_;
};

// What try_compile() gives back: a schema, or why the document is not one.
struct CompileResult {
    std::optional<Schema> schema;
    // santhosh's message, which for a document that breaks its metaschema
    // spans several lines:
    //   "file:///values.schema.json#" is not valid against metaschema: ...
    //   - at '/properties/x/type': 'anyOf' failed
    //     - at ...
    std::string error;
    // The same on one line (for airlock::Error).
    std::string error_line;
};

} // namespace airlock::jsonschema
