#include "loader/resolve/recorded_images.hpp"

#include "common/core/error.hpp"

#include <catch2/catch.hpp>

namespace recorded_images_test {

using airlock::Bom;
using airlock::BomImage;
using airlock::Digest;
using airlock::Reference;
using airlock::loader::RecordedImages;
using Digests = std::vector<Digest>;

BomImage recorded(const std::string& ref, const Digest& digest,
                  std::optional<Digest> upstream = std::nullopt, Digests children = {}) {
    BomImage img;
    img.ref = ref;
    img.digest = digest;
    img.upstream_digest = std::move(upstream);
    img.manifests = std::move(children);
    return img;
}

Bom loaded_bom(std::vector<BomImage> images) {
    Bom b;
    b.images = std::move(images);
    return b;
}

Digests expected(const RecordedImages& r, const std::string& ref) {
    return r.expected(Reference::parse(ref));
}

TEST_CASE("recorded images: a rewritten index is known by its own and its upstream digest",
          "[resolve]") {
    const Digest kept = Digest::of(std::string("filtered index"));
    const Digest upstream = Digest::of(std::string("upstream index"));
    RecordedImages r({loaded_bom({recorded("quay.io/x/app:1", kept, upstream)})});
    CHECK(expected(r, "quay.io/x/app:1") == Digests{kept, upstream});
    CHECK(expected(r, "quay.io/x/app@" + upstream.str()) == Digests{upstream});
    CHECK(expected(r, "quay.io/x/app@" + kept.str()) == Digests{kept});
}

TEST_CASE("recorded images: a reference by digest is pinned to exactly that digest", "[resolve]") {
    const Digest index = Digest::of(std::string("index"));
    const Digest child_a = Digest::of(std::string("child a"));
    const Digest child_b = Digest::of(std::string("child b"));
    RecordedImages r(
        {loaded_bom({recorded("quay.io/x/app:1", index, std::nullopt, {child_a, child_b})})});
    // Not the tag's digests, not the other children: the one asked for.
    CHECK(expected(r, "quay.io/x/app@" + child_b.str()) == Digests{child_b});
    // With a tag as well, the digest decides; the tag is not looked up.
    CHECK(expected(r, "quay.io/x/app:other@" + child_a.str()) == Digests{child_a});
    CHECK(expected(r, "quay.io/x/app:1@" + Digest::of(std::string("x")).str()).empty());
}

TEST_CASE("recorded images: child manifests are known by digest only, never by the tag",
          "[resolve]") {
    const Digest index = Digest::of(std::string("index"));
    const Digest child = Digest::of(std::string("child"));
    RecordedImages r({loaded_bom({recorded("quay.io/x/app:1", index, std::nullopt, {child})})});
    CHECK(expected(r, "quay.io/x/app:1") == Digests{index});
}

TEST_CASE("recorded images: an image recorded by digest only answers no tag", "[resolve]") {
    const Digest pinned = Digest::of(std::string("pinned"));
    RecordedImages r({loaded_bom({recorded("quay.io/x/app@" + pinned.str(), pinned)})});
    CHECK(expected(r, "quay.io/x/app@" + pinned.str()) == Digests{pinned});
    CHECK(expected(r, "quay.io/x/app:latest").empty());
    CHECK(expected(r, "quay.io/x/app").empty());
}

TEST_CASE("recorded images: short names are normalised as the BOM's references are", "[resolve]") {
    const Digest d = Digest::of(std::string("nginx"));
    RecordedImages r({loaded_bom({recorded("docker.io/library/nginx:1.27", d)})});
    CHECK(expected(r, "nginx:1.27") == Digests{d});
    CHECK(expected(r, "docker.io/nginx:1.27") == Digests{d});
    CHECK(expected(r, "library/nginx:1.27") == Digests{d});
    CHECK(expected(r, "nginx:1.28").empty());
}

TEST_CASE("recorded images: a digest recorded by several bundles is listed once", "[resolve]") {
    const Digest d = Digest::of(std::string("same"));
    RecordedImages r({loaded_bom({recorded("quay.io/x/app:1", d)}),
                      loaded_bom({recorded("quay.io/x/app:1", d)})});
    CHECK(expected(r, "quay.io/x/app:1") == Digests{d});
    CHECK(RecordedImages({}).expected(Reference::parse("quay.io/x/app:1")).empty());
}

} // namespace recorded_images_test
