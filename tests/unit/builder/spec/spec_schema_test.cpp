// schemas/spec.schema.json and the parser describe one document. These cases
// run every spec through both and require the same verdict, so a change to
// one without the other fails here.
#include "builder/spec/spec.hpp"
#include "common/core/error.hpp"
#include "tests/unit/support/mini_schema.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include "tests/unit/support/hex.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>

#include <nlohmann/json.hpp>

using airlock::builder::parse_spec;
using airlock::test::MiniSchema;
using airlock::test::ScratchDir;
using nlohmann::json;

using airlock::test::hex64;

namespace {

json load_schema() {
    std::ifstream in(std::string(AIRLOCK_SOURCE_DIR) + "/schemas/spec.schema.json");
    REQUIRE(in);
    return json::parse(in);
}

bool parser_accepts(const json& spec, const ScratchDir& dir, std::string& message) {
    try {
        // JSON is YAML: the parser reads the same text the schema checks.
        (void)parse_spec(spec.dump(1), "spec.json", dir.path());
        return true;
    } catch (const airlock::Error& e) {
        message = e.what();
        return false;
    }
}

json full_spec() {
    return json::parse(R"({
        "apiVersion": "airlock.dev/v1",
        "kind": "BundleSpec",
        "metadata": {"name": "edge-stack", "version": "1.4.0", "description": "Edge"},
        "platforms": ["linux/amd64", "linux/arm64/v8"],
        "images": [
            "docker.io/library/nginx:1.27",
            {"ref": "quay.io/prometheus/node-exporter:v1.8.0", "platforms": ["linux/amd64"]}
        ],
        "charts": [
            {"path": "charts/app", "values": ["values.yaml"], "set": {"a.b": "x", "n": 2, "t": true}},
            {"repo": "https://charts.example.com", "name": "podinfo", "version": "6.8.0"},
            {"oci": "oci://ghcr.io/stefanprodan/charts/podinfo", "version": "6.8.0"}
        ],
        "manifests": [{"path": "manifests/"}],
        "files": [{"path": "docs/a.txt"}, {"path": "docs/b.txt", "name": "b-renamed.txt"}],
        "sweep": {"allow": ["registry.k8s.io/pause:3.9"]},
        "requires": {"license": "edge-stack"}
    })");
}

struct Case {
    std::string what;
    std::string patch; // RFC 7386 merge patch on full_spec(); null removes a key
    bool valid;
};

std::vector<Case> cases() {
    const std::string d = "@sha256:" + hex64;
    return {
        {"the full spec", "{}", true},
        {"a minimal spec",
         R"({"platforms": null, "images": null, "charts": null, "manifests": null,
             "files": null, "sweep": null, "requires": null})",
         true},
        {"empty lists and mappings",
         R"({"images": [], "charts": [], "manifests": [], "files": [], "sweep": {},
             "requires": {}, "metadata": {"description": null}})",
         true},
        {"unknown top-level key", R"({"imagez": []})", false},
        {"attachments everywhere",
         R"({"attachments": "signatures", "images": [{"ref": "nginx", "attachments": "none"},
                                                     {"ref": "redis", "attachments": "all"}]})",
         true},
        {"unknown attachments value", R"({"attachments": "some"})", false},
        {"boolean attachments", R"({"images": [{"ref": "nginx", "attachments": true}]})", false},
        {"verify by keys", R"({"verify": {"keys": ["docs/a.txt", "docs/b.txt"]}})", true},
        {"verify with no keys", R"({"verify": {"keys": []}})", false},
        {"verify keyless by subject",
         R"({"verify": {"identity": {"issuer": "https://issuer", "subject": "a@b"},
                        "trustedRoot": "docs/a.txt"}})",
         true},
        {"verify keyless by regexp",
         R"({"images": [{"ref": "nginx", "verify": {"identity": {"issuer": "https://i",
             "subjectRegExp": ".*@example.com"}, "trustedRoot": "docs/a.txt"}}]})",
         true},
        {"identity with subject and regexp",
         R"({"verify": {"identity": {"issuer": "i", "subject": "a", "subjectRegExp": "a"},
                        "trustedRoot": "docs/a.txt"}})",
         false},
        {"identity without a subject",
         R"({"verify": {"identity": {"issuer": "i"}, "trustedRoot": "docs/a.txt"}})", false},
        {"identity without an issuer",
         R"({"verify": {"identity": {"subject": "a"}, "trustedRoot": "docs/a.txt"}})", false},
        {"identity without a trusted root",
         R"({"verify": {"identity": {"issuer": "i", "subject": "a"}}})", false},
        {"keys and identity together",
         R"({"verify": {"keys": ["docs/a.txt"], "identity": {"issuer": "i", "subject": "a"},
                        "trustedRoot": "docs/a.txt"}})",
         false},
        {"a trusted root alone", R"({"verify": {"trustedRoot": "docs/a.txt"}})", false},
        {"empty verify", R"({"verify": {}})", false},
        {"unknown key in verify", R"({"verify": {"keys": ["docs/a.txt"], "required": 2}})", false},
        {"unknown key in metadata", R"({"metadata": {"labels": {}}})", false},
        {"unknown key in an image", R"({"images": [{"ref": "nginx", "tag": "x"}]})", false},
        {"unknown key in a chart", R"({"charts": [{"path": "charts/app", "valuez": []}]})", false},
        {"unknown key in a manifest", R"({"manifests": [{"path": "manifests", "x": 1}]})", false},
        {"unknown key in a file", R"({"files": [{"path": "docs/a.txt", "mode": "644"}]})", false},
        {"unknown key in sweep", R"({"sweep": {"deny": []}})", false},
        {"unknown key in requires", R"({"requires": {"entitlement": "x"}})", false},
        {"no apiVersion", R"({"apiVersion": null})", false},
        {"other apiVersion", R"({"apiVersion": "airlock.dev/v2"})", false},
        {"other kind", R"({"kind": "Bundle"})", false},
        {"no metadata", R"({"metadata": null})", false},
        {"no name", R"({"metadata": {"name": null}})", false},
        {"no version", R"({"metadata": {"version": null}})", false},
        {"numeric name", R"({"metadata": {"name": 123}})", false},
        {"digits as a string name", R"({"metadata": {"name": "123"}})", true},
        {"uppercase name", R"({"metadata": {"name": "Edge"}})", false},
        {"63-character name", R"({"metadata": {"name": ")" + std::string(63, 'a') + R"("}})", true},
        {"64-character name", R"({"metadata": {"name": ")" + std::string(64, 'a') + R"("}})",
         false},
        {"empty description", R"({"metadata": {"description": ""}})", false},
        {"numeric description", R"({"metadata": {"description": 1}})", false},
        {"boolean description", R"({"metadata": {"description": true}})", false},
        {"prerelease and build", R"({"metadata": {"version": "1.0.0-rc.1+build.5"}})", true},
        {"version 1.4", R"({"metadata": {"version": "1.4"}})", false},
        {"version v1.0.0", R"({"metadata": {"version": "v1.0.0"}})", false},
        {"numeric version", R"({"metadata": {"version": 1.5}})", false},
        {"leading zero prerelease", R"({"metadata": {"version": "1.0.0-01"}})", false},
        {"platforms as a string", R"({"platforms": "linux/amd64"})", false},
        {"empty platforms", R"({"platforms": []})", false},
        {"platform without arch", R"({"platforms": ["linux"]})", false},
        {"uppercase platform", R"({"platforms": ["Linux/amd64"]})", false},
        {"repeated platform", R"({"platforms": ["linux/amd64", "linux/amd64"]})", false},
        {"numeric platform", R"({"platforms": [1]})", false},
        {"images as a mapping", R"({"images": {"ref": "nginx"}})", false},
        {"short names", R"({"images": ["nginx", "user/app", "registry/app", "localhost"]})", true},
        {"hosts and ports",
         R"({"images": ["localhost:5000/app:1", "localhost/app", "[::1]:5000/a", "a.b/c",
                        "127.0.0.1:5000/a/b:t", "[fe80::1]/x"]})",
         true},
        {"bare localhost with a tag", R"({"images": ["localhost:5000"]})", true},
        {"digest and tag", R"({"images": ["nginx:1)" + d + R"(", "redis)" + d + R"("]})", true},
        {"separators", R"({"images": ["a_b/c__d/e-f/g---h/i.j"]})", true},
        {"uppercase repository", R"({"images": ["Nginx"]})", false},
        {"uppercase first component", R"({"images": ["User/app"]})", false},
        {"uppercase host", R"({"images": ["Example.COM/app"]})", true},
        {"empty tag", R"({"images": ["nginx:"]})", false},
        {"bad tag", R"({"images": ["nginx:-x"]})", false},
        {"long tag", R"({"images": ["nginx:)" + std::string(129, 't') + R"("]})", false},
        {"short digest", R"({"images": ["nginx@sha256:abc"]})", false},
        {"md5 digest", R"({"images": ["nginx@md5:)" + hex64 + R"("]})", false},
        {"bad host with a dot", R"({"images": ["a__b.c/x"]})", false},
        {"underscore in a host", R"({"images": ["my_host:5000/x"]})", false},
        {"empty port", R"({"images": ["host:/x"]})", false},
        {"IPv6 without a colon", R"({"images": ["[ab].x/y"]})", false},
        {"trailing slash", R"({"images": ["nginx/"]})", false},
        {"double slash", R"({"images": ["a//b"]})", false},
        {"space", R"({"images": ["ngi nx"]})", false},
        {"image ID", R"({"images": [")" + hex64 + R"("]})", false},
        {"64-hex path", R"({"images": ["quay.io/)" + hex64 + R"("]})", true},
        {"map form without ref", R"({"images": [{"platforms": ["linux/amd64"]}]})", false},
        {"list as an image", R"({"images": [["nginx"]]})", false},
        {"numeric image", R"({"images": [1]})", false},
        {"null image", R"({"images": [null]})", false},
        {"empty image platforms", R"({"images": [{"ref": "nginx", "platforms": []}]})", false},
        {"chart with path and repo", R"({"charts": [{"path": "charts/app", "repo": "https://x"}]})",
         false},
        {"chart without a source", R"({"charts": [{"values": ["values.yaml"]}]})", false},
        {"local chart with a version",
         R"({"charts": [{"path": "charts/app", "version": "1.0.0"}]})", false},
        {"local chart with a name", R"({"charts": [{"path": "charts/app", "name": "app"}]})",
         false},
        {"repo chart without version", R"({"charts": [{"repo": "https://x", "name": "a"}]})",
         false},
        {"repo chart without name", R"({"charts": [{"repo": "https://x", "version": "1.0.0"}]})",
         false},
        {"repo chart with a range",
         R"({"charts": [{"repo": "https://x", "name": "a", "version": "^1.0.0"}]})", false},
        {"ftp repo", R"({"charts": [{"repo": "ftp://x", "name": "a", "version": "1.0.0"}]})",
         false},
        {"bare scheme repo",
         R"({"charts": [{"repo": "https://", "name": "a", "version": "1.0.0"}]})", false},
        {"chart name with a slash",
         R"({"charts": [{"repo": "https://x", "name": "a/b", "version": "1.0.0"}]})", false},
        {"oci chart with a digest",
         R"({"charts": [{"oci": "oci://localhost:5000/c/app)" + d + R"(", "version": "1.0.0"}]})",
         true},
        {"oci chart without version", R"({"charts": [{"oci": "oci://ghcr.io/a/b"}]})", false},
        {"oci chart with a tag",
         R"({"charts": [{"oci": "oci://ghcr.io/a/b:1.0.0", "version": "1.0.0"}]})", false},
        {"oci chart without a host",
         R"({"charts": [{"oci": "oci://charts/b", "version": "1.0.0"}]})", false},
        {"oci chart without the scheme",
         R"({"charts": [{"oci": "ghcr.io/a/b", "version": "1.0.0"}]})", false},
        {"oci chart with a name",
         R"({"charts": [{"oci": "oci://ghcr.io/a/b", "name": "b", "version": "1.0.0"}]})", false},
        {"oci and repo",
         R"({"charts": [{"oci": "oci://ghcr.io/a/b", "repo": "https://x", "name": "b",
                         "version": "1.0.0"}]})",
         false},
        {"set with a list", R"({"charts": [{"path": "charts/app", "set": {"a": [1]}}]})", false},
        {"set with null", R"({"charts": [{"path": "charts/app", "set": {"a": null}}]})", false},
        {"set with a mapping", R"({"charts": [{"path": "charts/app", "set": {"a": {}}}]})", false},
        {"set with an empty key", R"({"charts": [{"path": "charts/app", "set": {"": 1}}]})", false},
        {"set with an empty string", R"({"charts": [{"path": "charts/app", "set": {"a": ""}}]})",
         true},
        {"values as a string", R"({"charts": [{"path": "charts/app", "values": "values.yaml"}]})",
         false},
        {"manifest without path", R"({"manifests": [{}]})", false},
        {"manifest as a string", R"({"manifests": ["manifests/"]})", false},
        {"file named ..", R"({"files": [{"path": "docs/a.txt", "name": ".."}]})", false},
        {"file name with a slash", R"({"files": [{"path": "docs/a.txt", "name": "a/b"}]})", false},
        {"file name with dots", R"({"files": [{"path": "docs/a.txt", "name": "..a"}]})", true},
        {"empty file path", R"({"files": [{"path": ""}]})", false},
        {"allow with a space", R"({"sweep": {"allow": ["a b"]}})", false},
        {"allow with an empty entry", R"({"sweep": {"allow": [""]}})", false},
        {"allow as a string", R"({"sweep": {"allow": "nginx"}})", false},
        {"numeric license", R"({"requires": {"license": 42}})", false},
        {"empty license", R"({"requires": {"license": ""}})", false},
        {"license with spaces", R"({"requires": {"license": "Edge Stack"}})", true},
    };
}

// Values a merge patch cannot write: null itself.
struct NullCase {
    std::string pointer;
    bool valid;
};

const std::vector<NullCase> null_cases = {
    {"/platforms", false},
    {"/images", false},
    {"/charts", false},
    {"/manifests", false},
    {"/files", false},
    {"/sweep", false},
    {"/requires", false},
    {"/metadata", false},
    {"/metadata/description", false},
    {"/sweep/allow", false},
    {"/requires/license", false},
    {"/charts/0/values", false},
    {"/charts/0/set", false},
    {"/images/1/platforms", false},
};

} // namespace

TEST_CASE("the JSON Schema and the parser agree", "[spec]") {
    MiniSchema schema(load_schema());
    ScratchDir dir;
    dir.write("charts/app/Chart.yaml", "name: app\n");
    dir.write("values.yaml", "a: 1\n");
    dir.write("manifests/a.yaml", "kind: ConfigMap\n");
    dir.write("docs/a.txt", "a");
    dir.write("docs/b.txt", "b");

    for (const Case& c : cases()) {
        json spec = full_spec();
        spec.merge_patch(json::parse(c.patch));
        std::string message;
        bool parsed = parser_accepts(spec, dir, message);
        INFO(c.what << "\n" << spec.dump() << "\nparser: " << message);
        CHECK(schema.accepts(spec) == c.valid);
        CHECK(parsed == c.valid);
    }
    for (const NullCase& c : null_cases) {
        json spec = full_spec();
        spec[json::json_pointer(c.pointer)] = nullptr;
        std::string message;
        bool parsed = parser_accepts(spec, dir, message);
        INFO(c.pointer << " = null\nparser: " << message);
        CHECK(schema.accepts(spec) == c.valid);
        CHECK(parsed == c.valid);
    }
}

TEST_CASE("the schema is a closed 2020-12 schema", "[spec]") {
    json schema = load_schema();
    CHECK(schema.at("$schema") == "https://json-schema.org/draft/2020-12/schema");
    // Every object schema forbids keys it does not list, as the parser does.
    std::vector<const json*> pending = {&schema};
    int objects = 0;
    while (!pending.empty()) {
        const json* s = pending.back();
        pending.pop_back();
        if (s->is_object()) {
            if (s->contains("properties")) {
                ++objects;
                INFO(s->dump());
                CHECK(s->at("additionalProperties") == false);
            }
            for (const auto& [key, value] : s->items()) {
                (void)key;
                pending.push_back(&value);
            }
        } else if (s->is_array()) {
            for (const json& value : *s) {
                pending.push_back(&value);
            }
        }
    }
    CHECK(objects == 10); // with verify and its identity
}
