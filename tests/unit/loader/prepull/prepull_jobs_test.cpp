#include "common/core/error.hpp"
#include "loader/prepull/prepull_jobs.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;

namespace {

std::vector<BomImage> images(std::vector<std::string> refs) {
    std::vector<BomImage> out;
    for (const std::string& ref : refs) {
        BomImage image;
        image.ref = ref;
        image.digest = Digest::of(ref);
        out.push_back(image);
    }
    return out;
}

size_t count(const std::string& text, const std::string& part) {
    size_t n = 0;
    for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++n;
    }
    return n;
}

PrepullRequest request(const std::vector<PinnedImage>& pinned) {
    PrepullRequest r;
    r.nodes = {"worker-1", "worker-2.example"};
    r.images = pinned;
    r.pull_image = pinned.front();
    r.bundle = "app 1.0.0";
    return r;
}

} // namespace

TEST_CASE("prepull: images pinned at their mirror place by the BOM's digest", "[prepull]") {
    auto bom = images(
        {"docker.io/library/busybox:1.36", "quay.io/org/app:2", "docker.io/library/busybox:1.36"});
    auto pinned = pinned_images(bom, parse_mirror_url("https://m:5000/site"), false);
    REQUIRE(pinned.size() == 2);
    CHECK(pinned[0].canonical == "docker.io/library/busybox:1.36");
    CHECK(pinned[0].pinned == "m:5000/site/library/busybox@" + bom[0].digest.str());
    CHECK(pinned[1].pinned == "m:5000/site/org/app@" + bom[1].digest.str());
    auto kept = pinned_images(bom, parse_mirror_url("http://m:5000"), true);
    CHECK(kept[1].pinned == "m:5000/quay.io/org/app@" + bom[1].digest.str());
}

TEST_CASE("prepull: one hardened Job per node, an init container per image", "[prepull]") {
    auto pinned = pinned_images(images({"docker.io/library/busybox:1.36", "quay.io/org/app:2"}),
                                parse_mirror_url("https://m:5000"), false);
    std::string y = generate_prepull(request(pinned));
    CHECK(count(y, "kind: Job\n") == 2);
    CHECK(count(y, "kind: Namespace\n") == 1);
    CHECK(y.find("    pod-security.kubernetes.io/enforce: restricted\n") != std::string::npos);
    CHECK(y.find("      nodeName: \"worker-1\"\n") != std::string::npos);
    CHECK(y.find("      nodeName: \"worker-2.example\"\n") != std::string::npos);
    CHECK(count(y, "  ttlSecondsAfterFinished: 3600\n") == 2);
    CHECK(count(y, "      restartPolicy: Never\n") == 2);
    // tools + 2 images + done, per Job
    CHECK(count(y, "            readOnlyRootFilesystem: true\n") == 8);
    CHECK(count(y, "                - ALL\n") == 8);
    CHECK(count(y, "          image: \"" + pinned[1].pinned + "\"\n") == 2);
    CHECK(y.find("        - name: pull-2\n") != std::string::npos);
    CHECK(y.find("          command: [\"/bin/busybox\", \"cp\", \"/bin/busybox\", "
                 "\"/airlock/busybox\"]\n") != std::string::npos);
    CHECK(y.find("          command: [\"/airlock/busybox\", \"true\"]\n") != std::string::npos);
    CHECK(y.find(":2\"") == std::string::npos); // never by tag
}

TEST_CASE("prepull: job names, bad nodes and a pull image not in the bundle", "[prepull]") {
    CHECK(prepull_job_name("worker-1") == "airlock-prepull-worker-1");
    std::string dotted = prepull_job_name("worker-2.example");
    CHECK(dotted.rfind("airlock-prepull-worker-2-example-", 0) == 0);
    CHECK(dotted.size() == std::string("airlock-prepull-worker-2-example-").size() + 8);
    std::string long_name = prepull_job_name(std::string(100, 'n') + ".x");
    CHECK(long_name.size() <= 63);
    CHECK(long_name != prepull_job_name(std::string(100, 'n') + ".y"));

    auto pinned = pinned_images(images({"docker.io/library/busybox:1.36"}),
                                parse_mirror_url("https://m:5000"), false);
    PrepullRequest r = request(pinned);
    r.nodes = {"a", "a"};
    CHECK(test::error_code_of([&] { (void)generate_prepull(r); }) == ErrorCode::usage);
    r.nodes = {};
    CHECK(test::error_code_of([&] { (void)generate_prepull(r); }) == ErrorCode::usage);
    r = request(pinned);
    r.ns = "Bad_NS";
    CHECK(test::error_code_of([&] { (void)generate_prepull(r); }) == ErrorCode::usage);
    r = request(pinned);
    r.pull_image = {"docker.io/library/alpine:3", "m:5000/library/alpine@sha256:00"};
    CHECK(test::error_code_of([&] { (void)generate_prepull(r); }) == ErrorCode::usage);
}
