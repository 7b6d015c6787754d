#pragma once
// Upgrade pre-pulls: one batch/v1 Job per node that makes the node's
// container runtime pull every image of a bundle from the site mirror, by
// its mirror name pinned to the BOM's digest, before an upgrade needs them.
//
// How a Job pulls without privileges: the kubelet pulls an init container's
// image before it starts it. The first init container runs the pull image (an
// image of the bundle holding a static busybox, e.g. busybox itself) to copy
// that busybox into an emptyDir; then one init container per image runs
// `<emptyDir>/busybox true` over that image's root file system, which works
// whatever the image holds (distroless and scratch images too). No host
// socket, no crictl, no root: the pods meet the "restricted" Pod Security
// Standard, and the namespace enforces it.
// generate_prepull() is a pure function of its request.
#include "common/bundle/bom.hpp"
#include "loader/mirror/mirror_url.hpp"

#include <string>
#include <vector>

namespace airlock::loader {

struct PinnedImage {
    std::string canonical; // the reference the BOM names
    std::string pinned;    // "<mirror host>/<repository>@sha256:..."
};

// Every image of `images` at its place on the mirror (the loader's
// placement), pinned by the BOM's digest, in BOM order, without duplicates.
// Error(malformed) for a reference that does not parse.
std::vector<PinnedImage> pinned_images(const std::vector<BomImage>& images, const MirrorUrl& mirror,
                                       bool keep_host);

struct PrepullRequest {
    std::vector<std::string> nodes; // node names, as `kubectl get nodes` shows them
    std::string ns = "airlock-prepull";
    std::vector<PinnedImage> images;
    PinnedImage pull_image;               // one of `images`
    std::string busybox = "/bin/busybox"; // in the pull image, statically linked
    std::string bundle;                   // "NAME VERSION", for annotations
    int ttl_seconds_after_finished = 3600;
    int active_deadline_seconds = 3600;
};

// A Job's name for a node: "airlock-prepull-<node>" when that is a DNS
// label, else a sanitized form with a hash of the node name (unique per node).
std::string prepull_job_name(const std::string& node);

// The Namespace (with its Pod Security labels) and one Job per node, as YAML
// documents. Error(usage) for a bad namespace, no node, a repeated node or a
// pull image that is not among the images.
std::string generate_prepull(const PrepullRequest& request);

} // namespace airlock::loader
