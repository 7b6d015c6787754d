#pragma once
// The grammars of the OCI distribution specification v1.1 for what a client
// puts in a request path: repository names, tags and digests.
#include "common/digest/digest.hpp"

#include <optional>
#include <string_view>

namespace airlock::loader {

// <name>: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*
bool valid_repository_name(std::string_view name);
// <reference> as a tag: [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}
bool valid_tag(std::string_view tag);

// A digest from a request, parsed strictly.
struct RequestDigest {
    enum class Kind {
        invalid,     // not the digest grammar, or sha256 with other than 64 lowercase hex
        unsupported, // well-formed, another algorithm: no content can have it here
        sha256,
    };
    Kind kind = Kind::invalid;
    Digest digest; // set for sha256
};
// algorithm ":" encoded, algorithm [a-z0-9]+([+._-][a-z0-9]+)*, encoded [a-zA-Z0-9=_-]+.
RequestDigest parse_request_digest(std::string_view text);

} // namespace airlock::loader
