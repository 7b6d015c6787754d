#include "common/core/error.hpp"
#include "loader/resolve/recorded_images.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;

namespace {

Bom bom_with(std::vector<BomImage> images) {
    Bom b;
    b.images = std::move(images);
    return b;
}

} // namespace

TEST_CASE("recorded images: tags map to recorded digests, digests to their repository",
          "[resolve]") {
    Digest index = Digest::of("index"), upstream = Digest::of("upstream"),
           child = Digest::of("child");
    BomImage app{"docker.io/library/app:1.0", "", index, upstream, "", {}, {child}, {}, {}, {}};
    RecordedImages r({bom_with({app})});

    auto tag = r.expected(Reference::parse("app:1.0"));
    CHECK(tag == std::vector<Digest>{index, upstream});
    CHECK(r.expected(Reference::parse("app:2.0")).empty());
    CHECK(r.expected(Reference::parse("quay.io/library/app:1.0")).empty());
    CHECK(r.expected(Reference::parse("docker.io/library/app@" + child.str())) ==
          std::vector<Digest>{child});
    // A recorded digest is not a pass for another repository.
    CHECK(r.expected(Reference::parse("docker.io/library/other@" + child.str())).empty());
    CHECK(r.expected(Reference::parse("docker.io/library/app@" + Digest::of("x").str())).empty());
}

TEST_CASE("recorded images: a tag two bundles recorded differently accepts either", "[resolve]") {
    Digest a = Digest::of("a"), b = Digest::of("b");
    RecordedImages r(
        {bom_with({{"quay.io/x/app:1", "", a, std::nullopt, "", {}, {}, {}, {}, {}}}),
         bom_with({{"quay.io/x/app:1", "", b, std::nullopt, "", {}, {}, {}, {}, {}}})});
    CHECK(r.expected(Reference::parse("quay.io/x/app:1")) == std::vector<Digest>{a, b});
}
