#include "common/layout/ref_name.hpp"
#include "common/transport/local_sources.hpp"
#include "tests/unit/support/oci_fixture.hpp"

#include <catch2/catch.hpp>

using airlock::ErrorCode;
using airlock::open_local_source;
using airlock::Reference;
using namespace airlock::test;

TEST_CASE("local transport references open the right source", "[layout][archive]") {
    ScratchDir dir;
    FixtureImage a = make_image({make_layer(dir, "a", "aaa")}, "amd64");
    FixtureImage b = make_image({make_layer(dir, "b", "bbb")}, "arm64");
    write_layout(dir, "oci", {{"1.0", a}, {"docker.io/library/app:2", b}});
    REQUIRE(shell("tar -cf " + sh_quote((dir / "o.tar").string()) + " -C " +
                  sh_quote((dir / "oci").string()) + " .") == 0);
    const std::string oci = "oci:" + (dir / "oci").string();

    auto tagged = open_local_source(oci + ":1.0");
    CHECK(tagged.source->describe() == oci);
    CHECK(tagged.ref.repository.empty());
    CHECK(tagged.ref.tag == "1.0");
    CHECK(tagged.source->get_manifest(tagged.ref).digest == a.digest);

    auto full = open_local_source(oci + ":app:2");
    CHECK(full.ref == Reference::parse("docker.io/library/app:2"));
    CHECK(full.source->get_manifest(full.ref).digest == b.digest);

    auto pinned = open_local_source(oci + ":@" + b.digest.str());
    REQUIRE(pinned.ref.digest);
    CHECK(pinned.source->get_manifest(pinned.ref).digest == b.digest);

    auto unnamed = open_local_source(oci);
    CHECK(airlock::is_unnamed(unnamed.ref));

    // OCI ref names may be things docker cannot parse; they are kept verbatim.
    auto odd = open_local_source(oci + ":Weird/Name:1");
    CHECK(odd.ref.repository.empty());
    CHECK(odd.ref.tag == "Weird/Name:1");

    auto archive = open_local_source("oci-archive:" + (dir / "o.tar").string() + ":1.0");
    CHECK(archive.source->describe() == "oci-archive:" + (dir / "o.tar").string());
    CHECK(archive.source->get_manifest(archive.ref).digest == a.digest);

    CHECK(airlock::is_local_transport("docker-archive:/x.tar"));
    CHECK(!airlock::is_local_transport("docker://nginx"));
}

TEST_CASE("bad local transport references are usage errors", "[layout][archive]") {
    ScratchDir dir;
    std::string msg;
    CHECK(error_code_of([] { open_local_source("docker://nginx:1.27"); }, &msg) ==
          ErrorCode::usage);
    CHECK_THAT(msg, Catch::Contains("unknown transport"));
    CHECK(error_code_of([] { open_local_source("nginx"); }) == ErrorCode::usage);
    CHECK(error_code_of([] { open_local_source("oci:"); }) == ErrorCode::usage);
    CHECK(error_code_of([&] {
              open_local_source("docker-archive:" + (dir / "x.tar").string() + ":Bad Ref");
          }) == ErrorCode::usage);
    CHECK(error_code_of([&] {
              open_local_source("oci:" + (dir / "x").string() + ":@sha256:zz");
          }) == ErrorCode::usage);
    CHECK(error_code_of([&] {
              open_local_source("docker-archive:" + (dir / "none.tar").string());
          }) == ErrorCode::not_found);
}
