#include "loader/resolve/resolver.hpp"

#include <algorithm>

namespace airlock::loader {

namespace {

RegistryOptions client_options(const ResolverOptions& o) {
    RegistryOptions c;
    c.authfile = o.authfile;
    c.cert_dir = o.cert_dir;
    if (o.mirror.plain_http) {
        c.plain_http_hosts.push_back(o.mirror.host);
    }
    for (const MirrorUrl& f : o.fallbacks) {
        if (f.plain_http) {
            c.plain_http_hosts.push_back(f.host);
        }
    }
    // A resolver that a dead mirror holds up for minutes helps nobody.
    c.max_retries = 1;
    c.announced_endpoints_only = true;
    c.token_hosts = o.token_services;
    return c;
}

bool contains(const std::vector<Digest>& v, const Digest& d) {
    return std::find(v.begin(), v.end(), d) != v.end();
}

std::string join_digests(const std::vector<Digest>& v) {
    std::string s;
    for (const Digest& d : v) {
        s += (s.empty() ? "" : " or ") + d.str();
    }
    return s;
}

} // namespace

Resolver::Resolver(ResolverOptions options, RecordedImages recorded)
    : options_(std::move(options)), recorded_(std::move(recorded)),
      client_(client_options(options_)) {}

std::vector<std::string> Resolver::endpoints() const {
    std::vector<std::string> out{options_.mirror.origin()};
    for (const MirrorUrl& f : options_.fallbacks) {
        out.push_back(f.origin());
    }
    for (const std::string& t : options_.token_services) {
        out.push_back("token service " + t);
    }
    return out;
}

std::string Resolver::repository_at(const MirrorUrl& registry, const Reference& ref) const {
    std::string ns = mirror_namespace(registry, ref.registry, options_.keep_host);
    return ns.empty() ? ref.repository : ns + "/" + ref.repository;
}

Resolution Resolver::resolve(const std::string& text) const {
    Resolution r;
    r.ref = text;
    Reference ref;
    try {
        ref = Reference::parse(text);
    } catch (const Error& e) {
        fail(ErrorCode::usage, e.what());
    }
    r.canonical = ref.str();
    const std::vector<Digest> expected = recorded_.expected(ref);

    // Layer 1: the mirror. What it serves for a reference a bundle recorded
    // must be what the bundle recorded; anything else means the mirror was
    // changed behind the loader's back.
    const std::string mirror_repo = repository_at(options_.mirror, ref);
    const std::string mirror_at = options_.mirror.host + "/" + mirror_repo;
    try {
        RawManifest m = client_.get_manifest(options_.mirror.host, mirror_repo, ref.identifier());
        if (!expected.empty() && !contains(expected, m.digest)) {
            r.failure = ErrorCode::integrity;
            r.notes.push_back("mirror " + mirror_at + " serves " + m.digest.str() +
                              " but verified bundles recorded " + join_digests(expected));
            return r;
        }
        r.layer = 1;
        r.source = mirror_at;
        r.digest = m.digest;
        r.recorded = !expected.empty();
        return r;
    } catch (const Error& e) {
        if (e.code() != ErrorCode::not_found) {
            r.failure = e.code();
        }
        r.notes.push_back("mirror " + mirror_at + ": " +
                          (e.code() == ErrorCode::not_found ? "not there" : e.what()));
    }

    // Layer 2: configured fallbacks, trusted only as far as a verified bundle vouches.
    if (!options_.fallbacks.empty() && expected.empty()) {
        r.notes.push_back("no verified bundle recorded a digest for it, so no fallback is "
                          "trusted for it");
    } else {
        for (const MirrorUrl& f : options_.fallbacks) {
            const std::string repo = repository_at(f, ref);
            const std::string at = f.host + "/" + repo;
            try {
                RawManifest m = client_.get_manifest(f.host, repo, ref.identifier());
                if (!contains(expected, m.digest)) {
                    r.failure = ErrorCode::integrity;
                    r.notes.push_back("fallback " + at + " serves " + m.digest.str() +
                                      ", not the recorded " + join_digests(expected) + ": refused");
                    continue;
                }
                r.layer = 2;
                r.source = at;
                r.digest = m.digest;
                r.recorded = true;
                return r;
            } catch (const Error& e) {
                if (e.code() != ErrorCode::not_found && r.failure == ErrorCode::not_found) {
                    r.failure = e.code();
                }
                r.notes.push_back("fallback " + at + ": " +
                                  (e.code() == ErrorCode::not_found ? "not there" : e.what()));
            }
        }
    }
    if (options_.fallbacks.empty()) {
        r.notes.push_back("no fallback configured");
    }
    return r;
}

std::string Resolution::to_text() const {
    if (ok()) {
        return canonical + "  layer " + std::to_string(layer) +
               (layer == 1 ? " (mirror " : " (fallback ") + source + ")  " + digest->str() +
               (recorded ? "" : "  (not recorded by any verified bundle)");
    }
    std::string why;
    for (const std::string& n : notes) {
        why += (why.empty() ? "" : "; ") + n;
    }
    return canonical + "  layer 3: failed closed, the upstream is never contacted (" + why + ")";
}

} // namespace airlock::loader
