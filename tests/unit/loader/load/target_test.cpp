#include "loader/load/target.hpp"

#include "common/core/error.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;

TEST_CASE("load target (--to): registry targets are checked before anything runs") {
    Target t = parse_target("registry://site.local:5000/a/b/");
    CHECK(t.kind == Target::Kind::registry);
    CHECK(t.host == "site.local:5000");
    CHECK(t.prefix == "a/b");
    CHECK(t.text == "registry://site.local:5000/a/b"); // the journal key: one spelling
    CHECK(parse_target("registry://h:1/").text == "registry://h:1");
    for (const char* bad : {"registry://", "registry://h/UP", "registry://h//x", "registry://a b",
                            "http://h", "oci:"}) {
        CHECK_THROWS_AS(parse_target(bad), Error);
    }
    CHECK(endpoints_of(t, DestinationOptions{}) ==
          std::vector<std::string>{"https://site.local:5000"});
    CHECK(endpoints_of(parse_target("oci:/tmp/x"), DestinationOptions{}).empty());
}
