#pragma once
// Private. The small text conventions of santhosh/jsonschema's messages, and
// the URL and JSON-pointer spelling its locations use.
#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::jsonschema::detail {

// santhosh's quote: Go's %q, then \" back to " and ' escaped, in single
// quotes: 'a"b' and 'it\'s'.
std::string quote(std::string_view s);
// Comma-separated quote()s.
std::string join_quoted(const std::vector<std::string>& items);
// A primitive as messages show it: strings quoted, null as <nil>, numbers
// and booleans as JSON; "value" for arrays and objects.
std::string display(const nlohmann::json& v);

// Go's utf8.RuneCount: code points, each invalid byte counting as one.
std::size_t rune_count(std::string_view s);

// Go's strconv.Quote (double quotes), for URLs in messages.
std::string go_quote(std::string_view s);

// JSON pointer tokens: ~ as ~0 and / as ~1, and back (false: a lone ~).
std::string escape_token(std::string_view token);
bool unescape_token(std::string_view token, std::string& out);
// A pointer from tokens: "/a/b~1c".
std::string pointer(const std::vector<std::string>& tokens);

// Go's url.PathEscape, token by token ("/" kept): santhosh's spelling of a
// pointer inside a URL fragment.
std::string encode_fragment(std::string_view pointer);
// Go's url.PathUnescape; false for a bad %-escape, whose offset goes to
// *bad_at when given.
bool path_unescape(std::string_view s, std::string& out, std::size_t* bad_at = nullptr);

} // namespace airlock::jsonschema::detail
