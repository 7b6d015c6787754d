#include "common/registry/detail/www_authenticate.hpp"

#include <catch2/catch.hpp>

using airlock::parse_www_authenticate;
using airlock::pick_challenge;

TEST_CASE("WWW-Authenticate: Docker Hub style bearer challenge", "[registry]") {
    auto cs = parse_www_authenticate(
        R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull")");
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].scheme == "bearer");
    CHECK(cs[0].param("realm") == "https://auth.docker.io/token");
    CHECK(cs[0].param("service") == "registry.docker.io");
    CHECK(cs[0].param("scope") == "repository:library/nginx:pull");
}

TEST_CASE("WWW-Authenticate: commas and escapes inside quoted strings", "[registry]") {
    auto cs = parse_www_authenticate(
        R"(Bearer realm="https://a/token",scope="repository:a:pull,push repository:b:pull",error="say \"hi\", then \\ go")");
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].param("scope") == "repository:a:pull,push repository:b:pull");
    CHECK(cs[0].param("error") == R"(say "hi", then \ go)");
}

TEST_CASE("WWW-Authenticate: case, spaces around '=' and unquoted values", "[registry]") {
    auto cs = parse_www_authenticate("  BEARER Realm = https://x/t , Service=reg ");
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].scheme == "bearer");
    CHECK(cs[0].param("realm") == "https://x/t");
    CHECK(cs[0].param("service") == "reg");
}

TEST_CASE("WWW-Authenticate: several challenges in one header", "[registry]") {
    auto cs = parse_www_authenticate(
        R"(Basic realm="Registry Realm", Bearer realm="https://t/x",service="s", Negotiate abc123==)");
    REQUIRE(cs.size() == 3);
    CHECK(cs[0].scheme == "basic");
    CHECK(cs[0].param("realm") == "Registry Realm");
    CHECK(cs[1].scheme == "bearer");
    CHECK(cs[1].param("service") == "s");
    CHECK(cs[2].scheme == "negotiate");
    CHECK(cs[2].token68 == "abc123==");
    CHECK(cs[2].params.empty());
}

TEST_CASE("WWW-Authenticate: malformed input does not throw", "[registry]") {
    CHECK(parse_www_authenticate("").empty());
    CHECK(parse_www_authenticate(",,, ").empty());
    CHECK(parse_www_authenticate(R"(realm="orphan")").empty());
    auto cs = parse_www_authenticate(R"(Bearer realm="unterminated)");
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].param("realm") == "unterminated");
    CHECK_NOTHROW(parse_www_authenticate(R"(= "x" ==,Bearer ,"q")"));
}

TEST_CASE("WWW-Authenticate: bearer is preferred over basic", "[registry]") {
    auto picked = pick_challenge({R"(Basic realm="r")", R"(Bearer realm="https://t",service="s")"});
    REQUIRE(picked);
    CHECK(picked->scheme == "bearer");
    picked = pick_challenge({R"(Basic realm="r")"});
    REQUIRE(picked);
    CHECK(picked->scheme == "basic");
    // A bearer challenge without a realm cannot be answered.
    picked = pick_challenge({R"(Bearer service="s")"});
    CHECK_FALSE(picked);
    CHECK_FALSE(pick_challenge({}));
}
