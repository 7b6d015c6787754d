#pragma once
// Package URL (purl) assembly: scheme:type/namespace/name@version?qualifiers.
// Each component is percent-encoded as the purl specification says: every
// byte outside A-Z a-z 0-9 . - _ ~ is written %XX, except ':' (never
// encoded) and, in qualifier values, '/'. Qualifier keys are lowercase and
// sorted; empty values are left out.
#include <map>
#include <string>
#include <string_view>

namespace airlock::sbom {

struct Purl {
    std::string type;
    std::string namespace_; // may hold '/' separated segments, each encoded
    std::string name;
    std::string version;
    std::map<std::string, std::string> qualifiers;

    std::string str() const;
};

std::string purl_encode(std::string_view text, bool keep_slash = false);

} // namespace airlock::sbom
