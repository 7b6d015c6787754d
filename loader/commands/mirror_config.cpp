#include "loader/commands/commands.hpp"
#include "loader/mirror/configure_mirror.hpp"
#include "loader/output/json_output.hpp"

#include <iostream>

namespace airlock::loader {

void register_mirror_config(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string registry, format, out, bundle, trust, state_dir = "/var/lib/airlock";
        std::string ca, client_cert, client_key;
        std::string ca_secret, ca_secret_key = "ca.crt", client_secret;
        bool keep_host = false, allow_upstream = false;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "mirror-config",
        "Write node configuration that sends every pull of the upstream registries named by "
        "BUNDLE's images (verified first), or without BUNDLE by every bundle loaded so far, to "
        "the mirror that `airlock-load load` filled. Nodes keep using the canonical names "
        "(docker.io/library/nginx:1.27); the repository mapping is the loader's: "
        "PREFIX/<path>, or PREFIX/<upstream host>/<path> with --keep-host. Files are written "
        "atomically (mode 0644); TLS files are referenced by absolute path, never copied.");
    cmd->add_option("bundle", f->bundle,
                    "Bundle file (or base name of a split bundle); default: every bundle "
                    "recorded in the loader state");
    cmd->add_option("--registry", f->registry,
                    "The mirror: https://HOST[:PORT][/PREFIX] or http://HOST[:PORT][/PREFIX], "
                    "as given to load --to registry://HOST[:PORT][/PREFIX]")
        ->required();
    cmd->add_option(
           "--format", f->format,
           "containerd: OUT/<upstream host>/hosts.toml (containerd config_path, ctr "
           "--hosts-dir); crio: OUT/registries.conf, a registries.conf.d drop-in for CRI-O, "
           "podman and skopeo (TLS files go in /etc/containers/certs.d/HOST/); k3s: "
           "OUT/registries.yaml for k3s and RKE2; openshift: OUT/imagedigestmirrorset.yaml and "
           "OUT/imagetagmirrorset.yaml (mirrorSourcePolicy NeverContactSource); capi: "
           "OUT/kubeadmconfigtemplate.yaml, a Cluster API KubeadmConfigTemplate writing the "
           "containerd hosts.toml files, TLS files from Secrets, containerd restarted")
        ->required()
        ->check(CLI::IsMember({"containerd", "crio", "k3s", "openshift", "capi"}));
    cmd->add_option("--out", f->out, "Output directory (created when absent)")->required();
    cmd->add_flag("--keep-host", f->keep_host,
                  "The mirror was loaded with --keep-host: repositories are "
                  "PREFIX/<upstream host>/<path> (':' in the host as '_')");
    cmd->add_option("--ca", f->ca, "CA certificate (PEM) that signed the mirror's certificate");
    auto* cert = cmd->add_option("--client-cert", f->client_cert,
                                 "Client certificate (PEM) for a mirror that asks for one");
    auto* key = cmd->add_option("--client-key", f->client_key, "The client certificate's key");
    cert->needs(key);
    key->needs(cert);
    cmd->add_option("--ca-secret", f->ca_secret,
                    "capi: the Secret (management cluster, the template's namespace) holding "
                    "the mirror's CA certificate; nodes get it through contentFrom");
    cmd->add_option("--ca-secret-key", f->ca_secret_key, "capi: its key")->capture_default_str();
    cmd->add_option("--client-secret", f->client_secret,
                    "capi: a kubernetes.io/tls Secret (tls.crt, tls.key) with the client "
                    "certificate for a mirror that asks for one");
    cmd->add_flag(
        "--allow-upstream", f->allow_upstream,
        "Let nodes fall back to the upstream registry for images the mirror lacks. Without "
        "it (the default) the configuration fails closed: containerd's `server` is the "
        "mirror; crio entries get `blocked = true` (containers/image, as of skopeo 1.9, still "
        "uses the mirrors of a blocked entry); openshift is always NeverContactSource; k3s: "
        "registries.yaml cannot say it, start k3s with --disable-default-registry-endpoint");
    cmd->add_option("--trust", f->trust,
                    "Extra trust policy for verifying BUNDLE: may add keys and raise "
                    "requirements, never lower them");
    cmd->add_option("--state-dir", f->state_dir,
                    "Loader state: rollback records for verifying BUNDLE, and the bundles "
                    "loaded so far")
        ->capture_default_str();
    cmd->add_flag("--json", global.json, "Machine-readable summary");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors and notes");
    cmd->footer("Example: airlock-load mirror-config --registry https://registry.local:5000/mirror "
                "--format containerd --ca /etc/airlock/ca.crt --out /etc/containerd/certs.d\n"
                "(then point containerd's registry config_path at /etc/containerd/certs.d)\n"
                "Exit codes: 0 written, 2 usage (bad URL, --client-cert without --client-key), "
                "3 invalid input (a TLS file missing), 4 I/O, 7 nothing to mirror (no bundle "
                "loaded yet), 10-16 BUNDLE failed verification (as `airlock-load verify`).");
    cmd->callback([f, &global] {
        global.run = [f, &global] {
            ConfigureMirrorOptions o;
            o.registry = f->registry;
            o.format = parse_mirror_format(f->format);
            o.out_dir = f->out;
            o.keep_host = f->keep_host;
            o.block_upstream = !f->allow_upstream;
            o.tls = MirrorTls{f->ca, f->client_cert, f->client_key};
            if (!f->ca_secret.empty()) {
                o.capi.ca = MirrorSecretKey{f->ca_secret, f->ca_secret_key};
            }
            if (!f->client_secret.empty()) {
                o.capi.client_cert = MirrorSecretKey{f->client_secret, "tls.crt"};
                o.capi.client_key = MirrorSecretKey{f->client_secret, "tls.key"};
            }
            if (!f->bundle.empty()) {
                o.bundle = f->bundle;
            }
            o.state_dir = f->state_dir;
            if (!f->trust.empty()) {
                o.trust = f->trust;
            }
            ConfigureMirrorSummary s = configure_mirror(o);
            if (global.json) {
                std::cout << to_json(s).dump(2) << std::endl;
            } else if (!global.quiet) {
                std::cout << s.to_text();
            }
            return 0;
        };
    });
}

} // namespace airlock::loader
