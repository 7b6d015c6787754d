#include "common/core/error.hpp"
#include "loader/mirror/config_text.hpp"
#include "loader/mirror/mirror_config.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;

namespace capi_test {

MirrorRequest capi_request(const std::string& url, std::vector<std::string> upstreams) {
    MirrorRequest r;
    r.format = MirrorFormat::capi;
    r.mirror = parse_mirror_url(url);
    r.upstreams = std::move(upstreams);
    r.block_upstream = true;
    return r;
}

// The text a YAML literal block at `indent` holds, read back by hand: the
// lines after "content: |" that are indented at least `indent`.
std::string block_after(const std::string& yaml, const std::string& anchor, size_t indent) {
    size_t at = yaml.find(anchor);
    REQUIRE(at != std::string::npos);
    size_t line = yaml.find("content: |\n", at);
    REQUIRE(line != std::string::npos);
    size_t pos = line + std::string("content: |\n").size();
    std::string out;
    const std::string pad(indent, ' ');
    while (pos < yaml.size()) {
        size_t end = yaml.find('\n', pos);
        std::string l = yaml.substr(pos, end - pos);
        if (!l.empty() && l.compare(0, indent, pad) != 0) {
            break;
        }
        out += (l.empty() ? l : l.substr(indent)) + "\n";
        pos = end + 1;
    }
    return out;
}

} // namespace capi_test

using namespace capi_test;

TEST_CASE("capi: the files are the containerd hosts.toml files, byte for byte", "[mirror]") {
    MirrorRequest r = capi_request("https://m.example:5000/site", {"docker.io", "quay.io"});
    r.capi.ca = {"mirror-ca", "ca.crt"};
    MirrorConfig c = generate_mirror_config(r);
    REQUIRE(c.files.size() == 1);
    CHECK(c.files[0].path == "kubeadmconfigtemplate.yaml");
    const std::string& y = c.files[0].content;
    CHECK(y.find("apiVersion: bootstrap.cluster.x-k8s.io/v1beta1\nkind: KubeadmConfigTemplate\n") !=
          std::string::npos);

    MirrorRequest containerd = r;
    containerd.format = MirrorFormat::containerd;
    containerd.capi = {};
    containerd.tls.ca = "/etc/airlock/mirror/ca.crt";
    MirrorConfig hosts = generate_mirror_config(containerd);
    REQUIRE(hosts.files.size() == 2);
    for (const MirrorFile& f : hosts.files) {
        std::string path = "/etc/containerd/certs.d/" + f.path.string();
        CHECK(block_after(y, "path: \"" + path + "\"", 12) == f.content);
    }
    CHECK(y.find("          contentFrom:\n            secret:\n              name: \"mirror-ca\"\n"
                 "              key: \"ca.crt\"\n") != std::string::npos);
    CHECK(y.find("      preKubeadmCommands:\n        - systemctl restart containerd\n") !=
          std::string::npos);
    CHECK(y.find("BEGIN") == std::string::npos); // nothing inlined
}

TEST_CASE("capi: client certificate and key from a TLS Secret, the key 0600", "[mirror]") {
    MirrorRequest r = capi_request("https://m:5000", {"docker.io"});
    r.capi.client_cert = {"mirror-client", "tls.crt"};
    r.capi.client_key = {"mirror-client", "tls.key"};
    std::string y = generate_mirror_config(r).files.at(0).content;
    CHECK(y.find("client = [[\"/etc/airlock/mirror/client.crt\", "
                 "\"/etc/airlock/mirror/client.key\"]]") != std::string::npos);
    CHECK(y.find("- path: \"/etc/airlock/mirror/client.key\"\n          owner: \"root:root\"\n"
                 "          permissions: \"0600\"\n          contentFrom:\n") != std::string::npos);
    CHECK(y.find("ca = ") == std::string::npos);
}

TEST_CASE("capi: local TLS files, Secrets elsewhere and bad names are usage errors", "[mirror]") {
    MirrorRequest r = capi_request("https://m:5000", {"docker.io"});
    r.tls.ca = "/etc/ca.pem";
    CHECK(test::error_code_of([&] { (void)generate_mirror_config(r); }) == ErrorCode::usage);

    MirrorRequest other = capi_request("https://m:5000", {"docker.io"});
    other.format = MirrorFormat::containerd;
    other.capi.ca = {"ca", "ca.crt"};
    CHECK(test::error_code_of([&] { (void)generate_mirror_config(other); }) == ErrorCode::usage);

    MirrorRequest plain = capi_request("http://m:5000", {"docker.io"});
    plain.capi.ca = {"ca", "ca.crt"};
    CHECK(test::error_code_of([&] { (void)generate_mirror_config(plain); }) == ErrorCode::usage);

    MirrorRequest bad = capi_request("https://m:5000", {"docker.io"});
    bad.capi.ca = {"Mirror_CA", "ca.crt"};
    CHECK(test::error_code_of([&] { (void)generate_mirror_config(bad); }) == ErrorCode::usage);
    bad.capi.ca = {"mirror-ca", "ca/crt"};
    CHECK(test::error_code_of([&] { (void)generate_mirror_config(bad); }) == ErrorCode::usage);

    CHECK(parse_mirror_format("capi") == MirrorFormat::capi);
    CHECK(to_string(MirrorFormat::capi) == "capi");
}

TEST_CASE("yaml_block: a literal block when it carries the text exactly, else quoted", "[mirror]") {
    CHECK(yaml_block("a\n  b\n\nc\n", 4) == "|\n    a\n      b\n\n    c\n");
    CHECK(yaml_block("a\nb", 2) == "|-\n  a\n  b\n");
    CHECK(yaml_block("", 2) == "\"\"");
    CHECK(yaml_block(" lead\n", 2) == "\" lead\\n\"");
    CHECK(yaml_block("a\n\n", 2) == "\"a\\n\\n\"");
    CHECK(yaml_block("a\r\n", 2) == "\"a\\r\\n\"");
    CHECK(yaml_block("a\n   \nb\n", 2) == "\"a\\n   \\nb\\n\"");
    CHECK(is_dns_label("airlock-prepull"));
    CHECK_FALSE(is_dns_label("a.b"));
    CHECK(is_dns_subdomain("a.b"));
    CHECK_FALSE(is_dns_subdomain("-a"));
    CHECK_FALSE(is_dns_subdomain("A"));
}
