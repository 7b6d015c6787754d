#include "common/layout/ref_name.hpp"

#include <catch2/catch.hpp>

using airlock::match_ref_name;
using airlock::NameMatch;
using airlock::Reference;

TEST_CASE("stored names match references as documented", "[layout]") {
    Reference app = Reference::parse("app:1.0");
    CHECK(match_ref_name("1.0", app) == NameMatch::tag_only);
    CHECK(match_ref_name("app:1.0", app) == NameMatch::full);
    CHECK(match_ref_name("docker.io/library/app:1.0", app) == NameMatch::full);
    CHECK(match_ref_name("index.docker.io/library/app:1.0", app) == NameMatch::full);
    CHECK(match_ref_name("other:1.0", app) == NameMatch::none);
    CHECK(match_ref_name("app:1.1", app) == NameMatch::none);
    CHECK(match_ref_name("1.1", app) == NameMatch::none);
    CHECK(match_ref_name("", app) == NameMatch::none);
    CHECK(match_ref_name("Not A Ref", app) == NameMatch::none);

    Reference local;
    local.tag = "1.0";
    CHECK(match_ref_name("1.0", local) == NameMatch::full);
    CHECK(match_ref_name("app:1.0", local) == NameMatch::tag_only);
    CHECK(match_ref_name("1.01", local) == NameMatch::none);

    Reference unnamed;
    CHECK(airlock::is_unnamed(unnamed));
    CHECK(match_ref_name("1.0", unnamed) == NameMatch::none);
}
