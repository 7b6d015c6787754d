#pragma once
// Text helpers for the configuration files the loader writes by hand
// (TOML and YAML): scalars that any reader parses back to the same string.
#include <string>
#include <string_view>

namespace airlock::loader {

// `text` as a double-quoted string with JSON escapes, which is also a TOML
// basic string and a YAML double-quoted scalar. Error(spec) when it is not
// valid UTF-8 (a file name, say).
std::string quoted_string(std::string_view text);

// `text` as a YAML block scalar for a mapping value: "|" (or "|-" when it
// does not end in a newline) then each line indented by `indent` spaces.
// Falls back to quoted_string() for what a literal block cannot carry
// exactly (empty text, control characters, leading blanks, trailing blank
// lines, CR).
std::string yaml_block(std::string_view text, int indent);

// Kubernetes object names: an RFC 1123 label (namespaces, containers; at most
// 63 of [a-z0-9-], alphanumeric at both ends) and an RFC 1123 subdomain
// (most other objects; at most 253 of [a-z0-9.-], alphanumeric at both ends).
bool is_dns_label(std::string_view name);
bool is_dns_subdomain(std::string_view name);

} // namespace airlock::loader
