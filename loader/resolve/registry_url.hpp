#pragma once
// A registry named by URL, the way node-side configuration names it:
//   https://HOST[:PORT][/PREFIX]   or   http://HOST[:PORT][/PREFIX]
// http:// is plain HTTP (loopback or a trusted segment only).
#include <string>

namespace airlock::loader {

struct RegistryUrl {
    bool plain_http = false;
    std::string host;   // "host[:port]"
    std::string prefix; // repository prefix, may be empty
    std::string text;   // one spelling: scheme://host[/prefix]
};

// Throws Error(usage) naming `flag` and the text when it is not of that form.
RegistryUrl parse_registry_url(const std::string& text, const std::string& flag);

} // namespace airlock::loader
