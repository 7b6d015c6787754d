#include "builder/output/json_output.hpp"
#include "builder/commands/commands.hpp"
#include "builder/sign/sign_bundle.hpp"
#include "common/core/time.hpp"
#include "common/log/log.hpp"
#include "common/log/progress.hpp"

#include <iostream>

namespace airlock::builder {

namespace {

struct SignFlags {
    std::string bundle, key, role, expires = "180d", trust;
};

void add_common_flags(CLI::App* cmd, SignFlags& f, GlobalOptions& global) {
    cmd->add_option("bundle", f.bundle, "Bundle file (or base name of a split bundle)")->required();
    cmd->add_option("--key", f.key, "Signing key (PEM, PKCS#8; Ed25519 or ECDSA P-256)")
        ->required();
    cmd->add_option("--expires", f.expires, "Validity of the new signature: 90d, 12h, ...")
        ->capture_default_str();
    cmd->add_option("--trust", f.trust,
                    "Trust policy the existing signatures are checked against "
                    "(default: the one compiled in)");
    cmd->add_flag("--json", global.json, "Print a JSON summary on stdout");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors and warnings");
}

int run(const SignFlags& f, SignMode mode, const GlobalOptions& global) {
    SignOptions o;
    o.bundle = f.bundle;
    o.key = f.key;
    o.mode = mode;
    o.role = f.role;
    o.expires = parse_duration(f.expires);
    if (!f.trust.empty()) {
        o.trust = f.trust;
    }
    o.progress = !global.quiet && !global.json && Progress::terminal();
    SignResult r = sign_bundle(o);
    if (global.json) {
        std::cout << to_json(r).dump(2) << std::endl;
    } else if (!global.quiet) {
        std::cout << (mode == SignMode::add ? "signed " : "re-signed ") << r.bundle << " ("
                  << r.name << " " << r.version << ") as " << r.role << " with key "
                  << r.key_id.substr(0, 16) << ", valid until " << r.not_after
                  << (r.replaced_not_after.empty() ? "" : " (was " + r.replaced_not_after + ")")
                  << "; " << r.signatures << " signature(s) on the bundle\n"
                  << "payload checked: " << r.payload_bytes << " bytes in " << r.hash_seconds
                  << " s; signing took " << r.sign_seconds << " s\n";
    }
    return 0;
}

} // namespace

void register_sign(CLI::App& app, GlobalOptions& global) {
    auto f = std::make_shared<SignFlags>();
    auto* cmd = app.add_subcommand(
        "sign", "Add a signature to a bundle (e.g. a customer co-signature) in its signature "
                "slot. First hashes the whole payload against the BOM and checks every "
                "existing signature against the trust policy; the payload is never rewritten.");
    add_common_flags(cmd, *f, global);
    cmd->add_option("--role", f->role, "Role the signature claims (vendor, customer, ...)")
        ->required();
    cmd->callback(
        [f, &global] { global.run = [f, &global] { return run(*f, SignMode::add, global); }; });
}

void register_resign(CLI::App& app, GlobalOptions& global) {
    auto f = std::make_shared<SignFlags>();
    auto* cmd = app.add_subcommand(
        "resign", "Replace KEY's signature on a bundle with a fresh validity statement (same "
                  "role, new expiry), e.g. for a stockpiled bundle whose signature expired. "
                  "Same checks as sign; only the signature slot is rewritten, crash-safe.");
    add_common_flags(cmd, *f, global);
    cmd->callback(
        [f, &global] { global.run = [f, &global] { return run(*f, SignMode::refresh, global); }; });
}

} // namespace airlock::builder
