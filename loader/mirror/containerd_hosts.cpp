// containerd: one hosts.toml per upstream registry, in the directory named
// after the registry as references write it (containerd looks up
// "<host>:<port>" and "<host>_<port>_" alike). The mirror is a [host] entry,
// tried before `server`, the upstream itself.
#include "loader/mirror/mirror_formats.hpp"

namespace airlock::loader {

namespace {

std::string indented(const std::string& lines) {
    std::string out;
    size_t start = 0;
    while (start < lines.size()) {
        size_t end = lines.find('\n', start);
        out += "  " + lines.substr(start, end - start + 1);
        start = end + 1;
    }
    return out;
}

} // namespace

MirrorConfig containerd_hosts_toml(const MirrorRequest& request) {
    MirrorConfig out;
    const MirrorTls& tls = request.tls;
    for (const std::string& upstream : request.upstreams) {
        std::string ns = mirror_namespace(request.mirror, upstream, request.keep_host);
        // containerd appends "/v2" to a host's URL unless override_path is
        // set; a repository namespace needs the API root spelled out.
        std::string endpoint = request.mirror.origin() + (ns.empty() ? "" : "/v2/" + ns);
        std::string settings = "capabilities = [\"pull\", \"resolve\"]\n";
        if (!ns.empty()) {
            settings += "override_path = true\n";
        }
        if (!tls.ca.empty()) {
            settings += "ca = " + quoted_string(tls.ca.string()) + "\n";
        }
        if (!tls.client_cert.empty()) {
            settings += "client = [[" + quoted_string(tls.client_cert.string()) + ", " +
                        quoted_string(tls.client_key.string()) + "]]\n";
        }
        std::string text = "# Written by airlock-load mirror-config for " + upstream +
                           ":\n# its images are pulled from the airlock mirror " +
                           request.mirror.origin() +
                           (ns.empty() ? "" : ", repositories " + ns + "/<path>") + ".\n";
        if (request.block_upstream) {
            // containerd always falls back to `server`, so the server is the
            // mirror too. The [host] entry below stays: containerd 1.6 rejects
            // a hosts.toml without one and then ignores the whole file.
            text += "# Fail closed: the upstream server is replaced by the mirror, so "
                    "nothing else\n# is contacted, not even for images the mirror lacks.\n";
            text += "server = " + quoted_string(endpoint) + "\n" + settings;
        } else {
            text += "server = " + quoted_string(upstream_server(upstream)) + "\n";
        }
        text += "\n[host." + quoted_string(endpoint) + "]\n" + indented(settings);
        out.files.push_back({std::filesystem::path(upstream) / "hosts.toml", std::move(text)});
    }
    return out;
}

} // namespace airlock::loader
