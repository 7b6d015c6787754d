#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/sign/keys.hpp"
#include "loader/mirror/config_text.hpp"
#include "loader/policy/admission_policy.hpp"
#include "loader/policy/site_policy.hpp"
#include "loader/state/state_store.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/test_bom.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::ScratchDir;

namespace {

const sign::PublicKey& site_key() {
    static const sign::PublicKey key =
        sign::PrivateKey::generate(sign::KeyType::ecdsa_p256).public_key();
    return key;
}

const sign::PublicKey& vendor_key() {
    static const sign::PublicKey key =
        sign::PrivateKey::generate(sign::KeyType::ed25519).public_key();
    return key;
}

PolicyRequest request(PolicyFormat format, const std::string& url,
                      std::vector<std::string> upstreams, bool keep_host = false) {
    PolicyRequest r;
    r.format = format;
    r.mirror = parse_mirror_url(url);
    r.upstreams = std::move(upstreams);
    r.keep_host = keep_host;
    r.site_key_pem = site_key().pem();
    return r;
}

bool has(const std::string& text, const std::string& part) {
    UNSCOPED_INFO("looking for:\n" << part);
    return text.find(part) != std::string::npos;
}

void record(const std::filesystem::path& state_dir, std::vector<std::string> refs,
            const std::string& verified_by = "") {
    Bom bom = airlock::test::minimal_bom("app", "1.0.0");
    for (const std::string& ref : refs) {
        BomImage image;
        image.ref = ref;
        image.digest = Digest::of(ref);
        image.media_type = "application/vnd.oci.image.manifest.v1+json";
        if (!verified_by.empty() && ref.find("quay.io") == 0) {
            image.provenance.push_back(
                {image.digest, Digest::of("sig" + ref), "cosign", verified_by, "", ""});
        }
        bom.images.push_back(image);
    }
    StateStore state(state_dir);
    state.record_load("app", LoadRecord{"1.0.0", "sha256:ab", "2026-11-23T00:00:00Z", {}, "", {}},
                      now_utc(), bom.serialize());
}

} // namespace

TEST_CASE("policy globs: the mirror namespaces, never the upstream names", "[policy]") {
    PolicyRequest k = request(PolicyFormat::kyverno, "https://m.local:5000/site",
                              {"127.0.0.1:6000", "docker.io", "quay.io"});
    CHECK(site_globs(k) == std::vector<std::string>{"m.local:5000/site/*"});
    k.keep_host = true;
    CHECK(site_globs(k) == std::vector<std::string>{"m.local:5000/site/127.0.0.1_6000/*",
                                                    "m.local:5000/site/docker.io/*",
                                                    "m.local:5000/site/quay.io/*"});
    PolicyRequest s = request(PolicyFormat::sigstore, "https://m.local:5000", {"docker.io"});
    CHECK(site_globs(s) == std::vector<std::string>{"m.local:5000/**"});
}

TEST_CASE("kyverno: verifyImages with digest mutation, required, Fail and Enforce", "[policy]") {
    PolicyRequest r = request(PolicyFormat::kyverno, "https://m:5000/mirror", {"docker.io"});
    r.namespaces = {"apps", "web"};
    std::string y = generate_admission_policy(r);
    CHECK(has(y, "apiVersion: kyverno.io/v1\nkind: ClusterPolicy\n"));
    CHECK(has(y, "spec:\n  validationFailureAction: Enforce\n  background: false\n"
                 "  failurePolicy: Fail\n  webhookTimeoutSeconds: 15\n"));
    CHECK(has(y, "              namespaces:\n                - \"apps\"\n                - "
                 "\"web\"\n"));
    CHECK(has(y, "        - imageReferences:\n            - \"m:5000/mirror/*\"\n"
                 "          mutateDigest: true\n          verifyDigest: true\n"
                 "          required: true\n"));
    CHECK(has(y, "                    publicKeys: " + yaml_block(site_key().pem(), 22)));
    CHECK(has(y, "rekor:\n                      ignoreTlog: true\n"));
    CHECK_FALSE(has(y, "docker.io"));
    CHECK_FALSE(has(y, "upstream-signatures"));
}

TEST_CASE("sigstore: a ClusterImagePolicy with the key as authority; namespaces labelled",
          "[policy]") {
    PolicyRequest r =
        request(PolicyFormat::sigstore, "https://m:5000", {"docker.io", "quay.io"}, true);
    r.namespaces = {"apps"};
    std::string y = generate_admission_policy(r);
    CHECK(has(y, "apiVersion: policy.sigstore.dev/v1beta1\nkind: ClusterImagePolicy\n"));
    CHECK(has(y, "  mode: enforce\n  images:\n    - glob: \"m:5000/docker.io/**\"\n"
                 "    - glob: \"m:5000/quay.io/**\"\n"));
    CHECK(has(y, "      key:\n        hashAlgorithm: sha256\n        data: " +
                     yaml_block(site_key().pem(), 10)));
    CHECK(has(y, "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: \"apps\"\n"
                 "  labels:\n    policy.sigstore.dev/include: \"true\"\n"));
}

TEST_CASE("policy: bad namespaces, IPv6 hosts for sigstore, timeouts are usage errors",
          "[policy]") {
    PolicyRequest r = request(PolicyFormat::kyverno, "https://m:5000", {"docker.io"});
    r.namespaces = {"Apps"};
    CHECK(test::error_code_of([&] { (void)generate_admission_policy(r); }) == ErrorCode::usage);
    r.namespaces = {};
    r.webhook_timeout_seconds = 31;
    CHECK(test::error_code_of([&] { (void)generate_admission_policy(r); }) == ErrorCode::usage);
    PolicyRequest v6 = request(PolicyFormat::sigstore, "https://[::1]:5000", {"docker.io"});
    CHECK(test::error_code_of([&] { (void)generate_admission_policy(v6); }) == ErrorCode::usage);
    CHECK(test::error_code_of([] { (void)parse_policy_format("opa"); }) == ErrorCode::usage);
}

TEST_CASE("site policy: from the state, an upstream key over the images it verified", "[policy]") {
    ScratchDir dir;
    record(dir / "state", {"docker.io/library/busybox:1.36", "quay.io/org/app:2"},
           vendor_key().id());
    dir.write("site.pub", site_key().pem());
    dir.write("vendor.pub", vendor_key().pem());
    dir.write("other.pub", sign::PrivateKey::generate(sign::KeyType::ed25519).public_key().pem());
    SitePolicyOptions o;
    o.registry = "https://m:5000/mirror";
    o.format = PolicyFormat::kyverno;
    o.key = dir / "site.pub";
    o.upstream_keys = {dir / "vendor.pub", dir / "other.pub"};
    o.state_dir = dir / "state";
    SitePolicy p = site_policy(o);
    CHECK(p.key_id == site_key().id());
    CHECK(p.globs == std::vector<std::string>{"m:5000/mirror/*"});
    REQUIRE(p.notes.size() == 1);
    CHECK(has(p.notes[0], "other.pub"));
    CHECK(has(p.yaml, "    - name: upstream-signatures\n"));
    CHECK(has(p.yaml, "            - \"m:5000/mirror/org/app:*\"\n"
                      "            - \"m:5000/mirror/org/app@*\"\n"));
    CHECK_FALSE(has(p.yaml, "mirror/library/busybox:*"));
    CHECK(has(p.yaml, yaml_block(vendor_key().pem(), 22)));

    o.format = PolicyFormat::sigstore;
    p = site_policy(o);
    CHECK(has(p.yaml, "  name: \"airlock-site-signatures-upstream-" +
                          vendor_key().id().substr(0, 12) + "\"\n"));

    o.upstream_keys = {dir / "site.pub"};
    CHECK(test::error_code_of([&] { (void)site_policy(o); }) == ErrorCode::usage);
    o.upstream_keys = {};
    o.key = dir / "missing.pub";
    CHECK(test::error_code_of([&] { (void)site_policy(o); }) != ErrorCode::internal);
}
