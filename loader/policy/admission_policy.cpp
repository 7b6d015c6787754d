#include "loader/policy/admission_policy.hpp"

#include "common/core/error.hpp"
#include "loader/mirror/config_text.hpp"

#include <set>

namespace airlock::loader {

namespace {

// What policy-controller accepts in a glob (pkg/apis/glob: validGlob).
bool sigstore_glob_text(const std::string& glob) {
    for (char c : glob) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == ':' || c == '/' || c == '*' || c == '.' || c == '@';
        if (!ok) {
            return false;
        }
    }
    return true;
}

void check_request(const PolicyRequest& r) {
    if (r.upstreams.empty()) {
        fail(ErrorCode::internal, "admission policy for no upstream registry");
    }
    if (r.format == PolicyFormat::sigstore && !sigstore_glob_text(r.mirror.host)) {
        fail(ErrorCode::usage, "--registry host " + r.mirror.host +
                                   ": policy-controller globs cannot name it (an IPv6 literal?); "
                                   "give the mirror by a DNS name");
    }
    for (const std::string& ns : r.namespaces) {
        if (!is_dns_label(ns)) {
            fail(ErrorCode::usage, "--namespaces '" + ns + "': not a Kubernetes namespace name");
        }
    }
    if (r.webhook_timeout_seconds < 1 || r.webhook_timeout_seconds > 30) {
        fail(ErrorCode::usage, "the webhook timeout must be 1 to 30 seconds (Kubernetes' bound)");
    }
    if (!is_dns_subdomain(r.name) || r.name.size() > 200) {
        fail(ErrorCode::usage, "policy name '" + r.name + "' is not a Kubernetes object name");
    }
}

// Patterns for one mirror repository's images, by tag or by digest; the
// separator keeps "app" from matching "app-evil".
std::vector<std::string> repository_globs(const std::vector<std::string>& repositories) {
    std::vector<std::string> out;
    for (const std::string& repo : repositories) {
        out.push_back(repo + ":*");
        out.push_back(repo + "@*");
    }
    return out;
}

std::string list(const std::vector<std::string>& items, const std::string& indent) {
    std::string out;
    for (const std::string& item : items) {
        out += indent + "- " + quoted_string(item) + "\n";
    }
    return out;
}

// One Kyverno verifyImages entry (at list indent 8) requiring a signature by `pem`.
std::string kyverno_verify(const std::vector<std::string>& globs, const std::string& pem) {
    // Air gap: the site's signatures are in no transparency log and carry no
    // certificate, so Rekor and SCT checks are off; the key is the trust.
    return "        - imageReferences:\n" + list(globs, "            ") +
           "          mutateDigest: true\n"
           "          verifyDigest: true\n"
           "          required: true\n"
           "          attestors:\n"
           "            - count: 1\n"
           "              entries:\n"
           "                - keys:\n"
           "                    publicKeys: " +
           yaml_block(pem, 22) +
           "                    rekor:\n"
           "                      ignoreTlog: true\n"
           "                    ctlog:\n"
           "                      ignoreSCT: true\n";
}

std::string kyverno_match(const PolicyRequest& r) {
    std::string out = "      match:\n"
                      "        any:\n"
                      "          - resources:\n"
                      "              kinds:\n"
                      "                - Pod\n";
    if (!r.namespaces.empty()) {
        out += "              namespaces:\n" + list(r.namespaces, "                ");
    }
    return out;
}

std::string kyverno_policy(const PolicyRequest& r) {
    std::string text =
        "# Written by airlock-load policy: admit images of the airlock mirror " + r.mirror.host +
        " only\n"
        "# with the site's signature (airlock-load load --sign-with). Pods must name the\n"
        "# mirror repositories below; tags are replaced by the verified digests.\n"
        "apiVersion: kyverno.io/v1\n"
        "kind: ClusterPolicy\n"
        "metadata:\n"
        "  name: " +
        quoted_string(r.name) +
        "\n"
        "  annotations:\n"
        "    policies.kyverno.io/title: \"airlock site signatures\"\n"
        "    policies.kyverno.io/description: \"Images from the airlock mirror must carry the "
        "site's signature.\"\n"
        "spec:\n"
        "  validationFailureAction: Enforce\n"
        "  background: false\n"
        "  failurePolicy: Fail\n"
        "  webhookTimeoutSeconds: " +
        std::to_string(r.webhook_timeout_seconds) +
        "\n"
        "  rules:\n"
        "    - name: site-signature\n" +
        kyverno_match(r) + "      verifyImages:\n" + kyverno_verify(site_globs(r), r.site_key_pem);
    if (!r.upstream_keys.empty()) {
        text += "    - name: upstream-signatures\n" + kyverno_match(r) + "      verifyImages:\n";
        for (const UpstreamAuthority& a : r.upstream_keys) {
            text += kyverno_verify(repository_globs(a.repositories), a.pem);
        }
    }
    return text;
}

std::string sigstore_policy(const std::string& name, const std::vector<std::string>& globs,
                            const std::string& authority, const std::string& pem) {
    std::string text = "apiVersion: policy.sigstore.dev/v1beta1\n"
                       "kind: ClusterImagePolicy\n"
                       "metadata:\n"
                       "  name: " +
                       quoted_string(name) +
                       "\n"
                       "spec:\n"
                       "  mode: enforce\n"
                       "  images:\n";
    for (const std::string& glob : globs) {
        text += "    - glob: " + quoted_string(glob) + "\n";
    }
    // No ctlog: policy-controller then skips the transparency log, which
    // the site's signatures are not in.
    text += "  authorities:\n"
            "    - name: " +
            quoted_string(authority) +
            "\n"
            "      key:\n"
            "        hashAlgorithm: sha256\n"
            "        data: " +
            yaml_block(pem, 10);
    return text;
}

std::string sigstore_policies(const PolicyRequest& r) {
    std::string text =
        "# Written by airlock-load policy: admit images of the airlock mirror " + r.mirror.host +
        " only\n"
        "# with the site's signature (airlock-load load --sign-with). policy-controller\n"
        "# enforces in namespaces labelled policy.sigstore.dev/include=true.\n";
    text += sigstore_policy(r.name, site_globs(r), "airlock-site", r.site_key_pem);
    for (const UpstreamAuthority& a : r.upstream_keys) {
        std::string short_id = a.key_id.substr(0, 12);
        text += "---\n# Images the upstream key " + a.key_id +
                " verified when the bundle was built\n# need its signature too.\n" +
                sigstore_policy(r.name + "-upstream-" + short_id, repository_globs(a.repositories),
                                "upstream-" + short_id, a.pem);
    }
    for (const std::string& ns : r.namespaces) {
        text += "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: " + quoted_string(ns) +
                "\n  labels:\n    policy.sigstore.dev/include: \"true\"\n";
    }
    return text;
}

} // namespace

PolicyFormat parse_policy_format(std::string_view text) {
    for (PolicyFormat f : {PolicyFormat::kyverno, PolicyFormat::sigstore}) {
        if (to_string(f) == text) {
            return f;
        }
    }
    fail(ErrorCode::usage, "--format '" + std::string(text) + "': want kyverno or sigstore");
}

std::string_view to_string(PolicyFormat format) {
    switch (format) {
    case PolicyFormat::kyverno:
        return "kyverno";
    case PolicyFormat::sigstore:
        return "sigstore";
    }
    return "unknown";
}

std::vector<std::string> site_globs(const PolicyRequest& request) {
    std::set<std::string> globs;
    const char* any = request.format == PolicyFormat::kyverno ? "*" : "**";
    for (const std::string& upstream : request.upstreams) {
        std::string ns = mirror_namespace(request.mirror, upstream, request.keep_host);
        globs.insert(request.mirror.host + "/" + (ns.empty() ? "" : ns + "/") + any);
    }
    return {globs.begin(), globs.end()};
}

std::string generate_admission_policy(const PolicyRequest& request) {
    check_request(request);
    return request.format == PolicyFormat::kyverno ? kyverno_policy(request)
                                                   : sigstore_policies(request);
}

} // namespace airlock::loader
