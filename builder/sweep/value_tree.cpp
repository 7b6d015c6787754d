#include "builder/sweep/value_tree.hpp"

#include "builder/spec/yaml_util.hpp"
#include "common/core/error.hpp"
#include "common/core/text.hpp"

#include <algorithm>

namespace airlock::builder::sweep_detail {

namespace {

bool is_plain_key(std::string_view key) {
    if (key.empty()) {
        return false;
    }
    return std::all_of(key.begin(), key.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    });
}

Value convert(const YAML::Node& node, const ValueOrigin& origin, ValueBudget& budget,
              const std::string& path, int depth) {
    budget.take(depth);
    Value v;
    v.file = origin.file;
    v.document = origin.document;
    v.layer = origin.layer;
    v.path = path;
    const YAML::Mark mark = node.Mark();
    v.line = mark.is_null() || mark.line < 0 ? 0 : mark.line + 1;
    if (!node.IsDefined() || node.IsNull()) {
        return v;
    }
    if (node.IsScalar()) {
        v.kind = Value::Kind::scalar;
        v.text = node.Scalar();
        v.plain = node.Tag() == "?";
        return v;
    }
    if (node.IsMap()) {
        v.kind = Value::Kind::map;
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (!it->first.IsScalar()) {
                continue; // a complex key names nothing an image could live under
            }
            std::string key = it->first.Scalar();
            Value child = convert(it->second, origin, budget, key_path(path, key), depth + 1);
            if (Value* existing = v.get(key)) {
                *existing = std::move(child); // a repeated key: the last one wins
            } else {
                v.entries.push_back(Value::Entry{std::move(key), std::move(child)});
            }
        }
        return v;
    }
    if (node.IsSequence()) {
        v.kind = Value::Kind::list;
        std::size_t i = 0;
        for (const YAML::Node& item : node) {
            v.items.push_back(convert(item, origin, budget, index_path(path, i), depth + 1));
            ++i;
        }
    }
    return v;
}

struct SetStep {
    std::string key;
    std::vector<std::size_t> indices;
};

// Helm's --set keys: '.' separates, "\." is a literal dot, "[N]" indexes a list.
std::vector<SetStep> parse_set_key(const std::string& key) {
    constexpr std::size_t max_index = 65536; // Helm's own bound
    auto bad = [&](const std::string& why) -> void {
        fail(ErrorCode::spec, "set key '" + printable(key) + "': " + why);
    };
    std::vector<SetStep> steps(1);
    for (std::size_t i = 0; i < key.size(); ++i) {
        char c = key[i];
        if (c == '\\' && i + 1 < key.size()) {
            steps.back().key += key[++i];
        } else if (c == '.') {
            steps.emplace_back();
        } else if (c == '[') {
            std::size_t close = key.find(']', i);
            if (close == std::string::npos || close == i + 1) {
                bad("unclosed or empty '['");
            }
            std::string digits = key.substr(i + 1, close - i - 1);
            if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 6 ||
                std::stoul(digits) > max_index) {
                bad("list index '" + digits + "' is not a number up to " +
                    std::to_string(max_index));
            }
            steps.back().indices.push_back(std::stoul(digits));
            i = close;
        } else {
            steps.back().key += c;
        }
    }
    for (const SetStep& s : steps) {
        if (s.key.empty()) {
            bad("empty component");
        }
    }
    return steps;
}

Value set_node(Value::Kind kind, const std::string& key, int layer) {
    Value v;
    v.kind = kind;
    v.file = "set";
    v.document = 0;
    v.path = key;
    v.layer = layer;
    return v;
}

} // namespace

const Value* Value::get(std::string_view key) const {
    for (const auto& [k, v] : entries) {
        if (k == key) {
            return &v;
        }
    }
    return nullptr;
}

Value* Value::get(std::string_view key) {
    for (auto& [k, v] : entries) {
        if (k == key) {
            return &v;
        }
    }
    return nullptr;
}

std::string Value::scalar(std::string_view key) const {
    const Value* v = get(key);
    return v != nullptr && v->is_scalar() ? v->text : std::string();
}

bool Value::is_false() const {
    return is_scalar() && plain && (text == "false" || text == "False" || text == "FALSE");
}

bool Value::is_true() const {
    return is_scalar() && plain && (text == "true" || text == "True" || text == "TRUE");
}

void ValueBudget::take(int depth) {
    if (depth > max_value_depth) {
        fail(ErrorCode::spec,
             file_ + ": YAML nested deeper than " + std::to_string(max_value_depth) + " levels");
    }
    if (left_ == 0) {
        fail(ErrorCode::spec,
             file_ + ": YAML expands to too many nodes (aliases used as a decompression bomb?)");
    }
    --left_;
}

std::string key_path(const std::string& parent, std::string_view key) {
    if (is_plain_key(key)) {
        return parent.empty() ? std::string(key) : parent + "." + std::string(key);
    }
    std::string quoted = "[\"";
    for (char c : key) {
        if (c == '"' || c == '\\') {
            quoted += '\\';
        }
        quoted += c;
    }
    return parent + quoted + "\"]";
}

std::string index_path(const std::string& parent, std::size_t index) {
    return parent + "[" + std::to_string(index) + "]";
}

Value to_value(const YAML::Node& node, const ValueOrigin& origin, ValueBudget& budget,
               const std::string& path) {
    return convert(node, origin, budget, path, 0);
}

std::vector<YAML::Node> load_documents(std::string_view text, const std::string& file) {
    YamlSource source(file);
    try {
        return YAML::LoadAll(std::string(text));
    } catch (const YAML::Exception& e) {
        source.fail(e.mark, "invalid YAML: " + e.msg);
    }
}

void merge_into(Value& base, const Value& overlay) {
    if (!base.is_map() || !overlay.is_map()) {
        base = overlay;
        return;
    }
    for (const auto& [key, value] : overlay.entries) {
        auto it = std::find_if(base.entries.begin(), base.entries.end(),
                               [&key = key](const Value::Entry& e) { return e.key == key; });
        if (value.kind == Value::Kind::null) {
            if (it != base.entries.end()) {
                base.entries.erase(it); // Helm: null removes a default
            }
            continue;
        }
        if (it == base.entries.end()) {
            base.entries.push_back(Value::Entry{key, value});
        } else {
            merge_into(it->value, value);
        }
    }
}

void apply_set(Value& root, const std::string& key, const std::string& value, int layer) {
    const std::vector<SetStep> steps = parse_set_key(key);
    const bool remove = value == "null";
    if (!root.is_map()) {
        root = set_node(Value::Kind::map, "", layer);
    }
    Value* current = &root;
    for (std::size_t s = 0; s < steps.size(); ++s) {
        const SetStep& step = steps[s];
        const bool last = s + 1 == steps.size();
        if (!current->is_map()) {
            *current = set_node(Value::Kind::map, key, layer);
        }
        Value* child = current->get(step.key);
        if (child == nullptr) {
            current->entries.push_back(
                Value::Entry{step.key, set_node(Value::Kind::null, key, layer)});
            child = &current->entries.back().value;
        }
        for (std::size_t index : step.indices) {
            if (!child->is_list()) {
                *child = set_node(Value::Kind::list, key, layer);
            }
            while (child->items.size() <= index) {
                child->items.push_back(set_node(Value::Kind::null, key, layer));
            }
            child = &child->items[index];
        }
        if (last) {
            *child = set_node(remove ? Value::Kind::null : Value::Kind::scalar, key, layer);
            child->text = remove ? std::string() : value;
            return;
        }
        current = child;
    }
}

} // namespace airlock::builder::sweep_detail
