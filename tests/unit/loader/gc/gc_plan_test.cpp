#include "loader/gc/gc_plan.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;

namespace {

PlacedManifest m(const std::string& repo, const std::string& what) {
    return PlacedManifest{repo, Digest::of(what)};
}

} // namespace

TEST_CASE("gc plan: only what no kept generation and no foreign tag references goes", "[gc]") {
    // v1 and v2 are collected, v3 kept. The multi-arch index of v1 is gone
    // with its children, except the child v3's index shares; the base image
    // all share stays; what a foreign tag names stays.
    GenerationReferences v1, v2, v3;
    v1.add(m("app", "index-1"), "1.0.0");
    v1.add(m("app", "amd64-1"));
    v1.add(m("app", "arm64-shared"));
    v1.add(m("base", "base"), "2.0");
    v1.add(m("app", "sig-1"), "sha256-index1.sig");
    v2.add(m("app", "index-2"), "2.0.0");
    v2.add(m("app", "arm64-shared"));
    v2.add(m("other", "promoted"), "2.0.0");
    v3.add(m("app", "index-3"), "3.0.0");
    v3.add(m("app", "arm64-shared"));
    v3.add(m("base", "base"), "2.0");

    Collectable c = collectable({{"a@1.0.0", v1}, {"a@2.0.0", v2}}, {{"a@3.0.0", v3}},
                                {GcProtected{m("other", "promoted"), "named by tag prod"}});
    std::vector<PlacedManifest> gone;
    for (const GcDeletion& d : c.deletions) {
        gone.push_back(d.manifest);
    }
    CHECK(gone == std::vector<PlacedManifest>{m("app", "index-1"), m("app", "amd64-1"),
                                              m("app", "sig-1"), m("app", "index-2")});
    CHECK(c.deletions[0].tags == std::vector<std::string>{"1.0.0"});
    CHECK(c.deletions[0].generations == std::vector<std::string>{"a@1.0.0"});
    REQUIRE(c.protected_.size() == 3);
    CHECK(c.protected_[0].manifest == m("app", "arm64-shared"));
    CHECK(c.protected_[0].why == "referenced by kept a@3.0.0");
    CHECK(c.protected_[1].manifest == m("base", "base"));
    CHECK(c.protected_[2].why == "named by tag prod");
}

TEST_CASE("gc plan: a manifest two collected generations placed is listed once", "[gc]") {
    GenerationReferences v1, v2;
    v1.add(m("app", "same"), "1.0.0");
    v2.add(m("app", "same"), "1.0.1");
    Collectable c = collectable({{"a@1.0.0", v1}, {"a@1.0.1", v2}}, {}, {});
    REQUIRE(c.deletions.size() == 1);
    CHECK(c.deletions[0].generations == std::vector<std::string>{"a@1.0.0", "a@1.0.1"});
    CHECK(c.deletions[0].tags == std::vector<std::string>{"1.0.0", "1.0.1"});
}
