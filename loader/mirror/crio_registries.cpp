// CRI-O (and podman, skopeo, buildah): a containers-registries.conf v2 drop-in
// with one [[registry]] per upstream. Its prefix is the upstream host, so the
// rest of a reference (the repository path) is appended to the mirror's
// location, which is the loader's mapping.
#include "loader/mirror/mirror_formats.hpp"

namespace airlock::loader {

namespace {

// Whether an entry with this prefix also matches references on the mirror
// (containers/image lets "host" match "host:port/..." as well).
bool prefix_covers_mirror(const std::string& prefix, const MirrorUrl& mirror) {
    return mirror.host == prefix || mirror.host.starts_with(prefix + ":");
}

} // namespace

MirrorConfig crio_registries_conf(const MirrorRequest& request) {
    MirrorConfig out;
    std::string text =
        "# Written by airlock-load mirror-config: a containers-registries.conf v2 drop-in\n"
        "# (e.g. /etc/containers/registries.conf.d/50-airlock-mirror.conf) that sends pulls\n"
        "# to the airlock mirror " +
        request.mirror.origin() + ".\n";
    if (request.block_upstream) {
        // Checked with skopeo 1.9.3: `blocked = true` refuses the entry's own
        // location only; its mirrors are still used. So the upstream is
        // blocked in place and the mirror keeps serving.
        text += "# Fail closed: no upstream is contacted, only the mirror.\n";
    }
    for (const std::string& upstream : request.upstreams) {
        std::string mirror = mirror_location(request, upstream);
        text += "\n[[registry]]\nprefix = " + quoted_string(upstream) + "\n";
        if (request.block_upstream && prefix_covers_mirror(upstream, request.mirror)) {
            // Blocking this prefix would block the mirror's own location too:
            // the entry points at the mirror instead, with no upstream at all.
            text += "location = " + quoted_string(mirror) + "\n";
            if (request.mirror.plain_http) {
                text += "insecure = true\n";
            }
            continue;
        }
        text += "location = " + quoted_string(upstream) + "\n";
        if (request.block_upstream) {
            text += "blocked = true\n";
        }
        text += "\n[[registry.mirror]]\nlocation = " + quoted_string(mirror) + "\n";
        if (request.mirror.plain_http) {
            text += "insecure = true\n";
        }
    }
    out.files.push_back({"registries.conf", std::move(text)});
    const MirrorTls& tls = request.tls;
    if (!tls.ca.empty() || !tls.client_cert.empty()) {
        std::string files = tls.ca.empty() ? "" : "ca.crt (" + tls.ca.string() + ")";
        if (!tls.client_cert.empty()) {
            files += std::string(files.empty() ? "" : ", ") + "client.cert (" +
                     tls.client_cert.string() + "), client.key (" + tls.client_key.string() + ")";
        }
        out.notes.push_back("crio: registries.conf names no TLS files; install them as "
                            "/etc/containers/certs.d/" +
                            request.mirror.host + "/" + files + " (copies or symlinks)");
    }
    return out;
}

} // namespace airlock::loader
