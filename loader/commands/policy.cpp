#include "common/io/temp_file.hpp"
#include "common/log/log.hpp"
#include "loader/commands/commands.hpp"
#include "loader/policy/site_policy.hpp"

#include <iostream>

namespace airlock::loader {

void register_policy(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string registry, format, key, out, bundle, trust, state_dir = "/var/lib/airlock";
        std::vector<std::string> namespaces, upstream_keys;
        bool keep_host = false;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "policy",
        "Write an admission policy that admits images of the mirror only with the site's "
        "signature (airlock-load load --sign-with): a Kyverno ClusterPolicy (verifyImages, "
        "mutateDigest, verifyDigest, required, failurePolicy Fail, Enforce) or a Sigstore "
        "policy-controller ClusterImagePolicy. It matches the MIRROR repositories the images "
        "of BUNDLE (verified first), or of every bundle loaded so far, were loaded to, never "
        "the upstream names, so pods must name the mirror. The YAML goes to stdout or --out.");
    cmd->add_option("bundle", f->bundle,
                    "Bundle file (or base name of a split bundle); default: every bundle "
                    "recorded in the loader state");
    cmd->add_option("--format", f->format, "kyverno or sigstore")
        ->required()
        ->check(CLI::IsMember({"kyverno", "sigstore"}));
    cmd->add_option("--registry", f->registry,
                    "The mirror: https://HOST[:PORT][/PREFIX], as given to load --to "
                    "registry://HOST[:PORT][/PREFIX]")
        ->required();
    cmd->add_option("--key", f->key, "The site's public key (PEM), the pair of --sign-with")
        ->required();
    cmd->add_option("--namespaces", f->namespaces,
                    "Enforce only in these namespaces (comma-separated); kyverno: matched by "
                    "the rule, sigstore: labelled policy.sigstore.dev/include=true. Default: "
                    "kyverno every namespace, sigstore the namespaces you label")
        ->delimiter(',');
    cmd->add_option("--upstream-key", f->upstream_keys,
                    "An upstream vendor's public key (PEM; repeatable): the images the BOM "
                    "says it verified at build time need its signature too (a second "
                    "authority); a key that verified none is left out with a note")
        ->delimiter(',');
    cmd->add_flag("--keep-host", f->keep_host,
                  "The mirror was loaded with --keep-host: repositories are "
                  "PREFIX/<upstream host>/<path>");
    cmd->add_option("-o,--out", f->out, "Write the YAML to this file (atomically, 0644)");
    cmd->add_option("--trust", f->trust, "Extra trust policy for verifying BUNDLE");
    cmd->add_option("--state-dir", f->state_dir,
                    "Loader state: rollback records for verifying BUNDLE, and the bundles "
                    "loaded so far")
        ->capture_default_str();
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors and notes");
    cmd->footer("Example: airlock-load policy --format kyverno --registry "
                "https://registry.local:5000/mirror --key site.pub | kubectl apply -f -\n"
                "Exit codes: 0 written, 2 usage, 3 invalid input (not a PEM public key), 4 "
                "I/O, 7 nothing loaded yet, 10-16 BUNDLE failed verification (as `airlock-load "
                "verify`).");
    cmd->callback([f, &global] {
        global.run = [f] {
            SitePolicyOptions o;
            o.registry = f->registry;
            o.format = parse_policy_format(f->format);
            o.key = f->key;
            o.namespaces = f->namespaces;
            o.keep_host = f->keep_host;
            for (const std::string& k : f->upstream_keys) {
                o.upstream_keys.emplace_back(k);
            }
            if (!f->bundle.empty()) {
                o.bundle = f->bundle;
            }
            o.state_dir = f->state_dir;
            if (!f->trust.empty()) {
                o.trust = f->trust;
            }
            SitePolicy p = site_policy(o);
            for (const std::string& note : p.notes) {
                log::warn(note);
            }
            std::string globs;
            for (const std::string& g : p.globs) {
                globs += (globs.empty() ? "" : ", ") + g;
            }
            log::info(std::string(to_string(o.format)) + " policy for " + p.source + ": site key " +
                      p.key_id + " over " + globs);
            if (f->out.empty()) {
                std::cout << p.yaml << std::flush;
            } else {
                write_file_atomic(f->out, p.yaml, 0644);
            }
            return 0;
        };
    });
}

} // namespace airlock::loader
