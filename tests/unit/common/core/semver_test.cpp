#include "common/core/semver.hpp"

#include <catch2/catch.hpp>

using airlock::SemVer;

namespace {
SemVer v(const char* s) {
    auto p = SemVer::try_parse(s);
    REQUIRE(p.has_value());
    return *p;
}
} // namespace

TEST_CASE("semver precedence follows SemVer 2.0 section 11", "[core]") {
    const char* ordered[] = {"1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                             "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",       "1.0.0",
                             "1.0.1",        "1.2.0",         "1.10.0",           "2.0.0"};
    for (size_t i = 0; i + 1 < std::size(ordered); ++i) {
        INFO(ordered[i] << " < " << ordered[i + 1]);
        CHECK(v(ordered[i]) < v(ordered[i + 1]));
        CHECK(v(ordered[i + 1]) > v(ordered[i]));
    }
    CHECK(v("1.4.0+build.1") == v("1.4.0+build.2"));
}

TEST_CASE("semver rejects what is not a version", "[core]") {
    for (const char* bad : {"", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.3-", "1.2.3-01", "v1.2.3",
                            "1.2.3+", "1.2.3-a..b", "1.2.x"}) {
        INFO(bad);
        CHECK_FALSE(SemVer::try_parse(bad).has_value());
    }
}
