#include "builder/helm/release_manifests.hpp"

#include "builder/chart/helmignore.hpp"
#include "builder/helm/manifests.hpp"
#include "builder/helm/values_io.hpp"
#include "common/core/error.hpp"
#include "common/gotemplate/format.hpp"

#include <algorithm>
#include <array>

namespace airlock::helm {

namespace {

using gotemplate::Kind;
using gotemplate::Value;

// Helm's InstallOrder: kinds in the order an install creates them.
constexpr std::array<std::string_view, 38> install_order = {
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
};

constexpr std::array<std::string_view, 10> hook_events = {
    "pre-install",  "post-install", "pre-delete",    "post-delete", "pre-upgrade",
    "post-upgrade", "pre-rollback", "post-rollback", "test",        "test-success",
};

int kind_rank(const std::string& kind) {
    for (std::size_t i = 0; i < install_order.size(); ++i) {
        if (install_order[i] == kind) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

// lessByKind: known kinds in install order, unknown ones after them by name.
bool less_by_kind(const ReleaseDocument& a, const ReleaseDocument& b) {
    const int ra = kind_rank(a.kind);
    const int rb = kind_rank(b.kind);
    if (ra < 0 && rb < 0) {
        return a.kind < b.kind;
    }
    if (ra < 0) {
        return false;
    }
    if (rb < 0) {
        return true;
    }
    return ra < rb;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n\v\f");
    if (b == std::string_view::npos) {
        return {};
    }
    const auto e = s.find_last_not_of(" \t\r\n\v\f");
    return std::string(s.substr(b, e - b + 1));
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

[[noreturn]] void head_error(const std::string& source, const std::string& why) {
    fail(ErrorCode::spec, "YAML parse error on " + source +
                              ": error unmarshaling JSON: while decoding JSON: json: " + why);
}

std::string go_json_kind(const Value& v) {
    switch (v.kind()) {
    case Kind::boolean:
        return "bool";
    case Kind::integer:
    case Kind::floating:
        return "number";
    case Kind::list:
        return "array";
    case Kind::map:
        return "object";
    default:
        return "string";
    }
}

// The head Helm reads from each document (SimpleHead). sigs.k8s.io/yaml
// turns scalars into the strings the fields want; a list or a map where a
// string or struct belongs is an error.
struct Head {
    std::string kind;
    std::map<std::string, std::string> annotations;
};

constexpr std::string_view metadata_type =
    "struct { Name string \"json:\\\"name\\\"\"; Annotations map[string]string "
    "\"json:\\\"annotations\\\"\" }";

std::string string_field(const Value& v, const std::string& source, const std::string& field) {
    if (v.is_nil()) {
        return {};
    }
    if (v.kind() == Kind::list || v.kind() == Kind::map) {
        head_error(source, "cannot unmarshal " + go_json_kind(v) + " into Go struct field " +
                               field + " of type string");
    }
    return v.kind() == Kind::string ? v.as_string() : gotemplate::sprint_value(v);
}

Head read_head(const std::string& doc, const std::string& source) {
    const Value v = read_yaml_document(doc, "YAML parse error on " + source);
    Head head;
    if (v.is_nil()) {
        return head;
    }
    if (v.kind() != Kind::map) {
        head_error(source, "cannot unmarshal " + go_json_kind(v) +
                               " into Go value of type util.SimpleHead");
    }
    const auto& m = v.as_map();
    if (auto it = m.find("apiVersion"); it != m.end()) {
        string_field(it->second, source, "SimpleHead.apiVersion");
    }
    if (auto it = m.find("kind"); it != m.end()) {
        head.kind = string_field(it->second, source, "SimpleHead.kind");
    }
    auto md = m.find("metadata");
    if (md == m.end() || md->second.is_nil()) {
        return head;
    }
    if (md->second.kind() != Kind::map) {
        head_error(source, "cannot unmarshal " + go_json_kind(md->second) +
                               " into Go struct field SimpleHead.metadata of type " +
                               std::string(metadata_type));
    }
    const auto& meta = md->second.as_map();
    if (auto it = meta.find("name"); it != meta.end()) {
        string_field(it->second, source, "SimpleHead.metadata.name");
    }
    auto ann = meta.find("annotations");
    if (ann == meta.end() || ann->second.is_nil()) {
        return head;
    }
    if (ann->second.kind() != Kind::map) {
        head_error(source, "cannot unmarshal " + go_json_kind(ann->second) +
                               " into Go struct field .metadata.annotations of type "
                               "map[string]string");
    }
    for (const auto& [k, val] : ann->second.as_map()) {
        head.annotations[k] = string_field(val, source, ".metadata.annotations");
    }
    return head;
}

void collect_crds(const Chart& chart, std::vector<ReleaseDocument>& out) {
    for (const TgzFile& f : *chart.files) {
        if (!f.name.starts_with("crds/")) {
            continue;
        }
        const std::string ext = lower(f.name.substr(std::min(f.name.rfind('.'), f.name.size())));
        if (ext != ".yaml" && ext != ".yml" && ext != ".json") {
            continue;
        }
        out.push_back({chart.full_path() + "/" + f.name, f.data, "CustomResourceDefinition"});
    }
    for (const auto& d : chart.dependencies) {
        collect_crds(*d, out);
    }
}

} // namespace

ReleaseManifests release_manifests(const RenderOutput& rendered, bool include_crds) {
    ReleaseManifests out;
    const std::string root_notes = rendered.chart->name() + "/templates/NOTES.txt";
    std::vector<const RenderedFile*> files;
    for (const RenderedFile& f : rendered.files) {
        if (f.name.ends_with("NOTES.txt")) {
            if (f.name == root_notes) {
                out.notes = f.text;
            }
            continue;
        }
        files.push_back(&f);
    }
    std::sort(files.begin(), files.end(),
              [](const RenderedFile* a, const RenderedFile* b) { return a->name < b->name; });
    for (const RenderedFile* f : files) {
        if (trim(f->text).empty()) {
            continue;
        }
        for (std::string& doc : split_manifests(f->text)) {
            const Head head = read_head(doc, f->name);
            auto hook = head.annotations.find("helm.sh/hook");
            if (hook == head.annotations.end()) {
                out.manifests.push_back({f->name, std::move(doc), head.kind});
                continue;
            }
            bool known = true;
            bool test = false;
            std::string_view events = hook->second;
            while (true) {
                const std::size_t comma = events.find(',');
                const std::string event = lower(trim(events.substr(0, comma)));
                known = known && std::find(hook_events.begin(), hook_events.end(), event) !=
                                     hook_events.end();
                test = test || event == "test" || event == "test-success";
                if (comma == std::string_view::npos) {
                    break;
                }
                events.remove_prefix(comma + 1);
            }
            if (known) { // Helm drops hooks of unknown types
                out.hooks.push_back({f->name, std::move(doc), head.kind, test});
            }
        }
    }
    std::stable_sort(out.manifests.begin(), out.manifests.end(), less_by_kind);
    std::stable_sort(out.hooks.begin(), out.hooks.end(), less_by_kind);
    if (include_crds) {
        collect_crds(*rendered.chart, out.crds);
    }
    return out;
}

std::string helm_template_text(const ReleaseManifests& release,
                               const std::vector<std::string>& show_only, bool skip_tests) {
    std::string manifest;
    for (const auto& crd : release.crds) {
        manifest += "---\n# Source: " + crd.source + "\n" + crd.content + "\n";
    }
    for (const auto& m : release.manifests) {
        manifest += "---\n# Source: " + m.source + "\n" + m.content + "\n";
    }
    std::string out = trim(manifest) + "\n";
    for (const auto& h : release.hooks) {
        if (skip_tests && h.test_hook) {
            continue;
        }
        out += "---\n# Source: " + h.source + "\n" + h.content + "\n";
    }
    if (show_only.empty()) {
        return out;
    }
    const std::vector<std::string> docs = split_manifests(out);
    std::string shown;
    for (const std::string& pattern : show_only) {
        bool found = false;
        for (const std::string& doc : docs) {
            constexpr std::string_view marker = "# Source: ";
            const std::size_t at = doc.find(marker);
            if (at == std::string::npos) {
                continue;
            }
            const std::size_t eol = doc.find('\n', at);
            const std::string source = doc.substr(at + marker.size(), eol - at - marker.size());
            const std::size_t slash = source.find('/');
            if (slash == std::string::npos || slash == 0) {
                continue;
            }
            if (!builder::go_glob_match(pattern, source.substr(slash + 1))) {
                continue;
            }
            shown += "---\n" + doc + "\n";
            found = true;
        }
        if (!found) {
            fail(ErrorCode::usage, "could not find template " + pattern + " in chart");
        }
    }
    return shown;
}

} // namespace airlock::helm
