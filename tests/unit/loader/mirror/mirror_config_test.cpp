#include "common/core/error.hpp"
#include "loader/mirror/mirror_config.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <sys/stat.h>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::ScratchDir;

namespace {

MirrorRequest request(MirrorFormat format, const std::string& url,
                      std::vector<std::string> upstreams, bool keep_host = false) {
    MirrorRequest r;
    r.format = format;
    r.mirror = parse_mirror_url(url);
    r.upstreams = std::move(upstreams);
    r.keep_host = keep_host;
    return r;
}

const MirrorFile& file(const MirrorConfig& c, const std::string& path) {
    for (const MirrorFile& f : c.files) {
        if (f.path == path) {
            return f;
        }
    }
    FAIL("no file " << path);
    throw std::logic_error("unreachable");
}

std::vector<std::string> paths(const MirrorConfig& c) {
    std::vector<std::string> out;
    for (const MirrorFile& f : c.files) {
        out.push_back(f.path.string());
    }
    return out;
}

ErrorCode code_of(const MirrorRequest& r) {
    try {
        (void)generate_mirror_config(r);
    } catch (const Error& e) {
        return e.code();
    }
    return ErrorCode::internal;
}

} // namespace

TEST_CASE("containerd: one hosts.toml per upstream, the mirror at its root, with mTLS files",
          "[mirror]") {
    MirrorRequest r = request(MirrorFormat::containerd, "https://m:5000", {"docker.io", "quay.io"});
    r.tls = {"/etc/airlock/ca.pem", "/etc/airlock/client.pem", "/etc/airlock/client.key"};
    MirrorConfig c = generate_mirror_config(r);
    CHECK(paths(c) == std::vector<std::string>{"docker.io/hosts.toml", "quay.io/hosts.toml"});
    CHECK(c.notes.empty());
    CHECK(file(c, "docker.io/hosts.toml").content ==
          "# Written by airlock-load mirror-config for docker.io:\n"
          "# its images are pulled from the airlock mirror https://m:5000.\n"
          "server = \"https://registry-1.docker.io\"\n"
          "\n"
          "[host.\"https://m:5000\"]\n"
          "  capabilities = [\"pull\", \"resolve\"]\n"
          "  ca = \"/etc/airlock/ca.pem\"\n"
          "  client = [[\"/etc/airlock/client.pem\", \"/etc/airlock/client.key\"]]\n");
    std::string quay = file(c, "quay.io/hosts.toml").content;
    CHECK(quay.find("server = \"https://quay.io\"\n") != std::string::npos);
    CHECK(quay.find("override_path") == std::string::npos); // no path: containerd adds /v2
    CHECK(quay.find("skip_verify") == std::string::npos);
}

TEST_CASE("containerd: a prefix or --keep-host puts the API root in the URL (override_path)",
          "[mirror]") {
    MirrorConfig c = generate_mirror_config(
        request(MirrorFormat::containerd, "http://127.0.0.1:5000/site", {"127.0.0.1:6000"}, true));
    CHECK(paths(c) == std::vector<std::string>{"127.0.0.1:6000/hosts.toml"});
    CHECK(c.files[0].content ==
          "# Written by airlock-load mirror-config for 127.0.0.1:6000:\n"
          "# its images are pulled from the airlock mirror http://127.0.0.1:5000, repositories "
          "site/127.0.0.1_6000/<path>.\n"
          "server = \"https://127.0.0.1:6000\"\n"
          "\n"
          "[host.\"http://127.0.0.1:5000/v2/site/127.0.0.1_6000\"]\n"
          "  capabilities = [\"pull\", \"resolve\"]\n"
          "  override_path = true\n");

    MirrorConfig prefix_only = generate_mirror_config(
        request(MirrorFormat::containerd, "https://m/a/b", {"docker.io"}, false));
    CHECK(prefix_only.files[0].content.find("[host.\"https://m/v2/a/b\"]\n  capabilities = "
                                            "[\"pull\", \"resolve\"]\n  override_path = true\n") !=
          std::string::npos);
    MirrorConfig host_only =
        generate_mirror_config(request(MirrorFormat::containerd, "https://m", {"docker.io"}, true));
    CHECK(host_only.files[0].content.find("[host.\"https://m/v2/docker.io\"]") !=
          std::string::npos);
}

TEST_CASE("containerd, failing closed: the fallback server is the mirror itself", "[mirror]") {
    MirrorRequest r = request(MirrorFormat::containerd, "https://m:5000/mirror", {"quay.io"});
    r.block_upstream = true;
    r.tls.ca = "/ca.pem";
    MirrorConfig c = generate_mirror_config(r);
    CHECK(c.files[0].content ==
          "# Written by airlock-load mirror-config for quay.io:\n"
          "# its images are pulled from the airlock mirror https://m:5000, repositories "
          "mirror/<path>.\n"
          "# Fail closed: the upstream server is replaced by the mirror, so nothing else\n"
          "# is contacted, not even for images the mirror lacks.\n"
          "server = \"https://m:5000/v2/mirror\"\n"
          "capabilities = [\"pull\", \"resolve\"]\n"
          "override_path = true\n"
          "ca = \"/ca.pem\"\n"
          "\n"
          "[host.\"https://m:5000/v2/mirror\"]\n"
          "  capabilities = [\"pull\", \"resolve\"]\n"
          "  override_path = true\n"
          "  ca = \"/ca.pem\"\n");
}

TEST_CASE("crio: a registries.conf drop-in with one mirror per upstream", "[mirror]") {
    MirrorConfig c = generate_mirror_config(
        request(MirrorFormat::crio, "http://127.0.0.1:5000/mirror", {"docker.io", "quay.io"}));
    CHECK(paths(c) == std::vector<std::string>{"registries.conf"});
    CHECK(c.notes.empty());
    CHECK(c.files[0].content ==
          "# Written by airlock-load mirror-config: a containers-registries.conf v2 drop-in\n"
          "# (e.g. /etc/containers/registries.conf.d/50-airlock-mirror.conf) that sends pulls\n"
          "# to the airlock mirror http://127.0.0.1:5000.\n"
          "\n"
          "[[registry]]\n"
          "prefix = \"docker.io\"\n"
          "location = \"docker.io\"\n"
          "\n"
          "[[registry.mirror]]\n"
          "location = \"127.0.0.1:5000/mirror\"\n"
          "insecure = true\n"
          "\n"
          "[[registry]]\n"
          "prefix = \"quay.io\"\n"
          "location = \"quay.io\"\n"
          "\n"
          "[[registry.mirror]]\n"
          "location = \"127.0.0.1:5000/mirror\"\n"
          "insecure = true\n");
}

TEST_CASE("crio failing closed over TLS with --keep-host: blocked entries, TLS as a note",
          "[mirror]") {
    MirrorRequest r =
        request(MirrorFormat::crio, "https://m:5000", {"127.0.0.1:6000", "docker.io"}, true);
    r.block_upstream = true;
    r.tls = {"/ca.pem", "/c.pem", "/c.key"};
    MirrorConfig c = generate_mirror_config(r);
    const std::string& t = c.files[0].content;
    CHECK(t.find("[[registry]]\n"
                 "prefix = \"127.0.0.1:6000\"\n"
                 "location = \"127.0.0.1:6000\"\n"
                 "blocked = true\n"
                 "\n"
                 "[[registry.mirror]]\n"
                 "location = \"m:5000/127.0.0.1_6000\"\n") != std::string::npos);
    CHECK(t.find("location = \"m:5000/docker.io\"\n") != std::string::npos);
    CHECK(t.find("insecure") == std::string::npos);
    CHECK(t.find("/ca.pem") == std::string::npos); // registries.conf has no TLS fields
    REQUIRE(c.notes.size() == 1);
    CHECK(c.notes[0] == "crio: registries.conf names no TLS files; install them as "
                        "/etc/containers/certs.d/m:5000/ca.crt (/ca.pem), client.cert (/c.pem), "
                        "client.key (/c.key) (copies or symlinks)");
}

TEST_CASE("crio failing closed: an upstream on the mirror's host is not blocked, redirected",
          "[mirror]") {
    MirrorRequest r = request(MirrorFormat::crio, "http://reg:5000/m", {"reg", "reg:5000"});
    r.block_upstream = true;
    MirrorConfig c = generate_mirror_config(r);
    const std::string& t = c.files[0].content;
    CHECK(t.find("blocked = true") == std::string::npos); // either would block the mirror too
    CHECK(t.find("prefix = \"reg\"\nlocation = \"reg:5000/m\"\ninsecure = true\n") !=
          std::string::npos);
    CHECK(t.find("prefix = \"reg:5000\"\nlocation = \"reg:5000/m\"\ninsecure = true\n") !=
          std::string::npos);
}

TEST_CASE("k3s: registries.yaml with endpoint, rewrite for the prefix, and TLS configs",
          "[mirror]") {
    MirrorRequest r = request(MirrorFormat::k3s, "https://m:5000/mirror", {"docker.io", "quay.io"});
    r.tls = {"/ca.pem", "/c.pem", "/c.key"};
    MirrorConfig c = generate_mirror_config(r);
    CHECK(paths(c) == std::vector<std::string>{"registries.yaml"});
    CHECK(c.notes.empty());
    CHECK(c.files[0].content ==
          "# Written by airlock-load mirror-config: /etc/rancher/k3s/registries.yaml (k3s)\n"
          "# or /etc/rancher/rke2/registries.yaml (RKE2).\n"
          "mirrors:\n"
          "  \"docker.io\":\n"
          "    endpoint:\n"
          "      - \"https://m:5000\"\n"
          "    rewrite:\n"
          "      \"^(.*)$\": \"mirror/$1\"\n"
          "  \"quay.io\":\n"
          "    endpoint:\n"
          "      - \"https://m:5000\"\n"
          "    rewrite:\n"
          "      \"^(.*)$\": \"mirror/$1\"\n"
          "configs:\n"
          "  \"m:5000\":\n"
          "    tls:\n"
          "      ca_file: \"/ca.pem\"\n"
          "      cert_file: \"/c.pem\"\n"
          "      key_file: \"/c.key\"\n");
}

TEST_CASE("k3s: no rewrite at the mirror's root, host kept with --keep-host; block is a note",
          "[mirror]") {
    MirrorConfig root =
        generate_mirror_config(request(MirrorFormat::k3s, "http://m:5000", {"docker.io"}));
    CHECK(root.files[0].content.find("rewrite") == std::string::npos);
    CHECK(root.files[0].content.find("configs") == std::string::npos);
    CHECK(root.files[0].content.find("      - \"http://m:5000\"\n") != std::string::npos);

    MirrorRequest r = request(MirrorFormat::k3s, "http://m:5000", {"127.0.0.1:6000"}, true);
    r.block_upstream = true;
    MirrorConfig kept = generate_mirror_config(r);
    CHECK(kept.files[0].content.find("  \"127.0.0.1:6000\":\n    endpoint:\n      - "
                                     "\"http://m:5000\"\n    rewrite:\n      \"^(.*)$\": "
                                     "\"127.0.0.1_6000/$1\"\n") != std::string::npos);
    REQUIRE(kept.notes.size() == 1);
    CHECK(kept.notes[0].find("--disable-default-registry-endpoint") != std::string::npos);
}

TEST_CASE("openshift: digest and tag mirror sets that never contact the source", "[mirror]") {
    MirrorConfig c = generate_mirror_config(request(
        MirrorFormat::openshift, "http://127.0.0.1:5000", {"127.0.0.1:6000", "docker.io"}, true));
    CHECK(paths(c) ==
          std::vector<std::string>{"imagedigestmirrorset.yaml", "imagetagmirrorset.yaml"});
    CHECK(file(c, "imagedigestmirrorset.yaml").content ==
          "# Written by airlock-load mirror-config: oc apply -f this file.\n"
          "apiVersion: config.openshift.io/v1\n"
          "kind: ImageDigestMirrorSet\n"
          "metadata:\n"
          "  name: airlock-mirror\n"
          "spec:\n"
          "  imageDigestMirrors:\n"
          "    - source: \"127.0.0.1:6000\"\n"
          "      mirrors:\n"
          "        - \"127.0.0.1:5000/127.0.0.1_6000\"\n"
          "      mirrorSourcePolicy: NeverContactSource\n"
          "    - source: \"docker.io\"\n"
          "      mirrors:\n"
          "        - \"127.0.0.1:5000/docker.io\"\n"
          "      mirrorSourcePolicy: NeverContactSource\n");
    std::string tags = file(c, "imagetagmirrorset.yaml").content;
    CHECK(tags.find("kind: ImageTagMirrorSet\n") != std::string::npos);
    CHECK(tags.find("  imageTagMirrors:\n    - source: \"127.0.0.1:6000\"\n") != std::string::npos);
    REQUIRE(c.notes.size() == 1); // plain HTTP must be allowed cluster-wide
    CHECK(c.notes[0].find("insecureRegistries") != std::string::npos);

    MirrorRequest tls = request(MirrorFormat::openshift, "https://m/p", {"quay.io"});
    tls.tls = {"/ca.pem", "/c.pem", "/c.key"};
    MirrorConfig t = generate_mirror_config(tls);
    CHECK(file(t, "imagetagmirrorset.yaml").content.find("        - \"m/p\"\n") !=
          std::string::npos);
    CHECK(t.notes.size() == 2); // the CA is cluster-wide; no client certificates
}

TEST_CASE("mirror request: TLS files need https and come in pairs; formats by name", "[mirror]") {
    MirrorRequest half = request(MirrorFormat::containerd, "https://m", {"docker.io"});
    half.tls.client_cert = "/c.pem";
    CHECK(code_of(half) == ErrorCode::usage);
    half.tls = {"", "", "/c.key"};
    CHECK(code_of(half) == ErrorCode::usage);
    MirrorRequest plain = request(MirrorFormat::k3s, "http://m", {"docker.io"});
    plain.tls.ca = "/ca.pem";
    CHECK(code_of(plain) == ErrorCode::usage);
    CHECK_THROWS_AS(check_mirror_request(plain), Error);

    CHECK(parse_mirror_format("crio") == MirrorFormat::crio);
    CHECK(to_string(parse_mirror_format("openshift")) == "openshift");
    CHECK_THROWS_AS(parse_mirror_format("docker"), Error);
}

TEST_CASE("upstream hosts: distinct and sorted, from canonical references", "[mirror]") {
    std::vector<BomImage> images(4);
    images[0].ref = "quay.io/prometheus/node-exporter:v1.8.0";
    images[1].ref = "docker.io/library/nginx:1.27";
    images[2].ref = "127.0.0.1:5000/team/app@sha256:" + std::string(64, 'a');
    images[3].ref = "docker.io/library/busybox:1.36";
    CHECK(upstream_hosts(images) ==
          std::vector<std::string>{"127.0.0.1:5000", "docker.io", "quay.io"});
    images[0].ref = "Not A Reference";
    CHECK_THROWS_AS(upstream_hosts(images), Error);
}

TEST_CASE("write: files land under the directory, 0644, replacing what was there", "[mirror]") {
    ScratchDir dir;
    MirrorConfig c = generate_mirror_config(
        request(MirrorFormat::containerd, "https://m", {"docker.io", "127.0.0.1:5000"}));
    dir.write("out/docker.io/hosts.toml", "old");
    auto written = write_mirror_config(dir / "out", c);
    REQUIRE(written.size() == 2);
    CHECK(written[1] == dir / "out/127.0.0.1:5000/hosts.toml");
    CHECK(dir.read("out/docker.io/hosts.toml") == c.files[0].content);
    struct stat st {};
    REQUIRE(::stat(written[1].c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0644);
    for (const auto& e : std::filesystem::directory_iterator(dir / "out/docker.io")) {
        CHECK(e.path().filename() == "hosts.toml"); // no temporary file left behind
    }
}
