// sweep_chart: images a chart will ask for, found without rendering it.
#include "builder/sweep/image_collector.hpp"
#include "builder/sweep/sweep.hpp"
#include "builder/sweep/value_tree.hpp"

#include "common/core/error.hpp"

#include <optional>

namespace airlock::builder {

namespace {

using sweep_detail::ImageCollector;
using sweep_detail::ImageContext;
using sweep_detail::trim;
using sweep_detail::Value;

// Subcharts of subcharts: real charts go two or three levels deep. Each level
// may hold one unpacked chart (up to chart_max_total_bytes) in memory.
constexpr int max_subchart_depth = 5;
constexpr std::string_view image_annotations[] = {"helm.sh/images", "artifacthub.io/images"};

std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> parts;
    while (true) {
        size_t at = s.find(sep);
        parts.push_back(s.substr(0, at));
        if (at == std::string_view::npos) {
            return parts;
        }
        s.remove_prefix(at + 1);
    }
}

// The first document of a chart's YAML file (Helm reads no other), as a tree.
Value parse_document(std::string_view text, const std::string& file, int layer) {
    std::vector<YAML::Node> documents = sweep_detail::load_documents(text, file);
    if (documents.empty()) {
        return Value{};
    }
    sweep_detail::ValueBudget budget(file, text.size() + sweep_detail::value_node_slack);
    return sweep_detail::to_value(documents.front(), {file, 1, layer}, budget);
}

Value parse_mapping(std::string_view text, const std::string& file, int layer,
                    std::string_view what) {
    Value v = parse_document(text, file, layer);
    if (v.kind == Value::Kind::null) {
        v.kind = Value::Kind::map;
        v.file = file;
        v.layer = layer;
    }
    if (!v.is_map()) {
        fail(ErrorCode::spec, file + ": " + std::string(what) + " must be a YAML mapping");
    }
    return v;
}

// Whether the chart's templates print the appVersion with a "v" in front
// (printf "v%s" .Chart.AppVersion, or v{{ .Chart.AppVersion }}), as
// metrics-server and node-exporter do for their image tags.
bool templates_prefix_v(const ChartFiles& chart) {
    constexpr std::string_view app_version = ".Chart.AppVersion";
    for (const auto& [path, text] : chart.files) {
        if (!path.starts_with("templates/")) {
            continue;
        }
        for (size_t at = text.find(app_version); at != std::string::npos;
             at = text.find(app_version, at + 1)) {
            std::string_view before =
                trim(std::string_view(text).substr(at < 40 ? 0 : at - 40, at < 40 ? at : 40));
            if (before.ends_with("\"v%s\"")) {
                return true;
            }
            for (std::string_view open : {"{{-", "{{"}) {
                if (before.ends_with(open) &&
                    before.substr(0, before.size() - open.size()).ends_with('v')) {
                    return true;
                }
            }
        }
    }
    return false;
}

std::string default_tag(const ChartFiles& chart, const Value& chart_yaml) {
    std::string app_version(trim(chart_yaml.scalar("appVersion")));
    if (app_version.empty() || app_version.front() == 'v' || !templates_prefix_v(chart)) {
        return app_version;
    }
    return "v" + app_version;
}

std::string global_registry(const Value& values) {
    const Value* global = values.get("global");
    if (global == nullptr || !global->is_map()) {
        return {};
    }
    std::string registry = global->scalar("imageRegistry");
    if (registry.empty()) {
        if (const Value* image = global->get("image"); image != nullptr && image->is_map()) {
            registry = image->scalar("registry");
        }
    }
    return registry;
}

// One template line that sets `image:`.
struct ImageLine {
    bool templated = false; // the value is (or holds) a template action
    std::string literal;    // the value otherwise
};

// `image: <value>` on one template line, or nullopt for any other line.
std::optional<ImageLine> image_line(std::string_view line) {
    std::string_view s = trim(line);
    if (s.starts_with("- ")) {
        s = trim(s.substr(2));
    }
    bool matched = false;
    for (std::string_view key : {"image", "\"image\"", "'image'"}) {
        if (s.starts_with(key)) {
            s.remove_prefix(key.size());
            matched = true;
            break;
        }
    }
    s = trim(s);
    if (!matched || !s.starts_with(':')) {
        return std::nullopt;
    }
    s = trim(s.substr(1));
    ImageLine out;
    if (s.find("{{") != std::string_view::npos) {
        out.templated = true;
        return out;
    }
    if (s.empty()) {
        return std::nullopt;
    }
    if (s.front() == '"' || s.front() == '\'') {
        size_t close = s.find(s.front(), 1);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        s = s.substr(1, close - 1);
    } else {
        s = trim(s.substr(0, s.find(" #")));
        if (s.empty() || std::string_view("|>{[&*!%@`").find(s.front()) != std::string_view::npos) {
            return std::nullopt;
        }
    }
    out.literal = std::string(trim(s));
    return out;
}

void sweep_annotations(const Value& chart_yaml, const std::string& chart_file,
                       ImageCollector& out) {
    const Value* annotations = chart_yaml.get("annotations");
    if (annotations == nullptr || !annotations->is_map()) {
        return;
    }
    for (std::string_view key : image_annotations) {
        const Value* list_text = annotations->get(key);
        if (list_text == nullptr || !list_text->is_scalar()) {
            continue;
        }
        const std::string where = chart_file + ":" + std::to_string(list_text->line);
        std::vector<YAML::Node> documents;
        try {
            documents = YAML::LoadAll(list_text->text);
        } catch (const YAML::Exception& e) {
            fail(ErrorCode::spec,
                 where + ": annotation '" + std::string(key) + "' is not valid YAML: " + e.msg);
        }
        if (documents.empty() || documents.front().IsNull()) {
            continue;
        }
        const YAML::Node& list = documents.front();
        if (!list.IsSequence()) {
            fail(ErrorCode::spec, where + ": annotation '" + std::string(key) +
                                      "' must be a YAML list of {name, image}");
        }
        for (size_t i = 0; i < list.size(); ++i) {
            const YAML::Node item = list[i];
            if (!item.IsMap() || !item["image"] || !item["image"].IsScalar()) {
                continue;
            }
            out.add(SweptImage{item["image"].Scalar(),
                               chart_file,
                               1,
                               sweep_detail::index_path(list_text->path, i) + ".image",
                               list_text->line,
                               {}});
        }
    }
}

// Literal images in the chart's templates; returns how many lines set an
// image from a template action instead.
std::size_t sweep_templates(const ChartFiles& chart, ImageCollector& out) {
    std::size_t templated = 0;
    for (const auto& [path, text] : chart.files) {
        if (!path.starts_with("templates/")) {
            continue;
        }
        int line_number = 0;
        for (std::string_view line : split(text, '\n')) {
            ++line_number;
            std::optional<ImageLine> image = image_line(line);
            if (!image) {
                continue;
            }
            if (image->templated) {
                ++templated;
            } else {
                out.add(
                    SweptImage{image->literal, chart.origin + "/" + path, 0, "", line_number, {}});
            }
        }
    }
    return templated;
}

struct Dependency {
    std::string name;
    std::string alias;
    std::string condition;
};

// Chart.yaml `dependencies` (apiVersion v2), else requirements.yaml (v1).
std::vector<Dependency> dependencies(const ChartFiles& chart, const Value& chart_yaml) {
    const Value* list = chart_yaml.get("dependencies");
    Value requirements;
    if (list == nullptr) {
        if (const std::string* text = chart.find("requirements.yaml")) {
            requirements = parse_document(*text, chart.origin + "/requirements.yaml", 0);
            list = requirements.is_map() ? requirements.get("dependencies") : nullptr;
        }
    }
    std::vector<Dependency> out;
    if (list == nullptr || !list->is_list()) {
        return out;
    }
    for (const Value& item : list->items) {
        if (item.is_map()) {
            out.push_back({item.scalar("name"), item.scalar("alias"), item.scalar("condition")});
        }
    }
    return out;
}

// Helm's `condition`: comma-separated value paths; the first that holds a
// boolean decides; none means enabled.
bool condition_holds(const std::string& condition, const Value& values) {
    for (std::string_view path : split(condition, ',')) {
        path = trim(path);
        if (path.empty()) {
            continue;
        }
        const Value* v = &values;
        for (std::string_view key : split(path, '.')) {
            v = v->is_map() ? v->get(key) : nullptr;
            if (v == nullptr) {
                break;
            }
        }
        if (v != nullptr && (v->is_true() || v->is_false())) {
            return v->is_true();
        }
    }
    return true;
}

Value read_chart_yaml(const ChartFiles& chart) {
    return parse_mapping(chart.chart_yaml(), chart.origin + "/Chart.yaml", 0, "Chart.yaml");
}

// `layers` are merged over the chart's values.yaml in order; `parent_global`
// is the parent's `global`, which wins over the chart's own.
void sweep_chart_tree(const ChartFiles& chart, const Value& chart_yaml,
                      const std::vector<Value>& layers, const Value* parent_global, int depth,
                      ImageCollector& out, std::vector<std::string>* notes) {
    if (depth > max_subchart_depth) {
        fail(ErrorCode::spec, chart.origin + ": subcharts nested deeper than " +
                                  std::to_string(max_subchart_depth) + " levels");
    }
    const std::size_t found_before = out.size();
    sweep_annotations(chart_yaml, chart.origin + "/Chart.yaml", out);

    // Defaults rank below the parent's values: a subchart's at -depth.
    Value values;
    if (const std::string* text = chart.find("values.yaml")) {
        values = parse_mapping(*text, chart.origin + "/values.yaml", -depth, "values");
    } else {
        values.kind = Value::Kind::map;
    }
    for (const Value& layer : layers) {
        sweep_detail::merge_into(values, layer);
    }
    if (parent_global != nullptr && parent_global->is_map()) {
        Value* global = values.get("global");
        if (global == nullptr) {
            values.entries.push_back(Value::Entry{"global", Value{}});
            global = &values.entries.back().value;
        }
        sweep_detail::merge_into(*global, *parent_global);
    }

    ImageContext context{default_tag(chart, chart_yaml), global_registry(values), true};
    out.collect_any(values, context);
    const std::size_t from_metadata = out.size() - found_before;
    const std::size_t templated = sweep_templates(chart, out);
    if (notes != nullptr && templated > 0 && from_metadata == 0) {
        notes->push_back(chart.origin + ": " + std::to_string(templated) +
                         " template line(s) set an image through a template action, but no "
                         "image-shaped value or helm.sh/images annotation was found; check "
                         "that images: lists what the chart deploys");
    }

    const std::vector<Dependency> deps = dependencies(chart, chart_yaml);
    for (const std::string& sub_name : chart.subchart_names()) {
        const ChartFiles sub = chart.subchart(sub_name);
        const Value sub_yaml = read_chart_yaml(sub);
        const std::string name = sub_yaml.scalar("name");
        std::vector<std::string> keys;
        bool declared = false;
        for (const Dependency& dep : deps) {
            if (dep.name != name) {
                continue;
            }
            declared = true;
            if (condition_holds(dep.condition, values)) {
                keys.push_back(dep.alias.empty() ? dep.name : dep.alias);
            }
        }
        if (!declared) {
            keys.push_back(name);
        }
        for (const std::string& key : keys) {
            std::vector<Value> sub_layers;
            if (const Value* given = values.get(key); given != nullptr && given->is_map()) {
                sub_layers.push_back(*given);
            }
            sweep_chart_tree(sub, sub_yaml, sub_layers, values.get("global"), depth + 1, out,
                             notes);
        }
    }
}

} // namespace

std::vector<SweptImage>
sweep_chart(const ChartFiles& chart,
            const std::vector<std::pair<std::string, std::string>>& values_overlays,
            const std::map<std::string, std::string>& set, std::vector<std::string>* notes) {
    const Value chart_yaml = read_chart_yaml(chart);
    std::vector<Value> layers;
    int layer = 0;
    for (const auto& [name, text] : values_overlays) {
        layers.push_back(parse_mapping(text, name, ++layer, "a values file"));
    }
    if (!set.empty()) {
        Value overrides;
        ++layer;
        for (const auto& [key, value] : set) {
            sweep_detail::apply_set(overrides, key, value, layer);
        }
        layers.push_back(std::move(overrides));
    }
    ImageCollector out;
    sweep_chart_tree(chart, chart_yaml, layers, nullptr, 0, out, notes);
    return out.take();
}

} // namespace airlock::builder
