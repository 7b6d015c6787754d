#include "builder/commands/commands.hpp"
#include "builder/create/create_bundle.hpp"
#include "builder/output/json_output.hpp"
#include "common/core/time.hpp"
#include "common/core/units.hpp"
#include "common/log/log.hpp"
#include "common/log/progress.hpp"

#include <iostream>

namespace airlock::builder {

void register_create(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string spec, output, key, role = "vendor", expires = "180d", split, cache,
                                       sbom = "cyclonedx";
        std::vector<std::string> platforms, plain_http, mirrors, trust_updates, bases;
        std::string authfile, cert_dir;
        int jobs = 4;
        bool add_swept = false;
    };
    auto flags = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "create",
        "Build a signed bundle from a spec: vendor its charts as OCI artifacts, sweep its "
        "charts and manifests for images (an image they use that images: lacks fails "
        "the build), resolve every image to a digest, fetch every blob once, verify "
        "it, sign the bill of materials.");
    cmd->add_option("spec", flags->spec, "Bundle spec (YAML, see schemas/spec.schema.json)")
        ->required();
    cmd->add_option("-o,--output", flags->output,
                    "Bundle file to write (volumes OUT.001... with --split)")
        ->required();
    cmd->add_option("--key", flags->key, "Signing key (PEM, PKCS#8; Ed25519 or ECDSA P-256)")
        ->required();
    cmd->add_option("--role", flags->role, "Role the signature claims")->capture_default_str();
    cmd->add_option("--expires", flags->expires, "Validity of the signature: 180d, 12h, ...")
        ->capture_default_str();
    cmd->add_option("--platform", flags->platforms,
                    "Keep only this platform (os/arch[/variant]); repeatable; overrides the spec");
    cmd->add_option("--split", flags->split, "Split into volumes of this size (4GiB, 700MiB, ...)");
    cmd->add_option("--cache", flags->cache,
                    "Cache directory: a re-run reuses blobs fetched before, and the SBOM package "
                    "scan of every layer scanned before (no layer is decompressed twice)");
    cmd->add_option("--jobs", flags->jobs, "Parallel blob fetches")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    cmd->add_option("--authfile", flags->authfile, "Registry credentials (docker config.json)");
    cmd->add_option("--cert-dir", flags->cert_dir,
                    "TLS material: DIR/<host[:port]>/{ca.crt,client.cert,client.key}");
    cmd->add_option("--plain-http", flags->plain_http,
                    "Talk plain HTTP to this registry host[:port]; repeatable");
    cmd->add_option("--mirror", flags->mirrors,
                    "Pull UPSTREAM through HOST[:PORT][/PREFIX] (e.g. docker.io=127.0.0.1:5001); "
                    "the BOM keeps the canonical reference; repeatable");
    cmd->add_flag("--add-swept", flags->add_swept,
                  "Add the images that the charts and manifests use but images: lacks, "
                  "instead of failing the build (see find-images)");
    cmd->add_option("--trust-update", flags->trust_updates,
                    "Signed trust-policy update (airlock-build trust sign) to carry: loaders "
                    "adopt it before checking this bundle's signatures; repeatable");
    cmd->add_option("--sbom", flags->sbom,
                    "The bundle's own SBOM, made from the layers as they are written: "
                    "cyclonedx (1.6 JSON), spdx (2.3 JSON), all or none")
        ->check(CLI::IsMember({"cyclonedx", "spdx", "all", "none"}))
        ->capture_default_str();
    cmd->add_option("--base", flags->bases,
                    "Make a delta: leave out every blob this bundle, BOM (inspect --bom) or "
                    "site receipt (airlock-load receipt) lists; the loader checks they are at "
                    "the site before it writes anything; repeatable");
    cmd->add_flag("--json", global.json, "Print a JSON summary on stdout");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors and warnings");
    cmd->add_flag("-v,--verbose", global.verbose, "Debug output");
    cmd->callback([flags, &global] {
        global.run = [flags, &global] {
            CreateOptions o;
            o.spec = flags->spec;
            o.output = flags->output;
            o.key = flags->key;
            o.role = flags->role;
            o.expires = parse_duration(flags->expires);
            o.platforms = flags->platforms;
            o.split_size = flags->split.empty() ? 0 : parse_size(flags->split);
            o.cache_dir = flags->cache;
            o.jobs = flags->jobs;
            o.add_swept = flags->add_swept;
            o.sbom = flags->sbom;
            o.trust_updates.assign(flags->trust_updates.begin(), flags->trust_updates.end());
            o.bases.assign(flags->bases.begin(), flags->bases.end());
            o.registry.authfile = flags->authfile;
            o.registry.cert_dir = flags->cert_dir;
            o.registry.plain_http_hosts = flags->plain_http;
            for (const auto& m : flags->mirrors) {
                o.mirrors.insert(parse_mirror(m));
            }
            o.progress = !global.quiet && !global.json && Progress::terminal();
            CreateResult r = create_bundle(o);
            if (global.json) {
                std::cout << to_json(r).dump(2) << std::endl;
            } else {
                log::info(
                    "wrote " + r.name + " " + r.version + ": " + std::to_string(r.images) +
                    " images, " + std::to_string(r.charts) + " charts, " +
                    std::to_string(r.manifests) + " manifests, " + std::to_string(r.blobs) +
                    " blobs" +
                    (r.bases.empty()
                         ? std::string()
                         : " (delta: " + std::to_string(r.omitted_blobs) + " left to the base)") +
                    ", " + human_bytes(r.bundle_bytes) + " in " + std::to_string(r.volumes.size()) +
                    " file(s), signed by " + r.key_id.substr(0, 16) + " (" +
                    std::to_string(static_cast<int>(r.seconds)) + "s)");
            }
            return 0;
        };
    });
}

} // namespace airlock::builder
