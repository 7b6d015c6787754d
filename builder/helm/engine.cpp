#include "builder/helm/engine.hpp"

#include "builder/helm/chart_files.hpp"
#include "builder/helm/engine_functions.hpp"
#include "builder/helm/render_context.hpp"
#include "builder/helm/values.hpp"
#include "builder/helm/values_schema.hpp"
#include "builder/helm/version_range.hpp"
#include "common/core/error.hpp"

#include <algorithm>
#include <map>

namespace airlock::helm {

namespace {

using gotemplate::Map;
using gotemplate::Value;

struct Renderable {
    std::string_view text; // the chart's file, alive for the whole render
    Value vals;            // the chart's context map, shared by its templates
    std::string base_path;
};

// recAllTpls: each chart's context, and its templates under their full names.
Value collect_templates(const Chart& chart, const Value& parent_context,
                        std::map<std::string, Renderable>& out) {
    const Map& parent = parent_context.as_map();
    auto subcharts = Value::map(Map{});
    Map next{{"Chart", chart_metadata_value(chart)},
             {"Files", files_value(*chart.files)},
             {"Release", parent.at("Release")},
             {"Capabilities", parent.at("Capabilities")},
             {"Values", as_values_type(Value::map(Map{}))},
             {"Subcharts", subcharts}};
    if (chart.is_root()) {
        next.insert_or_assign("Values", parent.at("Values"));
    } else if (auto table = values_table(parent.at("Values"), chart.name())) {
        next.insert_or_assign("Values", as_values_type(*table));
    }
    Value context = as_values_type(Value::map(std::move(next)));
    for (const auto& child : chart.dependencies) {
        subcharts.as_map().insert_or_assign(child->name(), collect_templates(*child, context, out));
    }
    const std::string prefix = chart.full_path();
    for (const TgzFile& t : *chart.templates) {
        // A library chart's templates only define; its partials are kept.
        if (chart.is_library()) {
            const std::string base = t.name.substr(t.name.rfind('/') + 1);
            if (!base.starts_with("_")) {
                continue;
            }
        }
        out.insert_or_assign(prefix + "/" + t.name,
                             Renderable{t.data, context, prefix + "/templates"});
    }
    return context;
}

// Helm's sortTemplates: deeper paths first, then names in reverse order,
// which decides which of two same-named defines wins (the last parsed).
std::vector<std::string> template_order(const std::map<std::string, Renderable>& tpls) {
    std::vector<std::string> keys;
    for (const auto& [name, r] : tpls) {
        keys.push_back(name);
    }
    auto slashes = [](const std::string& s) { return std::count(s.begin(), s.end(), '/'); };
    std::sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
        const auto ca = slashes(a);
        const auto cb = slashes(b);
        return ca != cb ? ca > cb : a > b;
    });
    return keys;
}

std::string template_base_name(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at)) {
        s.replace(at, from.size(), to);
        at += to.size();
    }
}

// The tokens of "template: LOCATION: rest", split on ": " as Helm splits them.
std::vector<std::string> split_colon(const std::string& s, std::size_t max_parts) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (out.size() + 1 < max_parts) {
        const std::size_t at = s.find(": ", start);
        if (at == std::string::npos) {
            break;
        }
        out.push_back(s.substr(start, at - start));
        start = at + 2;
    }
    out.push_back(s.substr(start));
    return out;
}

// cleanupParseError: "parse error at (chart/templates/x.yaml:3:7): message".
[[noreturn]] void parse_failure(const std::string& filename, const Error& e) {
    const std::string text = e.what();
    const auto tokens = split_colon(text, SIZE_MAX);
    if (tokens.size() == 1) {
        fail(ErrorCode::spec, "parse error in (" + filename + "): " + text);
    }
    fail(ErrorCode::spec, "parse error at (" + tokens[1] + "): " + tokens.back());
}

// An include that recursed until Helm's limit nests one frame per call in
// the message: the same frame is shown once, with the number of repeats.
std::string fold_repeated_frames(const std::string& message) {
    constexpr std::string_view frame_start = "error calling include: ";
    std::vector<std::string> frames;
    std::size_t start = 0;
    while (true) {
        const std::size_t at = message.find(frame_start, start);
        frames.push_back(
            message.substr(start, at == std::string::npos ? std::string::npos : at - start));
        if (at == std::string::npos) {
            break;
        }
        start = at + frame_start.size();
    }
    std::string out;
    for (std::size_t i = 0; i < frames.size();) {
        std::size_t j = i + 1;
        while (j < frames.size() && frames[j] == frames[i]) {
            ++j;
        }
        if (i > 0) {
            out += frame_start;
        }
        out += frames[i];
        if (j - i > 2) {
            out +=
                "[folded: the frame above repeats " + std::to_string(j - i - 1) + " more times] ";
        } else if (j - i == 2) {
            out += std::string(frame_start) + frames[i];
        }
        i = j;
    }
    return out;
}

// reformatExecErrorMsg for required and fail: "execution error at (LOCATION):
// message"; anything else keeps text/template's one-line form.
[[noreturn]] void exec_failure(const std::string& filename, const Error& e) {
    const std::string text = e.what();
    const auto tokens = split_colon(text, 3);
    if (tokens.size() != 3) {
        fail(ErrorCode::spec, "execution error in (" + filename + "): " + text);
    }
    const std::size_t start = tokens[2].find(helm_error_start);
    const std::size_t end = tokens[2].rfind(helm_error_end);
    if (start != std::string::npos && end != std::string::npos && end >= start) {
        const std::size_t from = start + helm_error_start.size();
        fail(ErrorCode::spec,
             "execution error at (" + tokens[1] + "): " + tokens[2].substr(from, end - from));
    }
    std::string clean = fold_repeated_frames(text);
    replace_all(clean, helm_error_start, "");
    replace_all(clean, helm_error_end, "");
    fail(e.code(), clean);
}

void check_dependencies_present(const Chart& chart) {
    std::string missing;
    for (const auto& req : chart.metadata.dependencies) {
        const bool found = std::any_of(chart.dependencies.begin(), chart.dependencies.end(),
                                       [&](const auto& d) { return d->name() == req.name; });
        if (!found) {
            missing += (missing.empty() ? "" : ", ") + req.name;
        }
    }
    if (!missing.empty()) {
        fail(ErrorCode::spec,
             "an error occurred while checking for chart dependencies. You may need to run "
             "`helm dependency build` to fetch missing dependencies: found in Chart.yaml, but "
             "missing in charts/ directory: " +
                 missing);
    }
}

} // namespace

RenderOutput render_chart(const RenderInput& input) {
    if (!input.chart) {
        fail(ErrorCode::internal, "render_chart without a chart");
    }
    if (input.chart->is_library()) {
        fail(ErrorCode::spec, input.chart->metadata.type + " charts are not installable");
    }
    check_dependencies_present(*input.chart);
    std::shared_ptr<Chart> chart = input.chart->clone();
    process_dependencies(*chart, input.user_values);

    const Value values = coalesce_values(*chart, input.user_values);
    validate_values_schema(*chart, values);
    const KubeVersion& kube = input.capabilities.kube_version;
    if (!chart->metadata.kube_version.empty() &&
        !is_compatible_range(chart->metadata.kube_version, kube.normalized)) {
        fail(ErrorCode::spec, "chart requires kubeVersion: " + chart->metadata.kube_version +
                                  " which is incompatible with Kubernetes " + kube.version);
    }

    const Value top = Value::map(Map{{"Chart", chart_metadata_value(*chart)},
                                     {"Capabilities", capabilities_value(input.capabilities)},
                                     {"Release", release_value(input.release)},
                                     {"Values", as_values_type(values)}});
    std::map<std::string, Renderable> templates;
    collect_templates(*chart, top, templates);

    EngineState state;
    auto functions = std::make_shared<gotemplate::FunctionTable>(template_functions(state));
    gotemplate::TemplateSet set("gotpl", functions);
    const std::vector<std::string> order = template_order(templates);
    for (const std::string& name : order) {
        try {
            set.parse(name, templates.at(name).text);
        } catch (const Error& e) {
            parse_failure(name, e);
        }
    }

    gotemplate::Budget budget(input.limits);
    RenderOutput out;
    out.chart = chart;
    for (const std::string& name : order) {
        if (template_base_name(name).starts_with("_")) {
            continue;
        }
        const Renderable& r = templates.at(name);
        // Each template sees its own name; the context map is the chart's, shared.
        r.vals.as_map().insert_or_assign(
            "Template", as_values_type(Value::map(Map{{"Name", Value::string(name)},
                                                      {"BasePath", Value::string(r.base_path)}})));
        std::string text;
        try {
            text = set.execute(name, r.vals, budget);
        } catch (const Error& e) {
            exec_failure(name, e);
        }
        replace_all(text, "<no value>", "");
        out.files.push_back({name, std::move(text)});
    }
    return out;
}

} // namespace airlock::helm
