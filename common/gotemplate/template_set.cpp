#include "common/gotemplate/template_set.hpp"

#include "common/core/error.hpp"
#include "common/gotemplate/detail/ast.hpp"
#include "common/gotemplate/detail/parser.hpp"
#include "common/gotemplate/format.hpp"

#include <array>

namespace airlock::gotemplate {

namespace {

constexpr std::array<std::string_view, 19> builtin_names = {
    "and", "call", "eq",  "ge", "gt",    "html",   "index",   "js",    "le",      "len",
    "lt",  "ne",   "not", "or", "print", "printf", "println", "slice", "urlquery"};

} // namespace

bool is_builtin_function(std::string_view name) {
    for (std::string_view b : builtin_names) {
        if (b == name) {
            return true;
        }
    }
    return false;
}

bool Budget::charge_steps(std::uint64_t n) {
    steps_ += n;
    return steps_ <= limits_.max_steps;
}

bool Budget::charge_bytes(std::uint64_t n) {
    bytes_ += n;
    return bytes_ <= limits_.max_bytes;
}

TemplateSet::TemplateSet(std::string name, std::shared_ptr<const FunctionTable> functions)
    : name_(std::move(name)), functions_(std::move(functions)) {
    if (!functions_) {
        functions_ = std::make_shared<const FunctionTable>();
    }
}

void TemplateSet::parse(const std::string& name, std::string_view text) {
    const FunctionTable& table = *functions_;
    const std::function<bool(std::string_view)> has_function = [&table](std::string_view f) {
        return table.contains(f) || is_builtin_function(f);
    };
    for (const auto& tree : detail::parse_templates(name, text, has_function)) {
        auto it = trees_.find(tree->name);
        // Go's associate(): an empty definition never replaces a real one.
        if (it != trees_.end() && detail::is_empty_tree(*tree->root)) {
            continue;
        }
        trees_.insert_or_assign(tree->name, tree);
    }
}

bool TemplateSet::contains(std::string_view name) const {
    return trees_.find(name) != trees_.end();
}

std::vector<std::string> TemplateSet::names() const {
    std::vector<std::string> out;
    out.reserve(trees_.size());
    for (const auto& [name, tree] : trees_) {
        out.push_back(name);
    }
    return out;
}

std::shared_ptr<const detail::Tree> TemplateSet::find(std::string_view name) const {
    auto it = trees_.find(name);
    return it == trees_.end() ? nullptr : it->second;
}

} // namespace airlock::gotemplate
