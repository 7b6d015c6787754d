#include "common/core/error.hpp"
#include "loader/mirror/configure_mirror.hpp"
#include "loader/output/json_output.hpp"
#include "loader/state/state_store.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/test_bom.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::ScratchDir;

namespace {

void record(const std::filesystem::path& state_dir, const std::string& name,
            std::vector<std::string> refs) {
    Bom bom = airlock::test::minimal_bom(name, "1.0.0");
    for (const std::string& ref : refs) {
        BomImage image;
        image.ref = ref;
        image.digest = Digest::of(ref);
        image.media_type = "application/vnd.oci.image.manifest.v1+json";
        bom.images.push_back(image);
    }
    StateStore state(state_dir);
    state.record_load(name, LoadRecord{"1.0.0", "sha256:ab", "2026-11-23T00:00:00Z", {}, "", {}},
                      now_utc(), bom.serialize());
}

ConfigureMirrorOptions options(const ScratchDir& dir, const std::string& url) {
    ConfigureMirrorOptions o;
    o.registry = url;
    o.out_dir = dir / "out";
    o.state_dir = dir / "state";
    return o;
}

ErrorCode code_of(const ConfigureMirrorOptions& o) {
    try {
        (void)configure_mirror(o);
    } catch (const Error& e) {
        return e.code();
    }
    return ErrorCode::internal;
}

} // namespace

TEST_CASE("configure mirror: every bundle the state recorded, union of their upstreams",
          "[mirror]") {
    ScratchDir dir;
    record(dir / "state", "a", {"docker.io/library/busybox:1.36", "quay.io/org/app:1"});
    record(dir / "state", "b", {"docker.io/library/nginx:1.27", "127.0.0.1:5000/x/y:2"});
    ConfigureMirrorOptions o = options(dir, "https://mirror.local:5000/site");
    o.format = MirrorFormat::containerd;
    o.keep_host = true;
    dir.write("tls/ca.pem", "CA");
    o.tls.ca = dir / "tls/../tls/ca.pem";
    ConfigureMirrorSummary s = configure_mirror(o);
    CHECK(s.upstreams == std::vector<std::string>{"127.0.0.1:5000", "docker.io", "quay.io"});
    CHECK(s.locations[0] == "mirror.local:5000/site/127.0.0.1_5000");
    CHECK(s.source == "loader state " + (dir / "state").string() + " (2 bundles)");
    REQUIRE(s.files.size() == 3);
    CHECK(s.files[1] == dir / "out/docker.io/hosts.toml");
    std::string hosts = dir.read("out/docker.io/hosts.toml");
    CHECK(hosts.find("ca = \"" + (dir / "tls/ca.pem").string() + "\"") != std::string::npos);

    nlohmann::json j = to_json(s);
    CHECK(j["format"] == "containerd");
    CHECK(j["upstreams"].size() == 3);
    CHECK(j["files"][0] == (dir / "out/127.0.0.1:5000/hosts.toml").string());
    CHECK(j["mirrors"]["docker.io"] == "mirror.local:5000/site/docker.io");
    CHECK(s.to_text().find("  quay.io -> mirror.local:5000/site/quay.io\n") != std::string::npos);
}

TEST_CASE("configure mirror: nothing loaded, a missing TLS file, a bad URL; nothing written",
          "[mirror]") {
    ScratchDir dir;
    ConfigureMirrorOptions o = options(dir, "http://127.0.0.1:5000");
    CHECK(code_of(o) == ErrorCode::not_found);
    record(dir / "state", "a", {"docker.io/library/busybox:1.36"});

    ConfigureMirrorOptions tls = options(dir, "https://m:5000");
    tls.tls.ca = dir / "absent-ca.pem";
    CHECK(code_of(tls) == ErrorCode::spec);
    tls.tls.ca.clear();
    tls.tls.client_cert = dir / "absent.pem";
    CHECK(code_of(tls) == ErrorCode::usage); // without --client-key: usage, before the file

    CHECK(code_of(options(dir, "registry://m:5000")) == ErrorCode::usage);
    CHECK_FALSE(std::filesystem::exists(dir / "out"));

    CHECK(code_of(o) == ErrorCode::internal); // now it works: no error thrown
    CHECK(std::filesystem::exists(dir / "out/docker.io/hosts.toml"));
}
