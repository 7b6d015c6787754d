#include "builder/helm/values.hpp"

#include "builder/helm/go_json.hpp"
#include "builder/helm/version_range.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"
#include "common/log/log.hpp"

#include <nlohmann/json.hpp>
#include <set>

namespace airlock::helm {

namespace {

using gotemplate::Kind;
using gotemplate::Map;
using gotemplate::Value;

constexpr std::string_view global_key = "global";

bool is_table(const Value& v) {
    return v.kind() == Kind::map;
}

Value new_map() {
    return Value::map(Map{});
}

std::vector<std::string> split_path(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = path.find('.', start);
        out.emplace_back(path.substr(start, dot - start));
        if (dot == std::string_view::npos) {
            return out;
        }
        start = dot + 1;
    }
}

std::vector<std::string> split_commas(std::string_view text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = text.find(',', start);
        out.emplace_back(text.substr(start, comma - start));
        if (comma == std::string_view::npos) {
            return out;
        }
        start = comma + 1;
    }
}

// coalesceTablesFullKey: dst is authoritative; src fills what dst lacks,
// recursively. With merge false, a null in dst removes the key (when src had
// a value for it).
void coalesce_tables(Map& dst, Map& src, bool merge) {
    std::set<std::string> src_non_nil;
    for (const auto& [key, val] : src) {
        if (!val.is_nil()) {
            src_non_nil.insert(key);
        }
    }
    for (const auto& [key, val] : dst) {
        if (val.is_nil()) {
            src.insert_or_assign(key, Value());
        }
    }
    for (auto& [key, val] : src) {
        auto it = dst.find(key);
        if (it != dst.end() && !merge && it->second.is_nil() && src_non_nil.count(key) > 0) {
            dst.erase(it);
        } else if (it == dst.end()) {
            dst.insert_or_assign(key, val);
        } else if (is_table(val)) {
            if (is_table(it->second)) {
                coalesce_tables(it->second.as_map(), val.as_map(), merge);
            }
        }
    }
}

bool child_chart_merge_true(const Chart& chart, const std::string& key, bool merge) {
    for (const auto& sub : chart.dependencies) {
        if (sub->name() == key) {
            return true;
        }
    }
    return merge;
}

// coalesceValues: the chart's defaults under what `v` already holds.
void coalesce_chart_values(const Chart& chart, Map& v, bool merge) {
    const Value defaults = gotemplate::deep_copy(chart.values);
    if (!is_table(defaults)) {
        return;
    }
    for (auto& [key, val] : defaults.as_map()) {
        auto it = v.find(key);
        if (it == v.end()) {
            v.insert_or_assign(key, val);
            continue;
        }
        if (it->second.is_nil() && !merge) {
            v.erase(it);
        } else if (is_table(it->second) && is_table(val)) {
            coalesce_tables(it->second.as_map(), val.as_map(),
                            child_chart_merge_true(chart, key, merge));
        }
    }
}

// coalesceGlobals: the parent's globals override the subchart's.
void coalesce_globals(Map& dest, Map& src) {
    Value dg;
    if (auto it = dest.find(global_key); it == dest.end()) {
        dg = new_map();
    } else if (is_table(it->second)) {
        dg = it->second;
    } else {
        log::warn("skipping globals because destination global is not a table");
        return;
    }
    Value sg;
    if (auto it = src.find(global_key); it == src.end()) {
        sg = new_map();
    } else if (is_table(it->second)) {
        sg = it->second;
    } else {
        log::warn("skipping globals because source global is not a table");
        return;
    }
    Map& dgm = dg.as_map();
    for (const auto& [key, val] : sg.as_map()) {
        auto existing = dgm.find(key);
        if (is_table(val)) {
            Value vv = Value::map(Map(val.as_map())); // a shallow copy, as Helm's copyMap
            if (existing == dgm.end()) {
                dgm.insert_or_assign(key, vv);
            } else if (is_table(existing->second)) {
                coalesce_tables(vv.as_map(), existing->second.as_map(), true);
                dgm.insert_or_assign(key, vv);
            }
        } else if (existing == dgm.end() || !is_table(existing->second)) {
            dgm.insert_or_assign(key, val);
        }
    }
    dest.insert_or_assign(std::string(global_key), dg);
}

void coalesce(const Chart& chart, Map& dest, bool merge);

void coalesce_deps(const Chart& chart, Map& dest, bool merge) {
    for (const auto& sub : chart.dependencies) {
        auto it = dest.find(sub->name());
        if (it == dest.end()) {
            it = dest.insert_or_assign(sub->name(), new_map()).first;
        } else if (!is_table(it->second)) {
            const std::vector<Value> shown{it->second};
            fail(ErrorCode::spec,
                 "type mismatch on " + sub->name() + ": " + gotemplate::go_sprintf("%t", shown));
        }
        Value sub_values = it->second;
        coalesce_globals(sub_values.as_map(), dest);
        coalesce(*sub, sub_values.as_map(), merge);
    }
}

void coalesce(const Chart& chart, Map& dest, bool merge) {
    coalesce_chart_values(chart, dest, merge);
    coalesce_deps(chart, dest, merge);
}

// ---- dependencies ------------------------------------------------------------

void process_tags(std::vector<builder::ChartDependency>& reqs, const Value& cvals) {
    const std::optional<Value> tags = values_table(cvals, "tags");
    if (!tags) {
        return;
    }
    for (auto& r : reqs) {
        bool has_true = false;
        bool has_false = false;
        for (const auto& k : r.tags) {
            auto it = tags->as_map().find(k);
            if (it == tags->as_map().end()) {
                continue;
            }
            if (it->second.kind() == Kind::boolean) {
                (it->second.as_bool() ? has_true : has_false) = true;
            } else {
                log::warn("tag '" + k + "' for chart " + r.name + " returned a non-bool value");
            }
        }
        r.enabled = has_true || !has_false;
    }
}

void process_conditions(std::vector<builder::ChartDependency>& reqs, const Value& cvals,
                        const std::string& path) {
    for (auto& r : reqs) {
        std::string_view conditions = r.condition;
        while (!conditions.empty() && conditions.front() == ' ') {
            conditions.remove_prefix(1);
        }
        while (!conditions.empty() && conditions.back() == ' ') {
            conditions.remove_suffix(1);
        }
        for (const std::string& c : split_commas(conditions)) {
            if (c.empty()) {
                continue;
            }
            if (auto v = values_path_value(cvals, path + c)) {
                if (v->kind() == Kind::boolean) {
                    r.enabled = v->as_bool();
                    break;
                }
                log::warn("condition path '" + c + "' for chart " + r.name +
                          " returned a non-bool value");
            }
        }
    }
}

std::shared_ptr<Chart> alias_dependency(const std::vector<std::shared_ptr<Chart>>& charts,
                                        const builder::ChartDependency& dep, Chart* parent) {
    for (const auto& c : charts) {
        if (c->name() != dep.name || !is_compatible_range(dep.version, c->metadata.version)) {
            continue;
        }
        auto copy = c->clone();
        copy->parent = parent;
        if (!dep.alias.empty()) {
            copy->metadata.name = dep.alias;
        }
        return copy;
    }
    return nullptr;
}

void process_enabled(Chart& c, const Value& v, const std::string& path) {
    if (c.metadata.dependencies.empty()) {
        return;
    }
    std::vector<std::shared_ptr<Chart>> deps;
    for (const auto& existing : c.dependencies) {
        bool listed = false;
        for (const auto& req : c.metadata.dependencies) {
            if (existing->name() == req.name &&
                is_compatible_range(req.version, existing->metadata.version)) {
                listed = true;
                break;
            }
        }
        if (!listed) {
            deps.push_back(existing);
        }
    }
    for (auto& req : c.metadata.dependencies) {
        if (auto d = alias_dependency(c.dependencies, req, &c)) {
            deps.push_back(std::move(d));
        }
        if (!req.alias.empty()) {
            req.name = req.alias;
        }
    }
    c.dependencies = std::move(deps);
    for (auto& req : c.metadata.dependencies) {
        req.enabled = true;
    }
    const Value cvals = coalesce_values(c, v);
    process_tags(c.metadata.dependencies, cvals);
    process_conditions(c.metadata.dependencies, cvals, path);
    std::set<std::string> removed;
    for (const auto& req : c.metadata.dependencies) {
        if (!req.enabled) {
            removed.insert(req.name);
        }
    }
    std::vector<std::shared_ptr<Chart>> kept;
    for (const auto& d : c.dependencies) {
        if (removed.count(d->name()) == 0) {
            kept.push_back(d);
        }
    }
    std::vector<builder::ChartDependency> kept_reqs;
    for (const auto& req : c.metadata.dependencies) {
        if (removed.count(req.name) == 0) {
            kept_reqs.push_back(req);
        }
    }
    for (const auto& d : kept) {
        process_enabled(*d, cvals, path + d->name() + ".");
    }
    c.metadata.dependencies = std::move(kept_reqs);
    c.dependencies = std::move(kept);
}

Value json_to_value(const std::string& text) {
    return json_unmarshal(text, JsonTarget::any).value;
}

// pathToMap: `data` nested under the dotted `path` ("." for the top).
Value path_to_map(const std::string& path, const Value& data) {
    if (path == ".") {
        return data;
    }
    Value cur = data;
    const auto parts = split_path(path);
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
        cur = Value::map(Map{{*it, cur}});
    }
    return cur;
}

void process_imports(Chart& c) {
    if (c.metadata.dependencies.empty()) {
        return;
    }
    const Value cvals = coalesce_values(c, Value(), true);
    Value b = new_map();
    for (auto& r : c.metadata.dependencies) {
        std::vector<std::string> normalized;
        for (const std::string& text : r.import_values) {
            const Value iv = json_to_value(text);
            if (iv.kind() == Kind::map) {
                auto field = [&](const char* name) {
                    auto it = iv.as_map().find(name);
                    return gotemplate::sprint_value(it == iv.as_map().end() ? Value() : it->second);
                };
                const std::string child = field("child");
                const std::string parent = field("parent");
                normalized.push_back(nlohmann::json{{"child", child}, {"parent", parent}}.dump());
                const std::optional<Value> table = values_table(cvals, r.name + "." + child);
                if (!table) {
                    log::warn("import-values: chart " + r.name + " has no table " + child);
                    continue;
                }
                Value imported = path_to_map(parent, *table);
                coalesce_tables(b.as_map(), imported.as_map(), true);
            } else if (iv.kind() == Kind::string) {
                const std::string child = "exports." + iv.as_string();
                normalized.push_back(nlohmann::json{{"child", child}, {"parent", "."}}.dump());
                const std::optional<Value> table = values_table(cvals, r.name + "." + child);
                if (!table) {
                    log::warn("import-values: chart " + r.name + " has no table " + child);
                    continue;
                }
                Value exported = *table;
                coalesce_tables(b.as_map(), exported.as_map(), true);
            }
        }
        r.import_values = std::move(normalized);
    }
    Value merged = gotemplate::deep_copy(cvals);
    coalesce_tables(merged.as_map(), b.as_map(), true);
    c.values = merged;
}

void process_import_values(Chart& c) {
    for (const auto& d : c.dependencies) {
        process_import_values(*d);
    }
    process_imports(c);
}

} // namespace

Value coalesce_values(const Chart& chart, const Value& user, bool merge) {
    Value copy =
        is_table(user) ? gotemplate::deep_copy(user.unboxed()).with_type(nullptr) : new_map();
    coalesce(chart, copy.as_map(), merge);
    return copy;
}

void process_dependencies(Chart& chart, const Value& user) {
    process_enabled(chart, is_table(user) ? user : new_map(), "");
    process_import_values(chart);
}

std::optional<Value> values_table(const Value& values, std::string_view path) {
    if (!is_table(values)) {
        return std::nullopt;
    }
    Value table = values;
    for (const std::string& part : split_path(path)) {
        auto it = table.as_map().find(part);
        if (it == table.as_map().end() || !is_table(it->second)) {
            return std::nullopt;
        }
        table = it->second;
    }
    return table;
}

std::optional<Value> values_path_value(const Value& values, std::string_view path) {
    if (path.empty() || !is_table(values)) {
        return std::nullopt;
    }
    const std::size_t dot = path.rfind('.');
    Value table = values;
    if (dot != std::string_view::npos) {
        auto t = values_table(values, path.substr(0, dot));
        if (!t) {
            return std::nullopt;
        }
        table = *t;
    }
    const std::string key(dot == std::string_view::npos ? path : path.substr(dot + 1));
    auto it = table.as_map().find(key);
    if (it == table.as_map().end() || is_table(it->second)) {
        return std::nullopt;
    }
    return it->second;
}

} // namespace airlock::helm
