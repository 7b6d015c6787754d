#include "loader/prepull/prepull_jobs.hpp"

#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "common/reference/reference.hpp"
#include "common/registry/registry_destination.hpp"
#include "loader/mirror/config_text.hpp"

#include <set>

namespace airlock::loader {

namespace {

constexpr const char* tools_dir = "/airlock";

std::string flow(const std::vector<std::string>& items) {
    std::string out = "[";
    for (size_t i = 0; i < items.size(); ++i) {
        out += (i == 0 ? "" : ", ") + quoted_string(items[i]);
    }
    return out + "]";
}

// What the restricted Pod Security Standard asks of every container, and a
// read-only root: the containers only start and exit.
std::string container(const std::string& name, const std::string& image,
                      const std::vector<std::string>& command, bool writes_tools) {
    return std::string("        - name: ") + name + "\n          image: " + quoted_string(image) +
           "\n          imagePullPolicy: IfNotPresent\n          command: " + flow(command) +
           "\n          workingDir: " + tools_dir +
           "\n          securityContext:\n"
           "            allowPrivilegeEscalation: false\n"
           "            readOnlyRootFilesystem: true\n"
           "            runAsNonRoot: true\n"
           "            capabilities:\n"
           "              drop:\n"
           "                - ALL\n"
           "            seccompProfile:\n"
           "              type: RuntimeDefault\n"
           "          resources:\n"
           "            requests:\n"
           "              cpu: 10m\n"
           "              memory: 16Mi\n"
           "            limits:\n"
           "              cpu: 100m\n"
           "              memory: 64Mi\n"
           "          volumeMounts:\n"
           "            - name: tools\n"
           "              mountPath: " +
           tools_dir + "\n" + (writes_tools ? "" : "              readOnly: true\n");
}

std::string job(const PrepullRequest& r, const std::string& node) {
    const std::string busybox_copy = std::string(tools_dir) + "/busybox";
    std::string text = "---\n# Pre-pulls on node " + node +
                       " every image of the bundle, pinned by the BOM's digests.\n"
                       "apiVersion: batch/v1\n"
                       "kind: Job\n"
                       "metadata:\n"
                       "  name: " +
                       prepull_job_name(node) + "\n  namespace: " + quoted_string(r.ns) +
                       "\n"
                       "  labels:\n"
                       "    app.kubernetes.io/name: airlock-prepull\n"
                       "    app.kubernetes.io/managed-by: airlock-load\n"
                       "  annotations:\n"
                       "    airlock.dev/bundle: " +
                       quoted_string(r.bundle) + "\n    airlock.dev/node: " + quoted_string(node) +
                       "\n"
                       "spec:\n"
                       "  backoffLimit: 3\n"
                       "  activeDeadlineSeconds: " +
                       std::to_string(r.active_deadline_seconds) + "\n  ttlSecondsAfterFinished: " +
                       std::to_string(r.ttl_seconds_after_finished) +
                       "\n"
                       "  template:\n"
                       "    metadata:\n"
                       "      labels:\n"
                       "        app.kubernetes.io/name: airlock-prepull\n"
                       "    spec:\n"
                       "      nodeName: " +
                       quoted_string(node) +
                       "\n"
                       "      restartPolicy: Never\n"
                       "      automountServiceAccountToken: false\n"
                       "      enableServiceLinks: false\n"
                       "      tolerations:\n"
                       "        - operator: Exists\n"
                       "      securityContext:\n"
                       "        runAsNonRoot: true\n"
                       "        runAsUser: 65534\n"
                       "        runAsGroup: 65534\n"
                       "        seccompProfile:\n"
                       "          type: RuntimeDefault\n"
                       "      volumes:\n"
                       "        - name: tools\n"
                       "          emptyDir:\n"
                       "            sizeLimit: 64Mi\n"
                       "      initContainers:\n";
    text +=
        container("tools", r.pull_image.pinned, {r.busybox, "cp", r.busybox, busybox_copy}, true);
    for (size_t i = 0; i < r.images.size(); ++i) {
        text += "        # " + r.images[i].canonical + "\n";
        text += container("pull-" + std::to_string(i + 1), r.images[i].pinned,
                          {busybox_copy, "true"}, false);
    }
    text += "      containers:\n";
    text += container("done", r.pull_image.pinned, {busybox_copy, "true"}, false);
    return text;
}

void check_request(const PrepullRequest& r) {
    if (!is_dns_label(r.ns)) {
        fail(ErrorCode::usage, "--namespace '" + r.ns + "': not a Kubernetes namespace name");
    }
    if (r.nodes.empty()) {
        fail(ErrorCode::usage, "--nodes: name at least one node");
    }
    std::set<std::string> nodes;
    for (const std::string& node : r.nodes) {
        if (!is_dns_subdomain(node)) {
            fail(ErrorCode::usage, "--nodes '" + node + "': not a Kubernetes node name");
        }
        if (!nodes.insert(node).second) {
            fail(ErrorCode::usage, "--nodes names " + node + " twice");
        }
    }
    bool found = false;
    for (const PinnedImage& image : r.images) {
        found = found || image.pinned == r.pull_image.pinned;
    }
    if (!found) {
        fail(ErrorCode::usage,
             "the pull image " + r.pull_image.canonical + " is not an image of the bundle");
    }
    if (r.busybox.empty() || r.busybox.front() != '/') {
        fail(ErrorCode::usage, "--pull-binary '" + r.busybox + "': want an absolute path");
    }
}

} // namespace

std::vector<PinnedImage> pinned_images(const std::vector<BomImage>& images, const MirrorUrl& mirror,
                                       bool keep_host) {
    std::vector<PinnedImage> out;
    std::set<std::string> seen;
    for (const BomImage& image : images) {
        Placement place;
        try {
            place = registry_placement(mirror.prefix, keep_host, image.ref);
        } catch (const Error& e) {
            fail(ErrorCode::malformed, std::string("image reference in the BOM: ") + e.what());
        }
        std::string pinned = mirror.host + "/" + place.repo + "@" + image.digest.str();
        if (seen.insert(pinned).second) {
            out.push_back({image.ref, std::move(pinned)});
        }
    }
    return out;
}

std::string prepull_job_name(const std::string& node) {
    std::string name = "airlock-prepull-" + node;
    if (is_dns_label(name)) {
        return name;
    }
    std::string clean;
    for (char c : node) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        clean += ok ? c : (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : '-');
    }
    Sha256 hash;
    hash.update(node);
    std::string suffix = hash.finish().hex().substr(0, 8);
    // 16 ("airlock-prepull-") + 38 + 1 + 8 = 63
    clean = clean.substr(0, 38);
    while (!clean.empty() && clean.back() == '-') {
        clean.pop_back();
    }
    return "airlock-prepull-" + (clean.empty() ? "" : clean + "-") + suffix;
}

std::string generate_prepull(const PrepullRequest& r) {
    check_request(r);
    std::string text =
        "# Written by airlock-load prepull for " + r.bundle +
        ": one Job per node pulls every image\n"
        "# from the mirror. kubectl apply -f this file; the Jobs delete themselves " +
        std::to_string(r.ttl_seconds_after_finished) +
        " s after they finish.\n"
        "apiVersion: v1\n"
        "kind: Namespace\n"
        "metadata:\n"
        "  name: " +
        quoted_string(r.ns) +
        "\n"
        "  labels:\n"
        "    pod-security.kubernetes.io/enforce: restricted\n"
        "    pod-security.kubernetes.io/enforce-version: latest\n"
        "    pod-security.kubernetes.io/audit: restricted\n"
        "    pod-security.kubernetes.io/warn: restricted\n";
    for (const std::string& node : r.nodes) {
        text += job(r, node);
    }
    return text;
}

} // namespace airlock::loader
