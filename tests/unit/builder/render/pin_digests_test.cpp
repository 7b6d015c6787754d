// Writing the images of rendered manifests by digest: only the references
// the sweep finds change, each to exactly what the pin function gives for
// its canonical form; the rest of the text stays byte for byte.
#include "builder/render/pin_digests.hpp"
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

#include <map>

using airlock::builder::pin_image_references;
using airlock::builder::PinnedText;
using Catch::StartsWith;

namespace {

const std::string nginx_digest = "sha256:" + std::string(64, 'a');
const std::string side_digest = "sha256:" + std::string(64, 'b');
const std::string redis_digest = "sha256:" + std::string(64, 'c');

// The bundle's images by canonical tag reference; an image written by
// digest comes back as it is, as the bundle's own digest for it would.
std::optional<std::string> pin_from_bundle(const std::string& canonical) {
    static const std::map<std::string, std::string> bundle = {
        {"docker.io/library/nginx:1.27", "docker.io/library/nginx:1.27@" + nginx_digest},
        {"ghcr.io/acme/side:v2", "ghcr.io/acme/side:v2@" + side_digest},
        {"docker.io/library/redis:7@" + redis_digest, "docker.io/library/redis:7@" + redis_digest},
    };
    auto it = bundle.find(canonical);
    if (it == bundle.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::string deployment(const std::string& app, const std::string& side, const std::string& redis,
                       const std::string& init, const std::string& flag) {
    return "---\n"
           "# Source: p/templates/d.yaml\n"
           "apiVersion: apps/v1\n"
           "kind: Deployment\n"
           "metadata:\n"
           "  name: web\n"
           "spec:\n"
           "  template:\n"
           "    spec:\n"
           "      containers:\n"
           "        - name: app\n"
           "          image: " +
           app +
           "   # the web server\n"
           "        - name: side\n"
           "          image: \"" +
           side +
           "\"\n"
           "        - name: cache\n"
           "          image: '" +
           redis +
           "'\n"
           "      initContainers:\n"
           "        - name: init\n"
           "          image: " +
           init +
           "\n"
           "          args:\n"
           "            - --image=" +
           flag +
           "\n"
           "            - --label=nginx:1.27\n";
}

} // namespace

TEST_CASE("pin_image_references writes tag references by digest in place", "[helm-engine]") {
    const std::string redis = "docker.io/library/redis:7@" + redis_digest;
    const PinnedText pinned = pin_image_references(
        deployment("nginx:1.27", "ghcr.io/acme/side:v2", redis, "busybox", "nginx:1.27"),
        "rendered.yaml", pin_from_bundle);
    // Quotes and comments stay as written; the short name becomes the
    // canonical reference with its digest, in an image field and in an
    // --image= flag the sweep reads, but not in another flag; the image
    // written by digest is unchanged; busybox is not in the bundle.
    const std::string nginx = "docker.io/library/nginx:1.27@" + nginx_digest;
    CHECK(pinned.text ==
          deployment(nginx, "ghcr.io/acme/side:v2@" + side_digest, redis, "busybox", nginx));
    CHECK(pinned.unpinned == std::vector<std::string>{"docker.io/library/busybox:latest"});
}

TEST_CASE("pin_image_references leaves text without known images unchanged", "[helm-engine]") {
    const std::string text =
        deployment("busybox", "quay.io/x/y:1", "alpine:3", "busybox", "alpine:3");
    const PinnedText pinned = pin_image_references(text, "rendered.yaml", pin_from_bundle);
    CHECK(pinned.text == text);
    // Each unknown reference once, sorted.
    CHECK(pinned.unpinned == std::vector<std::string>{"docker.io/library/alpine:3",
                                                      "docker.io/library/busybox:latest",
                                                      "quay.io/x/y:1"});
    const std::string no_images = "---\n# Source: p/templates/c.yaml\nkind: ConfigMap\n"
                                  "data:\n  image: not a reference!\n";
    const PinnedText untouched = pin_image_references(no_images, "rendered.yaml", pin_from_bundle);
    CHECK(untouched.text == no_images);
    CHECK(untouched.unpinned.empty());
}

TEST_CASE("pin_image_references pins every copy on a flow-style line", "[helm-engine]") {
    const std::string text = "kind: Pod\nspec:\n  containers: [{name: a, image: nginx:1.27}, "
                             "{name: b, image: nginx:1.27}]\n";
    const PinnedText pinned = pin_image_references(text, "rendered.yaml", pin_from_bundle);
    const std::string pinned_ref = "docker.io/library/nginx:1.27@" + nginx_digest;
    CHECK(pinned.text == "kind: Pod\nspec:\n  containers: [{name: a, image: " + pinned_ref +
                             "}, {name: b, image: " + pinned_ref + "}]\n");
    CHECK(pinned.unpinned.empty());
}

TEST_CASE("pin_image_references reports malformed YAML under the given name", "[helm-engine]") {
    CHECK_THROWS_WITH(
        pin_image_references("kind: Pod\nspec: [\n", "rendered.yaml", pin_from_bundle),
        StartsWith("rendered.yaml:"));
}
