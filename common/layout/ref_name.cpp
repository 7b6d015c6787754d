#include "common/layout/ref_name.hpp"

#include "common/core/error.hpp"

#include <algorithm>
#include <optional>

namespace airlock {

namespace {

std::optional<Reference> try_parse(std::string_view text) {
    try {
        return Reference::parse(text);
    } catch (const Error&) {
        return std::nullopt;
    }
}

// A bare tag has no repository part: no '/', and no ':' (that would make it
// "name:tag"). "1.0" is a bare tag, "app:1.0" is a reference.
bool is_bare_tag(std::string_view s) {
    return !s.empty() && s.find_first_of("/:@") == std::string_view::npos;
}

} // namespace

NameMatch match_ref_name(std::string_view stored, const Reference& wanted) {
    if (stored.empty() || wanted.tag.empty()) {
        return NameMatch::none;
    }
    if (wanted.repository.empty()) {
        if (stored == wanted.tag) {
            return NameMatch::full;
        }
        if (is_bare_tag(stored)) {
            return NameMatch::none;
        }
        auto parsed = try_parse(stored);
        return parsed && parsed->tag == wanted.tag ? NameMatch::tag_only : NameMatch::none;
    }
    if (is_bare_tag(stored)) {
        return stored == wanted.tag ? NameMatch::tag_only : NameMatch::none;
    }
    auto parsed = try_parse(stored);
    if (!parsed || parsed->digest) {
        return NameMatch::none;
    }
    return parsed->registry == wanted.registry && parsed->repository == wanted.repository &&
                   parsed->tag == wanted.tag
               ? NameMatch::full
               : NameMatch::none;
}

size_t select_image(const std::vector<NamedImage>& images, const Reference& ref,
                    const std::string& where) {
    if (is_unnamed(ref)) {
        if (images.size() == 1) {
            return 0;
        }
        fail(images.empty() ? ErrorCode::not_found : ErrorCode::usage,
             where + " holds " + std::to_string(images.size()) + " images; name one (" + where +
                 ":NAME)");
    }
    NameMatch best = NameMatch::none;
    std::vector<size_t> found;
    for (size_t i = 0; i < images.size(); ++i) {
        NameMatch m = NameMatch::none;
        for (const std::string& name : images[i].names) {
            m = std::max(m, match_ref_name(name, ref));
        }
        if (m == NameMatch::none || m < best) {
            continue;
        }
        if (m > best) {
            best = m;
            found.clear();
        }
        found.push_back(i);
    }
    if (found.empty()) {
        std::string names;
        size_t shown = 0;
        for (const NamedImage& image : images) {
            for (const std::string& name : image.names) {
                if (shown++ < 10) {
                    names += (names.empty() ? "" : ", ") + name;
                }
            }
        }
        fail(ErrorCode::not_found, where + " has no image named '" + display_name(ref) + "'" +
                                       (names.empty() ? "" : " (it has: " + names + ")"));
    }
    for (size_t i : found) {
        if (images[i].digest != images[found.front()].digest) {
            fail(ErrorCode::usage, "'" + display_name(ref) + "' is ambiguous in " + where +
                                       ": it names " + images[found.front()].digest.str() +
                                       " and " + images[i].digest.str());
        }
    }
    return found.front();
}

std::string display_name(const Reference& ref) {
    if (ref.repository.empty()) {
        return ref.digest ? ref.digest->str() : ref.tag;
    }
    return ref.str();
}

} // namespace airlock
