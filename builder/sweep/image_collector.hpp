#pragma once
// PRIVATE to builder/sweep: include only from .cpp files. What counts as an
// image reference inside a YAML tree, and the list of what was found
// (normalised, de-duplicated, in the order found).
#include "builder/sweep/sweep.hpp"
#include "builder/sweep/value_tree.hpp"

#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace airlock::builder::sweep_detail {

// How to complete an image-shaped mapping ({registry, repository, tag}).
struct ImageContext {
    // Tag for a mapping whose tag is empty or absent and that has no digest:
    // the chart's appVersion, as most charts' templates default it. Empty
    // outside charts (the reference then means ":latest").
    std::string default_tag;
    // Registry for a mapping that names none and whose repository has no
    // host: a chart's global.imageRegistry or global.image.registry.
    std::string global_registry;
    // Skip mappings (below the root) that say `enabled: false`: in chart
    // values that switches off the component the mapping configures.
    bool honour_enabled = false;
};

class ImageCollector {
  public:
    // Records `text` when it parses as a reference (anything else is not an
    // image and is skipped), credited to `where`'s file, document, line and
    // path, or to `path` instead of where's path.
    void add(std::string_view text, const Value& where);
    void add(std::string_view text, const Value& where, std::string path);
    void add(SweptImage image_with_raw_ref);

    // Every string field named `image` and every image-shaped mapping in
    // `node`, at any depth.
    void collect_any(const Value& node, const ImageContext& context, int depth = 0);

    // A pod spec: containers, initContainers and ephemeralContainers
    // (`image`, and images passed in arguments and environment variables),
    // and image volume sources (volumes[].image.reference).
    void collect_pod_spec(const Value& pod_spec);

    std::size_t size() const { return found_.size(); }
    std::vector<SweptImage> take() { return std::move(found_); }

  private:
    bool collect_mapping_image(const Value& map, const ImageContext& context);
    // --*-image=REF (or the next argument) in command and args, and the
    // value of an environment variable whose name holds IMAGE.
    void collect_container_extras(const Value& container);

    std::vector<SweptImage> found_;
    std::set<std::tuple<std::string, std::string, int, std::string>> seen_;
};

// The canonical form of `text` as an image reference, or "" when it is not one.
std::string normalise_image(std::string_view text);

// `s` without leading and trailing blanks (spaces, tabs, a CR).
std::string_view trim(std::string_view s);

// "x/y:1.0" or "x/y@sha256:..." names a tag or digest; "x/y" does not.
bool names_version(std::string_view name);

} // namespace airlock::builder::sweep_detail
