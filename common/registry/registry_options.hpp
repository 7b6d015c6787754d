#pragma once
// How airlock talks to registries: credentials, TLS material, plain-HTTP
// exceptions and the retry budget. Mirrors the --authfile, --cert-dir and
// --plain-http flags.
#include <chrono>
#include <string>
#include <vector>

namespace airlock {

struct RegistryOptions {
    // A docker config.json; its "auths" map supplies username/password per host.
    std::string authfile;
    // docker/containerd layout: DIR/<host[:port]>/{ca.crt,*.crt,client.cert,client.key}.
    std::string cert_dir;
    // Hosts spoken to over plain HTTP: "host:port" matches exactly, "host" matches any port.
    std::vector<std::string> plain_http_hosts;
    // Retries after the first attempt for connection errors, timeouts, 5xx and 429.
    int max_retries = 5;
    std::chrono::milliseconds initial_backoff{200};
    // The loader's no-egress rule: the proxy environment variables are
    // ignored, redirects are not followed, and a token service is contacted
    // only on the registry's own host:port or one listed in token_hosts
    // ("host:port"). The endpoints are the ones announced, and no registry
    // (or stray https_proxy) can add others.
    bool announced_endpoints_only = false;
    std::vector<std::string> token_hosts;
    // Empty means "airlock/<version>".
    std::string user_agent;
};

} // namespace airlock
