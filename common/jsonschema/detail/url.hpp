#pragma once
// Private. URLs as Go's net/url parses, resolves and prints them, as far as
// schema identifiers need: santhosh compares `$id`s and `$ref`s as
// url.ResolveReference spells them.
#include <optional>
#include <string>
#include <string_view>

namespace airlock::jsonschema::detail {

struct GoUrl {
    std::string scheme; // lower case
    std::string opaque; // "ex:root" of "urn:ex:root"
    bool has_authority = false;
    std::string authority; // userinfo@host:port
    std::string host;      // the host:port part of authority
    bool omit_host = false;
    std::string path; // as written (escapes kept)
    bool force_query = false;
    std::string query;

    bool is_absolute() const noexcept { return !scheme.empty(); }
    std::string str() const; // URL.String(), without a fragment
};

// url.Parse of a URL without its fragment. On failure, Go's message
// ("parse \"x y\": invalid character \" \" in host name").
std::optional<std::string> parse_url(std::string_view raw, GoUrl& out);

// base.ResolveReference(ref), as santhosh joins them (a relative reference
// against an opaque base stays opaque). Neither has a fragment.
GoUrl resolve_reference(const GoUrl& base, const GoUrl& ref);

// "a#b" -> ("a", "b"); no '#' -> (s, "").
std::pair<std::string_view, std::string_view> split_fragment(std::string_view s);

} // namespace airlock::jsonschema::detail
