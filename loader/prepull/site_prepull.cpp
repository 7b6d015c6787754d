#include "loader/prepull/site_prepull.hpp"

#include "common/core/error.hpp"
#include "common/reference/reference.hpp"
#include "loader/mirror/loaded_images.hpp"

namespace airlock::loader {

namespace {

bool is_busybox(const std::string& ref) {
    std::string repo = Reference::parse(ref).repository;
    return repo == "busybox" || (repo.size() > 8 && repo.ends_with("/busybox"));
}

PinnedImage choose_pull_image(const std::vector<PinnedImage>& pinned, const std::string& wanted) {
    std::vector<size_t> found;
    std::string normal;
    if (!wanted.empty()) {
        try {
            normal = Reference::parse(wanted).str();
        } catch (const Error& e) {
            fail(ErrorCode::usage, std::string("--pull-image: ") + e.what());
        }
    }
    for (size_t i = 0; i < pinned.size(); ++i) {
        bool match = wanted.empty() ? is_busybox(pinned[i].canonical)
                                    : (pinned[i].canonical == normal ||
                                       pinned[i].canonical == wanted || pinned[i].pinned == wanted);
        if (match) {
            found.push_back(i);
        }
    }
    if (found.size() == 1) {
        return pinned[found.front()];
    }
    if (wanted.empty()) {
        fail(ErrorCode::usage,
             found.empty() ? "the bundle carries no busybox image: name the image whose static "
                             "busybox the Jobs run with --pull-image REF (and --pull-binary)"
                           : "the bundle carries several busybox images: choose one with "
                             "--pull-image REF");
    }
    fail(ErrorCode::usage, "--pull-image " + wanted +
                               " is not an image of the bundle: the Jobs run only what the "
                               "bundle brought, pinned by its digest");
}

} // namespace

SitePrepull site_prepull(const SitePrepullOptions& o) {
    MirrorUrl mirror = parse_mirror_url(o.registry);
    if (!o.images_only && o.nodes.empty()) {
        fail(ErrorCode::usage, "--nodes: name the nodes to pre-pull on (or --images-only)");
    }
    LoadedImages loaded = loaded_images(o.bundle, o.state_dir, o.trust);
    SitePrepull out;
    out.source = loaded.source;
    out.images = pinned_images(loaded.images, mirror, o.keep_host);
    if (o.images_only) {
        return out;
    }
    PrepullRequest request;
    request.nodes = o.nodes;
    request.ns = o.ns;
    request.images = out.images;
    request.pull_image = choose_pull_image(out.images, o.pull_image);
    request.busybox = o.pull_binary;
    request.bundle = loaded.bundle_name + " " + loaded.bundle_version;
    out.pull_image = request.pull_image;
    out.yaml = generate_prepull(request);
    return out;
}

} // namespace airlock::loader
