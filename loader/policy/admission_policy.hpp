#pragma once
// Admission policies that admit, from the site mirror, only images carrying
// the site's signature (what `airlock-load load --sign-with` wrote):
//   kyverno   a ClusterPolicy (kyverno.io/v1) with verifyImages
//   sigstore  a ClusterImagePolicy (policy.sigstore.dev/v1beta1) for the
//             Sigstore policy-controller
// The policies match the MIRROR repositories (host/prefix), never the
// upstream names: a policy on the upstream glob is bypassed by naming the
// mirror directly. Optionally a second authority per upstream vendor key
// covers the mirror repositories of the images that key verified when the
// bundle was built (BOM provenance), so those need both signatures.
// generate_admission_policy() is a pure function of its request.
#include "loader/mirror/mirror_url.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace airlock::loader {

enum class PolicyFormat { kyverno, sigstore };

// "kyverno" or "sigstore"; Error(usage) for anything else.
PolicyFormat parse_policy_format(std::string_view text);
std::string_view to_string(PolicyFormat format);

// An upstream vendor key and the mirror repositories ("host[:port]/path")
// of the images it verified.
struct UpstreamAuthority {
    std::string key_id; // sha256 of its DER SubjectPublicKeyInfo, hex
    std::string pem;    // PEM "PUBLIC KEY"
    std::vector<std::string> repositories;
};

struct PolicyRequest {
    PolicyFormat format = PolicyFormat::kyverno;
    MirrorUrl mirror;
    bool keep_host = false; // the mirror holds PREFIX/<host>/<path> (load --keep-host)
    // Upstream registry hosts of the loaded images: sorted, no duplicates.
    std::vector<std::string> upstreams;
    std::string site_key_pem;            // PEM "PUBLIC KEY" of the site's signing key
    std::vector<std::string> namespaces; // empty: every namespace
    std::vector<UpstreamAuthority> upstream_keys;
    std::string name = "airlock-site-signatures";
    int webhook_timeout_seconds = 15;
};

// The image globs of the site authority, in the format's glob language
// (kyverno: '*' matches '/', sigstore: only '**' does): one per mirror
// namespace the upstreams map to, sorted, no duplicates.
std::vector<std::string> site_globs(const PolicyRequest& request);

// The YAML documents. Error(internal) without upstreams; Error(usage) for a
// mirror host the format's globs cannot name, a bad namespace or timeout.
std::string generate_admission_policy(const PolicyRequest& request);

} // namespace airlock::loader
