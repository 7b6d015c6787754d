#pragma once
// How Helm cuts a rendered template into documents (releaseutil's
// SplitManifests), which `helm template` prints one by one.
#include <string>
#include <string_view>
#include <vector>

namespace airlock::helm {

// The documents of `text` in their order: the text is split at "---" that
// starts the text or follows a line break (with any blanks and line breaks
// before it), the separator takes all whitespace after it along (so
// "---foo" splits, and a "---" right after another separator does not),
// empty pieces are dropped and each piece is trimmed of surrounding
// whitespace (Go's strings.TrimSpace).
std::vector<std::string> split_manifests(std::string_view text);

} // namespace airlock::helm
