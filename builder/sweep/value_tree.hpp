#pragma once
// PRIVATE to builder/sweep: include only from .cpp files (it exposes
// yaml-cpp). A YAML document as a plain tree in which every node remembers
// where it was written (file, document, path, line), so that values merged
// from several files still say which file set what; and Helm's rules for
// merging values (maps merge key by key, anything else is replaced, null
// deletes).
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace airlock::builder::sweep_detail {

struct Value {
    enum class Kind { null, scalar, map, list };
    Kind kind = Kind::null;
    std::string text;  // a scalar as written
    bool plain = true; // a scalar written without quotes or tag (`false` is a boolean)
    struct Entry;
    std::vector<Entry> entries; // a map, in document order
    std::vector<Value> items;   // a list

    // Where this node was written.
    std::string file;
    int document = 0; // 1-based; 0 when not from a YAML document (a `set` value)
    std::string path; // "spec.containers[0].image", "" for the document root
    int line = 0;     // 1-based; 0 when unknown
    int layer = 0;    // merge precedence of its source: higher overrides lower

    bool is_map() const { return kind == Kind::map; }
    bool is_list() const { return kind == Kind::list; }
    bool is_scalar() const { return kind == Kind::scalar; }

    const Value* get(std::string_view key) const;
    Value* get(std::string_view key);
    bool has(std::string_view key) const { return get(key) != nullptr; }
    // The text of scalar child `key`; "" when absent, null or not a scalar.
    std::string scalar(std::string_view key) const;
    // A plain `false` (what Helm reads as the boolean false).
    bool is_false() const;
    bool is_true() const;
};

struct Value::Entry {
    std::string key;
    Value value;
};

// Where a document comes from, stamped on every node made from it.
struct ValueOrigin {
    std::string file;
    int document = 1;
    int layer = 0;
};

// Bounds conversion of one input: aliases can make a small text expand into
// a huge tree ("billion laughs"), and deep nesting would exhaust the stack.
class ValueBudget {
  public:
    ValueBudget(std::string file, std::size_t max_nodes)
        : file_(std::move(file)), left_(max_nodes) {}
    void take(int depth);

  private:
    std::string file_;
    std::size_t left_;
};

inline constexpr int max_value_depth = 200;
// Nodes allowed beyond one per input byte: a budget for aliases in small files.
inline constexpr std::size_t value_node_slack = 100000;

// "parent.key", or parent["key"] when the key is not a plain word.
std::string key_path(const std::string& parent, std::string_view key);
std::string index_path(const std::string& parent, std::size_t index);

Value to_value(const YAML::Node& node, const ValueOrigin& origin, ValueBudget& budget,
               const std::string& path = {});

// Every document of `text`. A syntax error is Error(spec) "<file>:<line>:
// invalid YAML: <reason>".
std::vector<YAML::Node> load_documents(std::string_view text, const std::string& file);

// Helm's coalescing of a values layer onto what is below it.
void merge_into(Value& base, const Value& overlay);

// Applies `--set key=value` (Helm's syntax: "a.b.c", "a\.b" for a literal
// dot, "list[0].x"). The scalar is plain, so "false" and "3" are typed as
// Helm's --set types them; "null" becomes a null, which deletes the key when
// `root` is merged over the values below it.
void apply_set(Value& root, const std::string& key, const std::string& value, int layer);

} // namespace airlock::builder::sweep_detail
