#pragma once
// Private. A compiled schema: one Node per (sub)schema reached from the root,
// keywords resolved to pointers between nodes, numbers as exact decimals and
// patterns compiled. Nodes live in Compiled's arena and never move.
#include "common/jsonschema/detail/formats.hpp"
#include "common/jsonschema/detail/number.hpp"
#include "common/jsonschema/schema.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace airlock::jsonschema::detail {

// JSON types as bits, in the order santhosh lists them in messages.
enum TypeBit : unsigned {
    type_null = 1,
    type_boolean = 2,
    type_number = 4,
    type_integer = 8,
    type_string = 16,
    type_array = 32,
    type_object = 64,
};

struct Node;

// additionalProperties / additionalItems: absent, a boolean, or a schema.
struct Additional {
    enum class Kind { none, boolean, schema } kind = Kind::none;
    bool allowed = true;
    const Node* schema = nullptr;
};

struct PatternProperty {
    std::string source;
    std::unique_ptr<const Regex> regex;
    const Node* schema = nullptr;
};

struct Dependency {
    std::string property;
    std::vector<std::string> required; // when schema is null
    const Node* schema = nullptr;
};

struct Node {
    std::string location; // "file:///values.schema.json#/properties/a"
    int draft = 2020;
    const Node* resource = nullptr; // the root of the enclosing resource
    std::map<std::string, const Node*, std::less<>> dynamic_anchors; // on resource roots
    std::optional<bool> boolean;

    // core
    const Node* ref = nullptr;
    const Node* recursive_ref = nullptr;
    bool recursive_anchor = false;
    const Node* dynamic_ref = nullptr;
    std::string dynamic_ref_anchor;
    std::string dynamic_anchor;

    // any type
    unsigned types = 0;
    std::optional<nlohmann::json> const_value;
    std::optional<std::vector<nlohmann::json>> enum_values;
    unsigned enum_types = 0;
    std::string format_name;
    FormatCheck format = nullptr;
    bool format_regex = false;
    const Node* not_ = nullptr;
    std::vector<const Node*> all_of;
    std::vector<const Node*> any_of;
    std::vector<const Node*> one_of;
    const Node* if_ = nullptr;
    const Node* then_ = nullptr;
    const Node* else_ = nullptr;

    // objects
    std::optional<long long> min_properties;
    std::optional<long long> max_properties;
    std::vector<std::string> required;
    std::map<std::string, const Node*, std::less<>> properties;
    std::vector<PatternProperty> pattern_properties;
    Additional additional_properties;
    std::vector<Dependency> dependencies;
    std::vector<std::pair<std::string, std::vector<std::string>>> dependent_required;
    std::vector<std::pair<std::string, const Node*>> dependent_schemas;
    const Node* property_names = nullptr;
    const Node* unevaluated_properties = nullptr;

    // arrays
    std::optional<long long> min_items;
    std::optional<long long> max_items;
    bool unique_items = false;
    bool items_is_list = false;          // drafts before 2020-12: items as a list
    const Node* items = nullptr;         // drafts before 2020-12, single schema
    std::vector<const Node*> items_list; // drafts before 2020-12, list form
    Additional additional_items;
    std::vector<const Node*> prefix_items; // 2020-12
    const Node* items2020 = nullptr;       // 2020-12
    const Node* contains = nullptr;
    std::optional<long long> min_contains;
    std::optional<long long> max_contains;
    const Node* unevaluated_items = nullptr;

    // strings
    std::optional<long long> min_length;
    std::optional<long long> max_length;
    std::string pattern_source;
    std::unique_ptr<const Regex> pattern;

    // numbers
    std::optional<Decimal> minimum;
    std::optional<Decimal> maximum;
    std::optional<Decimal> exclusive_minimum;
    std::optional<Decimal> exclusive_maximum;
    std::optional<Decimal> multiple_of;

    // what the node's own keywords evaluate, for unevaluated*
    bool all_props_evaluated = false;
    bool all_items_evaluated = false;
    std::size_t num_items_evaluated = 0;
};

struct Compiled {
    std::vector<std::unique_ptr<Node>> nodes; // the arena
    const Node* root = nullptr;
    Draft draft = Draft::draft2020_12;
    std::vector<std::string> warnings;
    std::shared_ptr<const RegexEngine> regex_engine; // for the "regex" format
};

// The compiled metaschema of a draft (compiled once, formats asserted).
const Node& metaschema(int draft);

} // namespace airlock::jsonschema::detail
