// Fuzzes the upstream signature checks the builder runs on what a registry
// attaches to an image (common/sign: sigstore bundles, their certificates,
// Rekor entries and proofs, and cosign .sig layers), keyless against the
// sigstore staging trusted root and keyed against one P-256 key. Invariant:
// they never throw, and nothing verifies unless its bytes are the seed's.
#include "common/sign/cosign_layer.hpp"
#include "common/sign/sigstore_bundle.hpp"
#include "common/sign/trusted_root.hpp"
#include "tests/fuzz/fuzz_support.hpp"

#include <fstream>
#include <sstream>

namespace {

using namespace airlock;

const Digest& artifact() {
    static const Digest d =
        Digest::parse("sha256:5e6ae9de58c1177bea615b4fcbfb2fd688e8c4b51c2e56b6a38e817833ec24a2");
    return d;
}

sign::UpstreamPolicy keyless_policy() {
    std::ifstream in(AIRLOCK_SOURCE_DIR
                     "/tests/fixtures/sigstore/public/staging-trusted_root.json");
    std::ostringstream text;
    text << in.rdbuf();
    sign::UpstreamPolicy p;
    p.trusted_root = sign::parse_trusted_root(text.str(), "staging trusted root");
    p.identity = sign::IdentityPolicy::make("https://github.com/login/oauth",
                                            "william@yossarian.net", "", "fuzz policy");
    return p;
}

sign::UpstreamPolicy key_policy() {
    sign::UpstreamPolicy p;
    p.keys.push_back(sign::VerifyingKey::from_pem(
        "-----BEGIN PUBLIC KEY-----\n"
        "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEgMMlt0jHbQa/05Yj//juBCJvgW1P\n"
        "cMjbCGZEn6EMhjZLcb4zwJVVmnsJRBaCoTXiLHYFRkB7fRNDn0GaDUt8SA==\n"
        "-----END PUBLIC KEY-----\n",
        "fuzz key"));
    return p;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const sign::UpstreamPolicy keyless = keyless_policy();
    static const sign::UpstreamPolicy keyed = key_policy();
    const std::string input = fuzz::as_string(data, size);
    try {
        (void)sign::verify_sigstore_bundle(input, artifact(), keyless);
        (void)sign::verify_sigstore_bundle(input, artifact(), keyed);
        // The same bytes as each part of a cosign .sig layer in turn.
        const std::string_view v = input;
        (void)sign::verify_cosign_layer({v, "", "", "", ""}, artifact(), keyed);
        (void)sign::verify_cosign_layer({"{}", "MEUCIQ==", v, "", v}, artifact(), keyless);
        (void)sign::verify_cosign_layer({"{}", v, "", "", v}, artifact(), keyed);
    } catch (const std::exception& e) {
        fuzz::finding(std::string("an upstream signature check threw: ") + e.what());
    }
    return 0;
}
