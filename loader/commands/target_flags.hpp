#pragma once
// The flags every command that talks to a target registry shares (load,
// verify --to, receipt), said once so they read the same everywhere.
#include "loader/load/target.hpp"

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace airlock::loader {

struct TargetFlags {
    std::string authfile, cert_dir;
    std::vector<std::string> token_services;
    bool plain_http = false;
    bool keep_host = false;
};

// --authfile, --cert-dir, --plain-http, --token-service; and --keep-host
// for commands that place images.
inline void add_target_flags(CLI::App* cmd, TargetFlags& f, bool placement) {
    if (placement) {
        cmd->add_flag("--keep-host", f.keep_host,
                      "Registry targets: keep the upstream host in the path, "
                      "PREFIX/<upstream host>/<path> (docker.io/library/nginx)");
    }
    cmd->add_option("--authfile", f.authfile,
                    "Registry credentials: a docker config.json (Basic and token auth)");
    cmd->add_option("--cert-dir", f.cert_dir,
                    "TLS material in the docker/containerd layout: DIR/<host[:port]>/ca.crt, "
                    "client.cert, client.key");
    cmd->add_flag("--plain-http", f.plain_http,
                  "Speak plain HTTP to the registry (loopback or a trusted segment only)");
    cmd->add_option("--token-service", f.token_services,
                    "HOST:PORT of a token service on another host than the registry, which "
                    "may then be contacted (nothing is contacted that was not announced)");
}

inline DestinationOptions destination_options(const TargetFlags& f) {
    DestinationOptions o;
    o.keep_host = f.keep_host;
    o.plain_http = f.plain_http;
    o.authfile = f.authfile;
    o.cert_dir = f.cert_dir;
    o.token_services = f.token_services;
    return o;
}

} // namespace airlock::loader
