#include "builder/render/pin_digests.hpp"

#include "builder/sweep/sweep.hpp"
#include "common/core/error.hpp"
#include "common/reference/reference.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace airlock::builder {

namespace {

// Characters that end a reference written in YAML: blanks, quotes, and the
// punctuation of flow collections and of "--flag=REF" arguments.
bool ends_token(char c) {
    return c == ' ' || c == '\t' || c == '"' || c == '\'' || c == '=' || c == ',' || c == '[' ||
           c == ']' || c == '{' || c == '}' || c == '\r';
}

std::string canonical_or_empty(std::string_view token) {
    try {
        return Reference::parse(token).str();
    } catch (const Error&) {
        return {};
    }
}

// Replaces, on one line, every token whose canonical form is `ref`.
bool replace_on_line(std::string& line, const std::string& ref, const std::string& with) {
    bool changed = false;
    std::size_t i = 0;
    while (i < line.size()) {
        if (ends_token(line[i]) || line[i] == ':') {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < line.size() && !ends_token(line[end])) {
            ++end;
        }
        // "image: ref" reads as the token "image:"; a key ends at ": ".
        std::string_view token(line.data() + i, end - i);
        if (canonical_or_empty(token) == ref) {
            line.replace(i, end - i, with);
            end = i + with.size();
            changed = true;
        }
        i = end;
    }
    return changed;
}

} // namespace

PinnedText pin_image_references(
    std::string_view text, const std::string& name,
    const std::function<std::optional<std::string>(const std::string& canonical)>& pin) {
    std::vector<std::string> lines;
    for (std::size_t start = 0; start <= text.size();) {
        const std::size_t nl = text.find('\n', start);
        lines.emplace_back(
            text.substr(start, nl == std::string_view::npos ? text.size() - start : nl - start));
        if (nl == std::string_view::npos) {
            break;
        }
        start = nl + 1;
    }
    PinnedText out;
    std::set<std::string> unpinned;
    for (const SweptImage& found : sweep_manifest_text(text, name)) {
        const std::optional<std::string> pinned = pin(found.ref);
        if (!pinned) {
            unpinned.insert(found.ref);
            continue;
        }
        if (found.line < 1 || static_cast<std::size_t>(found.line) > lines.size()) {
            fail(ErrorCode::internal, name + ": " + found.ref + " found on line " +
                                          std::to_string(found.line) + ", outside the text");
        }
        std::string& line = lines[static_cast<std::size_t>(found.line) - 1];
        // A line with the same image twice (a flow list) is done at the first finding.
        if (!replace_on_line(line, found.ref, *pinned) && line.find(*pinned) == std::string::npos) {
            fail(ErrorCode::internal, name + ": cannot find " + found.ref + " (" + found.path +
                                          ") on line " + std::to_string(found.line) + " to pin it");
        }
    }
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out.text += lines[i];
        if (i + 1 < lines.size()) {
            out.text += '\n';
        }
    }
    out.unpinned.assign(unpinned.begin(), unpinned.end());
    return out;
}

} // namespace airlock::builder
