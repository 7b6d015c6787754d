// OpenShift: an ImageDigestMirrorSet (pulls by digest) and an
// ImageTagMirrorSet (pulls by tag), both with mirrorSourcePolicy
// NeverContactSource, so a node never falls back to the upstream. The source
// is the upstream host; the mirror is host[:port][/namespace].
#include "loader/mirror/mirror_formats.hpp"

namespace airlock::loader {

namespace {

std::string mirror_set(const MirrorRequest& request, const std::string& kind,
                       const std::string& list) {
    std::string text = "# Written by airlock-load mirror-config: oc apply -f this file.\n"
                       "apiVersion: config.openshift.io/v1\nkind: " +
                       kind + "\nmetadata:\n  name: airlock-mirror\nspec:\n  " + list + ":\n";
    for (const std::string& upstream : request.upstreams) {
        text += "    - source: " + quoted_string(upstream) + "\n      mirrors:\n        - " +
                quoted_string(mirror_location(request, upstream)) +
                "\n      mirrorSourcePolicy: NeverContactSource\n";
    }
    return text;
}

} // namespace

MirrorConfig openshift_mirror_sets(const MirrorRequest& request) {
    MirrorConfig out;
    out.files.push_back({"imagedigestmirrorset.yaml",
                         mirror_set(request, "ImageDigestMirrorSet", "imageDigestMirrors")});
    out.files.push_back(
        {"imagetagmirrorset.yaml", mirror_set(request, "ImageTagMirrorSet", "imageTagMirrors")});
    const MirrorTls& tls = request.tls;
    if (!tls.ca.empty()) {
        out.notes.push_back("openshift: mirror sets name no CA; trust " + tls.ca.string() +
                            " cluster-wide through image.config.openshift.io/cluster "
                            "(spec.additionalTrustedCA)");
    }
    if (!tls.client_cert.empty()) {
        out.notes.push_back("openshift: mirror sets cannot present a client certificate; the "
                            "mirror must accept the nodes without " +
                            tls.client_cert.string());
    }
    if (request.mirror.plain_http) {
        out.notes.push_back("openshift: " + request.mirror.host +
                            " is plain HTTP; list it in image.config.openshift.io/cluster "
                            "spec.registrySources.insecureRegistries");
    }
    return out;
}

} // namespace airlock::loader
