#pragma once
// Strict reading of user-written YAML. Private to builder/: yaml-cpp types
// must not leak into public headers, so only .cpp files include this.
//
// Every error is "<file>:<line>: <message>" with a 1-based line, the form
// editors and CI logs turn into links, and uses ErrorCode::spec.
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace airlock::builder {

class YamlSource {
  public:
    explicit YamlSource(std::string display_name) : name_(std::move(display_name)) {}

    const std::string& name() const { return name_; }
    // "spec.yaml:7", or just the file name when yaml-cpp has no position.
    std::string where(const YAML::Mark& mark) const;
    [[noreturn]] void fail(const YAML::Mark& mark, const std::string& message) const;

    // Exactly one document; a syntax error becomes an error at its line.
    YAML::Node load(std::string_view text) const;

  private:
    std::string name_;
};

// Paths of values inside the document, for messages: "images[2].platforms".
std::string child_path(const std::string& parent, std::string_view key);
std::string item_path(const std::string& parent, size_t index);

// What a node is, in the words of the YAML 1.2 core schema: "a string",
// "a number", "a boolean", "null", "a list" or "a mapping". yaml-cpp keeps
// every scalar as text, so `name: 123` would otherwise pass as a string and
// the parser would accept what the JSON Schema rejects.
std::string describe(const YAML::Node& node);
bool is_string(const YAML::Node& node);
bool is_number(const YAML::Node& node);
bool is_boolean(const YAML::Node& node);

struct YamlField {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;

    // Errors about a value point at its key: an empty or block value starts
    // on a later line (or has no position at all).
    YAML::Mark mark() const { return key_node.Mark(); }
};

// The entries of one mapping, checked once on construction: it is a mapping,
// keys are strings, none repeats and none is outside `allowed`. Lookups never
// create nodes, unlike yaml-cpp's operator[].
class YamlMap {
  public:
    // `at` is where to point when `node` is not a mapping at all.
    YamlMap(const YamlSource& source, const YAML::Node& node, const YAML::Mark& at,
            std::string path, std::vector<std::string_view> allowed);
    // A mapping whose keys are data (chart `set`), so any string key is allowed.
    static YamlMap any_keys(const YamlSource& source, const YAML::Node& node, const YAML::Mark& at,
                            std::string path);

    const YamlField* find(std::string_view key) const;
    // Fails at the mapping's line when the key is absent.
    const YamlField& require(std::string_view key) const;
    bool has(std::string_view key) const { return find(key) != nullptr; }

    const std::vector<YamlField>& fields() const { return fields_; }
    const std::string& path() const { return path_; }
    std::string path_of(const YamlField& field) const { return child_path(path_, field.key); }
    const YAML::Mark& mark() const { return mark_; }
    const YamlSource& source() const { return *source_; }

  private:
    YamlMap(const YamlSource& source, const YAML::Node& node, const YAML::Mark& at,
            std::string path, const std::vector<std::string_view>* allowed);

    const YamlSource* source_;
    std::string path_;
    YAML::Mark mark_;
    std::vector<YamlField> fields_;
};

// A field's value as a string; fails unless it is one. Empty strings are
// refused too: no field of ours means anything by "".
std::string expect_string(const YamlMap& map, const YamlField& field);
// A list's items; `expected` completes "'<path>' must be ...".
std::vector<YAML::Node> expect_list(const YamlMap& map, const YamlField& field,
                                    std::string_view expected = "a list");
// Each item of a list of strings, with its position.
struct YamlString {
    std::string value;
    YAML::Mark mark;
    std::string path;
};
std::vector<YamlString> expect_string_list(const YamlMap& map, const YamlField& field);

} // namespace airlock::builder
