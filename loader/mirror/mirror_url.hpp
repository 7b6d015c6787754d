#pragma once
// The mirror that `airlock-load mirror-config --registry URL` points nodes at,
// and where on it an upstream registry's repositories live. The mapping is
// the loader's own (RegistryDestination::place): image H/path:tag is at
// PREFIX/path, or PREFIX/<H with ':' as '_'>/path with --keep-host.
#include <string>

namespace airlock::loader {

struct MirrorUrl {
    bool plain_http = false; // http:// (no TLS)
    std::string host;        // "host[:port]"
    std::string prefix;      // repository prefix, may be empty; no leading or trailing '/'

    // "https://host[:port]" or "http://host[:port]", without the prefix.
    std::string origin() const;
};

// Parses https://HOST[:PORT][/PREFIX] or http://HOST[:PORT][/PREFIX]; a
// trailing '/' is dropped. Throws Error(usage) naming the text and the reason.
// `flag` names the option in messages.
MirrorUrl parse_mirror_url(const std::string& text, const std::string& flag = "--registry");

// The repository namespace on the mirror that holds `upstream_host`'s
// repositories: PREFIX, PREFIX/<host>, <host> or "" (the mirror's root).
std::string mirror_namespace(const MirrorUrl& mirror, const std::string& upstream_host,
                             bool keep_host);

// The server nodes would contact without a mirror: Docker Hub's registry API
// is at registry-1.docker.io, every other registry at its own name.
std::string upstream_server(const std::string& upstream_host);

} // namespace airlock::loader
