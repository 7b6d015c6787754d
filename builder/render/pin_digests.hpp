#pragma once
// Rendered manifests with every image written by digest, so that what runs at
// the site is exactly what the bundle carries. The text is edited in place:
// only the image references change; layout and comments stay.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::builder {

struct PinnedText {
    std::string text;
    // Canonical references the sweep found but `pin` gave nothing for.
    std::vector<std::string> unpinned;
};

// Every image the sweep finds in `text` (a YAML stream such as `helm
// template` prints; see sweep_manifest_text) replaced by what `pin` returns
// for its canonical reference ("docker.io/library/nginx:1.27" ->
// "docker.io/library/nginx:1.27@sha256:..."). `name` names the text in
// errors (malformed YAML is Error(spec)).
PinnedText pin_image_references(
    std::string_view text, const std::string& name,
    const std::function<std::optional<std::string>(const std::string& canonical)>& pin);

} // namespace airlock::builder
