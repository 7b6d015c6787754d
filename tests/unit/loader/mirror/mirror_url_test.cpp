#include "common/core/error.hpp"
#include "common/registry/registry_destination.hpp"
#include "loader/mirror/mirror_url.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;

namespace {

ErrorCode code_of(const std::string& text) {
    try {
        (void)parse_mirror_url(text);
    } catch (const Error& e) {
        return e.code();
    }
    return ErrorCode::internal;
}

} // namespace

TEST_CASE("mirror URL: scheme, host, port and prefix", "[mirror]") {
    MirrorUrl u = parse_mirror_url("https://site.local:5000/a/b/");
    CHECK_FALSE(u.plain_http);
    CHECK(u.host == "site.local:5000");
    CHECK(u.prefix == "a/b");
    CHECK(u.origin() == "https://site.local:5000");

    MirrorUrl plain = parse_mirror_url("http://127.0.0.1:5000");
    CHECK(plain.plain_http);
    CHECK(plain.host == "127.0.0.1:5000");
    CHECK(plain.prefix.empty());
    CHECK(plain.origin() == "http://127.0.0.1:5000");

    CHECK(parse_mirror_url("https://registry/").prefix.empty());
    CHECK(parse_mirror_url("https://[::1]:5000/m").host == "[::1]:5000");
}

TEST_CASE("mirror URL: what is refused is a usage error", "[mirror]") {
    for (const char* bad : {"registry://h:5000", "h:5000", "ftp://h", "https://", "https:///x",
                            "https://h:/x", "https://h:0", "https://h:70000", "https://h:50a0",
                            "https://user@h", "https://h/x?y", "https://h/UPPER", "https://h//x",
                            "https://h/a//b", "https://h_x", "https://[::1", "https://[::1]x"}) {
        INFO(bad);
        CHECK(code_of(bad) == ErrorCode::usage);
    }
}

TEST_CASE("mirror namespace: the loader's placement, with and without --keep-host", "[mirror]") {
    MirrorUrl root = parse_mirror_url("https://m:5000");
    MirrorUrl pfx = parse_mirror_url("https://m:5000/site/mirror");
    CHECK(mirror_namespace(root, "docker.io", false).empty());
    CHECK(mirror_namespace(pfx, "docker.io", false) == "site/mirror");
    CHECK(mirror_namespace(root, "docker.io", true) == "docker.io");
    CHECK(mirror_namespace(pfx, "127.0.0.1:5000", true) == "site/mirror/127.0.0.1_5000");

    // Whatever the loader writes is where the mapping says.
    for (const MirrorUrl& m : {root, pfx}) {
        for (bool keep : {false, true}) {
            RegistryDestination dest({}, RegistryTarget{m.host, m.prefix, keep}, {});
            for (auto [host, ref] :
                 {std::pair{"docker.io", "docker.io/library/nginx:1.27"},
                  std::pair{"quay.io", "quay.io/prometheus/node-exporter:v1.8.0"},
                  std::pair{"127.0.0.1:5000", "127.0.0.1:5000/team/app:1"}}) {
                std::string ns = mirror_namespace(m, host, keep);
                std::string path = std::string(ref).substr(std::string(host).size() + 1);
                path = path.substr(0, path.rfind(':'));
                INFO(ref << " keep_host=" << keep << " prefix=" << m.prefix);
                CHECK(dest.place(ref).repo == (ns.empty() ? path : ns + "/" + path));
            }
        }
    }
}

TEST_CASE("upstream server: Docker Hub's API host, else the registry itself", "[mirror]") {
    CHECK(upstream_server("docker.io") == "https://registry-1.docker.io");
    CHECK(upstream_server("quay.io") == "https://quay.io");
    CHECK(upstream_server("127.0.0.1:5000") == "https://127.0.0.1:5000");
}
