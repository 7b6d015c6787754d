#include "loader/output/json_output.hpp"
#include "common/core/cli_main.hpp"
#include "common/log/audit.hpp"
#include "common/log/log.hpp"
#include "loader/commands/commands.hpp"
#include "loader/resolve/resolver.hpp"
#include "loader/state/state_store.hpp"

#include <iostream>

namespace airlock::loader {

namespace {

struct ResolveFlags {
    std::vector<std::string> refs, fallbacks, token_services;
    std::string registry, authfile, cert_dir, state_dir = "/var/lib/airlock";
    bool keep_host = false;
};

int run_resolve(const ResolveFlags& f, bool json) {
    ResolverOptions o;
    o.mirror = parse_mirror_url(f.registry, "--registry");
    for (const std::string& fb : f.fallbacks) {
        o.fallbacks.push_back(parse_mirror_url(fb, "--fallback"));
    }
    o.keep_host = f.keep_host;
    o.authfile = f.authfile;
    o.cert_dir = f.cert_dir;
    o.token_services = f.token_services;

    StateStore state(f.state_dir);
    AuditLog audit(state.dir() / "audit.jsonl");
    Resolver resolver(o, RecordedImages(state.recorded_boms()));
    std::string contacts;
    for (const std::string& e : resolver.endpoints()) {
        contacts += (contacts.empty() ? "" : ", ") + e;
    }
    log::info("resolve: network endpoints: " + contacts +
              " (never the public upstream); state: " + f.state_dir);

    nlohmann::json out = nlohmann::json::array();
    std::optional<Resolution> first_failure;
    size_t failed = 0;
    for (const std::string& ref : f.refs) {
        Resolution r = resolver.resolve(ref);
        audit.append("resolve", {{"ref", r.canonical},
                                 {"layer", r.layer},
                                 {"outcome", r.ok() ? "ok" : "failed closed"},
                                 {"source", r.source},
                                 {"digest", r.digest ? r.digest->str() : ""},
                                 {"notes", r.notes}});
        if (json) {
            out.push_back(to_json(r));
        } else {
            std::cout << r.to_text() << "\n";
        }
        if (!r.ok()) {
            ++failed;
            if (!first_failure) {
                first_failure = r;
            }
        }
    }
    nlohmann::json document = {{"results", out}};
    if (first_failure) {
        throw ReportedError(first_failure->failure,
                            std::to_string(failed) + " of " + std::to_string(f.refs.size()) +
                                " references not resolved; first: " + first_failure->canonical +
                                " failed closed at layer 3",
                            document);
    }
    if (json) {
        std::cout << document.dump(2) << std::endl;
    }
    return 0;
}

} // namespace

void register_resolve(CLI::App& app, GlobalOptions& global) {
    auto f = std::make_shared<ResolveFlags>();
    auto* cmd = app.add_subcommand(
        "resolve",
        "Say where a node would get each image from, the air-gapped way: layer 1 the local "
        "mirror; layer 2 the --fallback registries, in order, and only for content whose "
        "digest a verified bundle recorded; layer 3 nothing: the reference fails closed. The "
        "public upstream is never contacted. Each answer is written to the audit log.");
    cmd->add_option("refs", f->refs, "Image references, e.g. docker.io/library/nginx:1.27")
        ->required();
    cmd->add_option("--registry", f->registry,
                    "The local mirror: https://HOST[:PORT][/PREFIX] (http:// for plain HTTP), "
                    "as given to load --to")
        ->required();
    cmd->add_option("--fallback", f->fallbacks,
                    "A fallback registry, same form; repeat for several, tried in order");
    cmd->add_flag("--keep-host", f->keep_host,
                  "Repositories are at PREFIX/<upstream host>/<path> (as load --keep-host)");
    cmd->add_option("--authfile", f->authfile, "Registry credentials: a docker config.json");
    cmd->add_option("--cert-dir", f->cert_dir,
                    "TLS material: DIR/<host[:port]>/ca.crt, client.cert, client.key");
    cmd->add_option("--token-service", f->token_services,
                    "HOST:PORT of a token service on another host that may be contacted");
    cmd->add_option("--state-dir", f->state_dir,
                    "Loader state: the BOMs of verified loads (the recorded digests) and "
                    "audit.jsonl")
        ->capture_default_str();
    cmd->add_flag("--json", global.json, "Machine-readable results");
    cmd->add_flag("-q,--quiet", global.quiet, "Only errors");
    cmd->footer("Exit codes: 0 every reference resolved; otherwise the first failure's: 7 not "
                "in the mirror nor any fallback, 11 a registry serves a digest no verified "
                "bundle recorded, 5 network, 6 auth, 2 usage.");
    cmd->callback(
        [f, &global] { global.run = [f, &global] { return run_resolve(*f, global.json); }; });
}

} // namespace airlock::loader
