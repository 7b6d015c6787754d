// sweep_manifest_text: images in rendered Kubernetes YAML.
#include "builder/sweep/image_collector.hpp"
#include "builder/sweep/sweep.hpp"
#include "builder/sweep/value_tree.hpp"

#include <initializer_list>

namespace airlock::builder {

namespace {

using sweep_detail::ImageCollector;
using sweep_detail::Value;

// A tree may hold a node per byte of text, plus slack; beyond that, aliases
// are multiplying it.

const Value* descend(const Value& from, std::initializer_list<std::string_view> keys) {
    const Value* v = &from;
    for (std::string_view key : keys) {
        if (!v->is_map()) {
            return nullptr;
        }
        v = v->get(key);
        if (v == nullptr) {
            return nullptr;
        }
    }
    return v;
}

// The API group of "apps/v1" is "apps"; of "v1", the core group "". An
// object without apiVersion is taken to be what its kind says.
bool in_group(const Value& object, std::initializer_list<std::string_view> groups) {
    const Value* api = object.get("apiVersion");
    if (api == nullptr || !api->is_scalar()) {
        return true;
    }
    size_t slash = api->text.find('/');
    std::string_view group = slash == std::string::npos
                                 ? std::string_view()
                                 : std::string_view(api->text).substr(0, slash);
    for (std::string_view g : groups) {
        if (g == group) {
            return true;
        }
    }
    return false;
}

// For a workload kind of the Kubernetes API, where its pod spec lives
// (nullptr when the object has none); `workload` says whether it is one.
const Value* pod_spec_of(const Value& object, bool& workload) {
    const std::string kind = object.scalar("kind");
    workload = true;
    if (kind == "Pod" && in_group(object, {""})) {
        return descend(object, {"spec"});
    }
    if (kind == "ReplicationController" && in_group(object, {""})) {
        return descend(object, {"spec", "template", "spec"});
    }
    if (kind == "PodTemplate" && in_group(object, {""})) {
        return descend(object, {"template", "spec"});
    }
    if ((kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
         kind == "ReplicaSet") &&
        in_group(object, {"apps", "extensions"})) {
        return descend(object, {"spec", "template", "spec"});
    }
    if (kind == "Job" && in_group(object, {"batch"})) {
        return descend(object, {"spec", "template", "spec"});
    }
    if (kind == "CronJob" && in_group(object, {"batch"})) {
        return descend(object, {"spec", "jobTemplate", "spec", "template", "spec"});
    }
    workload = false;
    return nullptr;
}

void sweep_object(const Value& object, ImageCollector& out) {
    if (!object.is_map()) {
        out.collect_any(object, {});
        return;
    }
    const Value* items = object.get("items");
    if (object.scalar("kind").ends_with("List") && items != nullptr && items->is_list()) {
        for (const Value& item : items->items) {
            sweep_object(item, out);
        }
        return;
    }
    bool workload = false;
    const Value* pod_spec = pod_spec_of(object, workload);
    if (workload) {
        if (pod_spec != nullptr) {
            out.collect_pod_spec(*pod_spec);
        }
        return;
    }
    out.collect_any(object, {});
}

} // namespace

std::vector<SweptImage> sweep_manifest_text(std::string_view yaml, const std::string& file) {
    std::vector<YAML::Node> documents = sweep_detail::load_documents(yaml, file);
    sweep_detail::ValueBudget budget(file, yaml.size() + sweep_detail::value_node_slack);
    ImageCollector out;
    for (size_t i = 0; i < documents.size(); ++i) {
        sweep_detail::ValueOrigin origin{file, static_cast<int>(i + 1), 0};
        sweep_object(sweep_detail::to_value(documents[i], origin, budget), out);
    }
    return out.take();
}

} // namespace airlock::builder
