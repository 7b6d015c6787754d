#include "common/core/error.hpp"
#include "loader/commands/commands.hpp"
#include "loader/serve/serve_bundles.hpp"
#include "loader/trust/effective_policy.hpp"

namespace airlock::loader {

void register_serve(CLI::App& app, GlobalOptions& global) {
    struct Flags {
        std::vector<std::string> bundles;
        std::string listen, tls_cert, tls_key, client_ca, prefix, dir, trust;
        std::string state_dir = "/var/lib/airlock";
        std::string access_log = "-";
        bool keep_host = false;
        bool deep = false;
        int max_connections = 512;
        int idle_timeout = 30;
        int io_timeout = 60;
        int threads = 4;
        int dir_interval = 2;
    };
    auto f = std::make_shared<Flags>();
    auto* cmd = app.add_subcommand(
        "serve",
        "Verify bundles exactly as load does, then serve them as a read-only OCI registry "
        "(distribution v1.1 pull API) straight from the bundle files, under the names load "
        "would give them: first boot without a registry. Nothing is served unless every "
        "bundle verifies; every blob is hashed the first time it is sent, and one that no "
        "longer matches its BOM is cut off and never served again. SIGHUP (or a change in "
        "--dir) replaces a bundle with a newer version of the same name; SIGTERM stops after "
        "the responses under way.");
    cmd->add_option("bundle", f->bundles, "Bundle files (or base names of split bundles)");
    cmd->add_option("--listen", f->listen,
                    "ADDRESS:PORT to listen on, e.g. 127.0.0.1:5000, 0.0.0.0:5000, [::1]:5000 "
                    "(port 0 picks a free one)")
        ->required();
    cmd->add_option("--tls-cert", f->tls_cert,
                    "Serve HTTPS (TLS 1.2+) with this PEM certificate chain");
    cmd->add_option("--tls-key", f->tls_key, "The PEM private key of --tls-cert");
    cmd->add_option("--client-ca", f->client_ca,
                    "Require a client certificate issued by this PEM CA (mTLS): a client "
                    "without one is refused at the handshake");
    cmd->add_option("--prefix", f->prefix,
                    "Repository prefix, as load's registry://HOST/PREFIX: images are served as "
                    "PREFIX/<upstream path>");
    cmd->add_flag("--keep-host", f->keep_host,
                  "Keep the upstream host in the path: PREFIX/<upstream host>/<path>");
    cmd->add_option("--dir", f->dir,
                    "Also serve every *.airlock (and split *.airlock.001) in DIR, re-read when "
                    "it changes; copy bundles in under another name and rename them into place");
    cmd->add_option("--dir-interval", f->dir_interval, "Seconds between looks at --dir")
        ->capture_default_str()
        ->check(CLI::Range(1, 3600));
    cmd->add_option("--trust", f->trust,
                    "Extra trust policy: may add keys and raise requirements, never lower them");
    cmd->add_option("--state-dir", f->state_dir,
                    "Loader state: rollback records and trusted time are read (not written); "
                    "audit.jsonl gets start, stop, reloads and blobs that went bad")
        ->capture_default_str();
    cmd->add_option("--access-log", f->access_log,
                    "One JSON line per request (client, certificate subject, method, path, "
                    "status, bytes, seconds): a file, or - for standard output")
        ->capture_default_str();
    cmd->add_flag("--deep", f->deep, "Hash every blob before listening (and every new bundle's)");
    cmd->add_option("--max-connections", f->max_connections,
                    "Open connections at most. When full, a keep-alive connection idle for a "
                    "second is closed for the new client; with none idle, new clients wait in "
                    "the kernel's queue")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    cmd->add_option("--idle-timeout", f->idle_timeout,
                    "Seconds a connection may wait for its next request")
        ->capture_default_str()
        ->check(CLI::Range(1, 86400));
    cmd->add_option("--io-timeout", f->io_timeout,
                    "Seconds a response may make no progress before the connection is closed")
        ->capture_default_str()
        ->check(CLI::Range(1, 86400));
    cmd->add_option("--threads", f->threads, "Server threads")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    cmd->add_flag("-q,--quiet", global.quiet, "Only warnings and errors");
    static constexpr ErrorCode codes[] = {
        ErrorCode::usage,     ErrorCode::spec,      ErrorCode::io,        ErrorCode::network,
        ErrorCode::not_found, ErrorCode::malformed, ErrorCode::integrity, ErrorCode::signature,
        ErrorCode::untrusted, ErrorCode::expired,   ErrorCode::rollback,  ErrorCode::license};
    static constexpr ExitMeaning meanings[] = {
        {ErrorCode::network, "network (the address is taken or cannot be bound)"}};
    cmd->footer(exit_code_help("stopped by SIGTERM or SIGINT", codes, meanings));
    cmd->callback([f, &global] {
        global.run = [f] {
            if (f->bundles.empty() && f->dir.empty()) {
                fail(ErrorCode::usage, "serve: name at least one bundle, or --dir");
            }
            ServeOptions o;
            for (const std::string& b : f->bundles) {
                o.sources.bundles.emplace_back(b);
            }
            if (!f->dir.empty()) {
                o.sources.dir = f->dir;
            }
            o.sources.state_dir = f->state_dir;
            o.sources.trust = runtime_policy(f->trust);
            o.sources.naming = ServeNaming{f->prefix, f->keep_host};
            o.http.listen = f->listen;
            o.http.tls_cert = f->tls_cert;
            o.http.tls_key = f->tls_key;
            o.http.client_ca = f->client_ca;
            o.http.max_connections = f->max_connections;
            o.http.idle_timeout = std::chrono::seconds(f->idle_timeout);
            o.http.io_timeout = std::chrono::seconds(f->io_timeout);
            o.http.threads = f->threads;
            o.deep = f->deep;
            o.access_log = f->access_log;
            o.dir_interval = std::chrono::seconds(f->dir_interval);
            return serve_bundles(o);
        };
    });
}

} // namespace airlock::loader
