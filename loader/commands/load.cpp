#include "common/core/error.hpp"
#include "common/core/units.hpp"
#include "common/log/progress.hpp"
#include "loader/commands/commands.hpp"
#include "loader/commands/target_flags.hpp"
#include "loader/load/load_bundle.hpp"
#include "loader/output/json_output.hpp"

#include <iostream>

namespace airlock::loader {

void register_load(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::string bundle, to, trust, sign_with, state_dir = "/var/lib/airlock";
        std::string chunk_size = "64MiB";
        TargetFlags target;
        int jobs = 4;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "load", "Verify a bundle, then copy its images into a registry or an OCI layout "
                "directory. Nothing is written unless verification passes; every blob is checked "
                "against the BOM while it streams and committed only when it matches; manifests "
                "follow their blobs and tags come last. Re-running is safe: content already "
                "present is skipped, and an interrupted load resumes.");
    cmd->add_option("bundle", f->bundle, "Bundle file (or base name of a split bundle)")
        ->required();
    cmd->add_option(
           "--to", f->to,
           "Destination: oci:DIR (an OCI image layout; images are named by their full "
           "reference, e.g. skopeo inspect oci:DIR:REF) or registry://HOST[:PORT][/PREFIX] "
           "(images go to PREFIX/<upstream path>, e.g. docker.io/library/nginx:1.27 to "
           "PREFIX/library/nginx:1.27, the path containerd's hosts.toml mirrors ask for)")
        ->required();
    add_target_flags(cmd, f->target, true);
    cmd->add_option("--jobs", f->jobs, "Blobs uploaded at once")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));
    cmd->add_option("--chunk-size", f->chunk_size,
                    "Registry targets: the largest request body. Blobs up to 4MiB (and up to "
                    "this size) go in one request; larger ones are streamed in PATCH requests "
                    "of at most this size. Lower it for proxies that limit request bodies")
        ->capture_default_str();
    cmd->add_option("--trust", f->trust,
                    "Extra trust policy: may add keys and raise requirements, never lower them");
    cmd->add_option("--sign-with", f->sign_with,
                    "Site key (PEM PKCS#8, Ed25519 or ECDSA P-256, as `airlock-build keys "
                    "generate` writes): sign every manifest and index of the bundle's images in "
                    "cosign's format (tag sha256-<hex>.sig beside it, payload naming the "
                    "repository it is pulled from here), before the images' tags. What this key "
                    "signed already is not signed again");
    cmd->add_option("--state-dir", f->state_dir,
                    "Loader state: rollback records, trusted time, resume journal, audit.jsonl")
        ->capture_default_str();
    cmd->add_flag("--json", global.json, "Print a machine-readable summary");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors");
    static constexpr ErrorCode codes[] = {
        ErrorCode::usage,     ErrorCode::spec,      ErrorCode::io,        ErrorCode::network,
        ErrorCode::auth,      ErrorCode::malformed, ErrorCode::integrity, ErrorCode::signature,
        ErrorCode::untrusted, ErrorCode::expired,   ErrorCode::rollback,  ErrorCode::license,
        ErrorCode::base};
    static constexpr ExitMeaning meanings[] = {
        {ErrorCode::integrity, "integrity (a blob does not match the BOM)"}};
    cmd->footer(exit_code_help("loaded", codes, meanings));
    cmd->callback([f, &global] {
        global.run = [f, &global] {
            LoadOptions o;
            o.bundle = f->bundle;
            o.target = f->to;
            if (!f->trust.empty()) {
                o.trust = f->trust;
            }
            o.state_dir = f->state_dir;
            if (!f->sign_with.empty()) {
                o.sign_with = f->sign_with;
            }
            o.jobs = f->jobs;
            o.destination = destination_options(f->target);
            o.destination.chunk_size = parse_size(f->chunk_size);
            o.progress = !global.quiet && !global.json && Progress::terminal();
            LoadSummary s = load_bundle(o);
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
