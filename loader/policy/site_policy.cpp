#include "loader/policy/site_policy.hpp"

#include "common/core/error.hpp"
#include "common/registry/registry_destination.hpp"
#include "common/sign/keys.hpp"
#include "loader/mirror/loaded_images.hpp"
#include "loader/mirror/mirror_config.hpp"

#include <set>

namespace airlock::loader {

namespace {

// The mirror repositories of the images `key_id` verified, sorted.
std::vector<std::string> verified_by(const std::vector<BomImage>& images, const MirrorUrl& mirror,
                                     bool keep_host, const std::string& key_id) {
    std::set<std::string> repos;
    for (const BomImage& image : images) {
        for (const BomProvenance& p : image.provenance) {
            if (p.key == key_id) {
                Placement place = registry_placement(mirror.prefix, keep_host, image.ref);
                repos.insert(mirror.host + "/" + place.repo);
            }
        }
    }
    return {repos.begin(), repos.end()};
}

} // namespace

SitePolicy site_policy(const SitePolicyOptions& o) {
    PolicyRequest request;
    request.format = o.format;
    request.mirror = parse_mirror_url(o.registry);
    request.keep_host = o.keep_host;
    request.namespaces = o.namespaces;
    sign::PublicKey site = sign::PublicKey::load(o.key);
    request.site_key_pem = site.pem();
    std::vector<sign::PublicKey> upstream;
    for (const auto& path : o.upstream_keys) {
        upstream.push_back(sign::PublicKey::load(path));
    }

    LoadedImages loaded = loaded_images(o.bundle, o.state_dir, o.trust);
    request.upstreams = upstream_hosts(loaded.images);
    SitePolicy out;
    for (size_t i = 0; i < upstream.size(); ++i) {
        const sign::PublicKey& key = upstream[i];
        if (key.id() == site.id()) {
            fail(ErrorCode::usage,
                 "--upstream-key " + o.upstream_keys[i].string() + " is the site key itself");
        }
        std::vector<std::string> repos =
            verified_by(loaded.images, request.mirror, o.keep_host, key.id());
        if (repos.empty()) {
            out.notes.push_back("upstream key " + o.upstream_keys[i].string() + " (" + key.id() +
                                ") verified no image of " + loaded.source + ": left out");
            continue;
        }
        request.upstream_keys.push_back({key.id(), key.pem(), std::move(repos)});
    }
    out.yaml = generate_admission_policy(request);
    out.source = loaded.source;
    out.key_id = site.id();
    out.globs = site_globs(request);
    return out;
}

} // namespace airlock::loader
