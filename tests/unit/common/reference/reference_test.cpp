#include "common/core/error.hpp"
#include "common/reference/reference.hpp"

#include "tests/unit/support/hex.hpp"

#include <catch2/catch.hpp>

using airlock::Reference;

using airlock::test::hex64;

namespace {

// The full message, so a failing case shows which reason was given.
std::string parse_error(const std::string& text) {
    try {
        (void)Reference::parse(text);
    } catch (const airlock::Error& e) {
        CHECK(e.code() == airlock::ErrorCode::spec);
        return e.what();
    }
    return "<no error>";
}

} // namespace

TEST_CASE("short names are normalised like docker does", "[reference]") {
    struct Case {
        std::string in;
        std::string registry;
        std::string repository;
        std::string tag;
        std::string str;
    };
    const std::vector<Case> cases = {
        {"nginx", "docker.io", "library/nginx", "latest", "docker.io/library/nginx:latest"},
        {"nginx:1.27", "docker.io", "library/nginx", "1.27", "docker.io/library/nginx:1.27"},
        {"user/app", "docker.io", "user/app", "latest", "docker.io/user/app:latest"},
        {"docker.io/nginx", "docker.io", "library/nginx", "latest",
         "docker.io/library/nginx:latest"},
        {"index.docker.io/library/nginx:1", "docker.io", "library/nginx", "1",
         "docker.io/library/nginx:1"},
        {"index.docker.io/user/app", "docker.io", "user/app", "latest",
         "docker.io/user/app:latest"},
        {"docker.io/library/nginx:1.27", "docker.io", "library/nginx", "1.27",
         "docker.io/library/nginx:1.27"},
        {"quay.io/prometheus/node-exporter:v1.8.0", "quay.io", "prometheus/node-exporter", "v1.8.0",
         "quay.io/prometheus/node-exporter:v1.8.0"},
        {"localhost/app", "localhost", "app", "latest", "localhost/app:latest"},
        {"localhost:5000/app:dev", "localhost:5000", "app", "dev", "localhost:5000/app:dev"},
        {"127.0.0.1:5000/a/b/c:1", "127.0.0.1:5000", "a/b/c", "1", "127.0.0.1:5000/a/b/c:1"},
        {"registry:5000/app", "registry:5000", "app", "latest", "registry:5000/app:latest"},
        {"[::1]:5000/app:x", "[::1]:5000", "app", "x", "[::1]:5000/app:x"},
        {"[fe80::1]/app", "[fe80::1]", "app", "latest", "[fe80::1]/app:latest"},
        {"ghcr.io/a/b", "ghcr.io", "a/b", "latest", "ghcr.io/a/b:latest"},
        {"my-registry.example.com/team/app:1.0.0-rc.1", "my-registry.example.com", "team/app",
         "1.0.0-rc.1", "my-registry.example.com/team/app:1.0.0-rc.1"},
        // A first component without '.', ':' or "localhost" is a path, not a host.
        {"registry/app", "docker.io", "registry/app", "latest", "docker.io/registry/app:latest"},
        // A bare "localhost" is an image name, and ":5000" then is its tag.
        {"localhost", "docker.io", "library/localhost", "latest",
         "docker.io/library/localhost:latest"},
        {"localhost:5000", "docker.io", "library/localhost", "5000",
         "docker.io/library/localhost:5000"},
        {"a_b/c__d/e-f/g---h/i.j", "docker.io", "a_b/c__d/e-f/g---h/i.j", "latest",
         "docker.io/a_b/c__d/e-f/g---h/i.j:latest"},
        {"app:_Under.Score-1", "docker.io", "library/app", "_Under.Score-1",
         "docker.io/library/app:_Under.Score-1"},
        {"Example.COM/app", "Example.COM", "app", "latest", "Example.COM/app:latest"},
    };
    for (const auto& c : cases) {
        INFO(c.in);
        Reference r = Reference::parse(c.in);
        CHECK(r.registry == c.registry);
        CHECK(r.repository == c.repository);
        CHECK(r.tag == c.tag);
        CHECK_FALSE(r.digest);
        CHECK(r.str() == c.str);
        CHECK(r.identifier() == c.tag);
        // The canonical form parses back to itself.
        CHECK(Reference::parse(r.str()) == r);
    }
}

TEST_CASE("digests, alone or with a tag", "[reference]") {
    Reference d = Reference::parse("nginx@sha256:" + hex64);
    CHECK(d.registry == "docker.io");
    CHECK(d.repository == "library/nginx");
    CHECK(d.tag.empty());
    REQUIRE(d.digest);
    CHECK(d.digest->hex() == hex64);
    CHECK(d.identifier() == "sha256:" + hex64);
    CHECK(d.str() == "docker.io/library/nginx@sha256:" + hex64);

    Reference both = Reference::parse("localhost:5000/app:1.2@sha256:" + hex64);
    CHECK(both.registry == "localhost:5000");
    CHECK(both.tag == "1.2");
    REQUIRE(both.digest);
    CHECK(both.identifier() == "sha256:" + hex64);
    CHECK(both.str() == "localhost:5000/app:1.2@sha256:" + hex64);
    CHECK(Reference::parse(both.str()) == both);

    Reference port_only = Reference::parse("localhost:5000/app@sha256:" + hex64);
    CHECK(port_only.registry == "localhost:5000");
    CHECK(port_only.repository == "app");
    CHECK(port_only.tag.empty());
}

TEST_CASE("api_host points Docker Hub at registry-1", "[reference]") {
    CHECK(Reference::parse("nginx").api_host() == "registry-1.docker.io");
    CHECK(Reference::parse("index.docker.io/x/y").api_host() == "registry-1.docker.io");
    CHECK(Reference::parse("quay.io/x/y").api_host() == "quay.io");
    CHECK(Reference::parse("127.0.0.1:5000/x").api_host() == "127.0.0.1:5000");
    CHECK(Reference::parse("127.0.0.1:5000/x").name() == "127.0.0.1:5000/x");
}

TEST_CASE("length limits", "[reference]") {
    CHECK_NOTHROW(Reference::parse("app:" + std::string(128, 't')));
    CHECK_THAT(parse_error("app:" + std::string(129, 't')), Catch::Contains("longer than 128"));

    // 255 characters of normalised name is the limit, as in docker.
    std::string name255 = "quay.io/" + std::string(247, 'a');
    REQUIRE(name255.size() == 255);
    CHECK_NOTHROW(Reference::parse(name255 + ":t"));
    CHECK_THAT(parse_error(name255 + "a"), Catch::Contains("longer than 255"));
    // "docker.io/library/" counts, so the canonical form always parses again
    // (found by tests/fuzz/fuzz_reference).
    std::string hub237 = std::string(237, 'a');
    REQUIRE(Reference::parse(hub237).name().size() == 255);
    CHECK(Reference::parse(Reference::parse(hub237).str()) == Reference::parse(hub237));
    CHECK_THAT(parse_error(hub237 + "a"), Catch::Contains("longer than 255"));
    CHECK_THAT(parse_error("x/" + std::string(244, 'a')), Catch::Contains("longer than 255"));
}

TEST_CASE("invalid references are rejected with a reason", "[reference]") {
    struct Case {
        std::string in;
        std::string reason;
    };
    const std::vector<Case> cases = {
        {"", "empty"},
        {"Nginx", "must be lowercase"},
        {"user/App", "must be lowercase"},
        {"quay.io/Prometheus/x", "must be lowercase"},
        {"nginx:", "empty tag"},
        {"nginx:-bad", "must start with"},
        {"nginx:.bad", "must start with"},
        {"nginx:a+b", "may contain only"},
        {"nginx@", "empty digest"},
        {"nginx@sha256:abc", "invalid sha256 digest"},
        {"nginx@sha256:" + std::string(64, 'A'), "invalid sha256 digest"},
        {"nginx@md5:" + hex64, "only sha256"},
        {"nginx:1.0@sha256:" + hex64 + "x", "invalid sha256 digest"},
        {"nginx/", "trailing '/'"},
        {"quay.io/", "trailing '/'"},
        {"/nginx", "leading '/'"},
        {"a//b", "empty path component"},
        {"ngi nx", "whitespace"},
        {" nginx", "whitespace"},
        {"nginx\t", "whitespace"},
        {"nginx:1.0 ", "whitespace"},
        {":tag", "missing repository name"},
        {"@sha256:" + hex64, "missing repository name"},
        {"quay.io:/app", "empty port"},
        {"quay.io:50a0/app", "non-numeric port"},
        {"-quay.io/app", "not a valid host name"},
        {"quay..io/app", "not a valid host name"},
        {"quay_io.com/app", "not a valid host name"},
        {"[::1/app", "unclosed"},
        {"[zz::1]/app", "IPv6"},
        {"[]/app", "invalid repository path component"},
        {"[::1]x/app", "host[:port]"},
        {"a..b", "invalid repository path component 'a..b'"},
        {"a___b", "invalid repository path component"},
        {"a._b", "invalid repository path component"},
        {"-app", "invalid repository path component"},
        {"app-", "invalid repository path component"},
        {"_app", "invalid repository path component"},
        {"app/.x", "invalid repository path component '.x'"},
        {"app!", "invalid repository path component"},
        {hex64, "image ID"},
    };
    for (const auto& c : cases) {
        INFO("input: '" << c.in << "'");
        std::string message = parse_error(c.in);
        CHECK_THAT(message, Catch::StartsWith("invalid reference '" + c.in + "': "));
        CHECK_THAT(message, Catch::Contains(c.reason));
    }
}

TEST_CASE("a 64-hex path is fine when it is not the whole reference", "[reference]") {
    CHECK(Reference::parse("quay.io/" + hex64).repository == hex64);
    CHECK(Reference::parse(hex64 + ":tag").tag == "tag");
}
