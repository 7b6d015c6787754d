#include "builder/sweep/image_collector.hpp"

#include "common/core/error.hpp"
#include "common/reference/reference.hpp"

#include <algorithm>
#include <array>

namespace airlock::builder::sweep_detail {

namespace {

// Keys an image-shaped mapping is made of; they are consumed by it.
constexpr std::array<std::string_view, 6> image_keys = {"repository", "image",  "registry",
                                                        "tag",        "digest", "sha"};

bool is_image_key(std::string_view key) {
    for (std::string_view k : image_keys) {
        if (k == key) {
            return true;
        }
    }
    return false;
}

// "ghcr.io/x/y": the first component names a registry host.
bool names_host(std::string_view name) {
    size_t slash = name.find('/');
    if (slash == std::string_view::npos) {
        return false;
    }
    std::string_view first = name.substr(0, slash);
    return first.find_first_of(".:") != std::string_view::npos || first == "localhost";
}

// The path of the mapping that holds `field` (written under `key`), in the
// file that wrote `field`.
std::string holder_path(const Value& field, std::string_view key) {
    const std::string& p = field.path;
    const std::string suffix = "." + std::string(key);
    if (p.ends_with(suffix)) {
        return p.substr(0, p.size() - suffix.size());
    }
    if (p == key) {
        return {};
    }
    return p;
}

} // namespace

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

bool names_version(std::string_view name) {
    if (name.find('@') != std::string_view::npos) {
        return true;
    }
    size_t slash = name.rfind('/');
    std::string_view last = slash == std::string_view::npos ? name : name.substr(slash + 1);
    return last.find(':') != std::string_view::npos;
}

std::string normalise_image(std::string_view text) {
    text = trim(text);
    if (text.empty()) {
        return {};
    }
    try {
        return Reference::parse(text).str();
    } catch (const Error&) {
        return {};
    }
}

void ImageCollector::add(std::string_view text, const Value& where) {
    add(text, where, where.path);
}

void ImageCollector::add(std::string_view text, const Value& where, std::string path) {
    add(SweptImage{std::string(text), where.file, where.document, std::move(path), where.line, {}});
}

void ImageCollector::add(SweptImage image) {
    image.ref = normalise_image(image.ref);
    if (image.ref.empty()) {
        return;
    }
    if (!seen_.emplace(image.ref, image.file, image.document, image.path).second) {
        return;
    }
    found_.push_back(std::move(image));
}

bool ImageCollector::collect_mapping_image(const Value& map, const ImageContext& context) {
    const std::string repository = map.scalar("repository");
    const std::string image = map.scalar("image");
    const std::string& name_field = repository.empty() ? image : repository;
    if (name_field.empty() || !(map.has("tag") || map.has("digest") || map.has("registry"))) {
        return false;
    }
    // The fields that make up the reference; the one from the highest layer
    // (the last values file, or `set`) is where the reference was decided.
    std::vector<std::pair<const Value*, std::string_view>> used;
    used.emplace_back(map.get(repository.empty() ? "image" : "repository"),
                      repository.empty() ? "image" : "repository");

    std::string name = std::string(trim(name_field));
    while (name.starts_with('/')) {
        name.erase(0, 1);
    }
    if (!names_host(name)) {
        std::string registry = map.scalar("registry");
        if (!registry.empty()) {
            used.emplace_back(map.get("registry"), "registry");
        } else {
            registry = context.global_registry;
        }
        registry = std::string(trim(registry));
        while (registry.ends_with('/')) {
            registry.pop_back();
        }
        if (!registry.empty()) {
            name = registry + "/" + name;
        }
    }

    const std::string tag = std::string(trim(map.scalar("tag")));
    const std::string digest = std::string(trim(map.scalar("digest")));
    const std::string sha = std::string(trim(map.scalar("sha"))); // grafana's digest field
    std::string text = name;
    if (!tag.empty()) {
        text += ":" + tag;
        used.emplace_back(map.get("tag"), "tag");
    } else if (digest.empty() && sha.empty() && !names_version(name) &&
               !context.default_tag.empty()) {
        text += ":" + context.default_tag;
    }
    if (!digest.empty()) {
        text += (digest.find(':') == std::string::npos ? "@sha256:" : "@") + digest;
        used.emplace_back(map.get("digest"), "digest");
    } else if (!sha.empty()) {
        text += (sha.find(':') == std::string::npos ? "@sha256:" : "@") + sha;
        used.emplace_back(map.get("sha"), "sha");
    }

    const std::pair<const Value*, std::string_view>* credit = &used.front();
    for (const auto& u : used) {
        if (u.first->layer > credit->first->layer) {
            credit = &u;
        }
    }
    add(text, *credit->first, holder_path(*credit->first, credit->second));
    return true;
}

void ImageCollector::collect_any(const Value& node, const ImageContext& context, int depth) {
    if (node.is_list()) {
        for (const Value& item : node.items) {
            collect_any(item, context, depth + 1);
        }
        return;
    }
    if (!node.is_map()) {
        return;
    }
    if (context.honour_enabled && depth > 0) {
        const Value* enabled = node.get("enabled");
        if (enabled != nullptr && enabled->is_false()) {
            return;
        }
    }
    const bool consumed = collect_mapping_image(node, context);
    for (const auto& [key, child] : node.entries) {
        if (consumed && is_image_key(key)) {
            continue;
        }
        if (key == "image" && child.is_scalar()) {
            add(child.text, child);
        } else {
            collect_any(child, context, depth + 1);
        }
    }
}

namespace {

bool ends_with_image(std::string_view flag) {
    std::string lower(flag);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower == "image" || lower.ends_with("-image") || lower.ends_with("_image");
}

// Text that names an image in an argument or variable: a reference with a
// repository path, tag or digest (a bare word like "IfNotPresent" is not one).
bool looks_like_image(std::string_view text) {
    return !normalise_image(text).empty() && text.find_first_of("/:@") != std::string_view::npos;
}

} // namespace

void ImageCollector::collect_container_extras(const Value& container) {
    // Images passed to the program: --solver-image=REF, or --solver-image REF.
    for (std::string_view list : {"command", "args"}) {
        const Value* args = container.get(list);
        if (args == nullptr || !args->is_list()) {
            continue;
        }
        for (std::size_t i = 0; i < args->items.size(); ++i) {
            const Value& arg = args->items[i];
            if (!arg.is_scalar() || !arg.text.starts_with("-")) {
                continue;
            }
            const std::string_view text = arg.text;
            const std::size_t dashes = text.find_first_not_of('-');
            const std::size_t eq = text.find('=');
            if (dashes == std::string_view::npos) {
                continue;
            }
            if (eq != std::string_view::npos) {
                const std::string_view value = text.substr(eq + 1);
                if (ends_with_image(text.substr(dashes, eq - dashes)) && looks_like_image(value)) {
                    add(value, arg);
                }
            } else if (ends_with_image(text.substr(dashes)) && i + 1 < args->items.size()) {
                const Value& next = args->items[i + 1];
                if (next.is_scalar() && looks_like_image(next.text)) {
                    add(next.text, next);
                }
            }
        }
    }
    // Images handed over in environment variables: *IMAGE*=REF.
    const Value* env = container.get("env");
    if (env == nullptr || !env->is_list()) {
        return;
    }
    for (const Value& var : env->items) {
        if (!var.is_map()) {
            continue;
        }
        std::string name = var.scalar("name");
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
        const Value* value = var.get("value");
        if (name.find("IMAGE") != std::string::npos && value != nullptr && value->is_scalar() &&
            looks_like_image(value->text)) {
            add(value->text, *value);
        }
    }
}

void ImageCollector::collect_pod_spec(const Value& pod_spec) {
    if (!pod_spec.is_map()) {
        return;
    }
    for (std::string_view list : {"containers", "initContainers", "ephemeralContainers"}) {
        const Value* containers = pod_spec.get(list);
        if (containers == nullptr || !containers->is_list()) {
            continue;
        }
        for (const Value& container : containers->items) {
            const Value* image = container.is_map() ? container.get("image") : nullptr;
            if (image != nullptr && image->is_scalar()) {
                add(image->text, *image);
            }
            if (container.is_map()) {
                collect_container_extras(container);
            }
        }
    }
    // Kubernetes' image volume source: volumes[].image.reference.
    const Value* volumes = pod_spec.get("volumes");
    if (volumes != nullptr && volumes->is_list()) {
        for (const Value& volume : volumes->items) {
            const Value* image = volume.is_map() ? volume.get("image") : nullptr;
            const Value* reference =
                image != nullptr && image->is_map() ? image->get("reference") : nullptr;
            if (reference != nullptr && reference->is_scalar()) {
                add(reference->text, *reference);
            }
        }
    }
}

} // namespace airlock::builder::sweep_detail
