#pragma once
// What probe-egress contacts: host and TCP port pairs, nothing else. The
// default list is the public registries a site's images come from; an
// air-gapped site should reach none of them.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::loader {

struct EgressTarget {
    std::string host; // a DNS name or an IP literal (IPv6 without brackets)
    std::uint16_t port = 443;

    // "host:port", "[v6]:port" for IPv6 literals.
    std::string str() const;
    bool operator==(const EgressTarget&) const = default;
};

// registry-1.docker.io, quay.io, gcr.io, ghcr.io, registry.k8s.io,
// us-docker.pkg.dev, public.ecr.aws, mcr.microsoft.com, all on port 443.
std::vector<EgressTarget> default_egress_targets();

// "HOST[:PORT],..." ("[::1]:8443" for IPv6 with a port). Duplicates are kept
// once, in first-seen order. Error(usage) naming the entry for an empty
// list or entry, a port outside 1-65535, or a host that is neither a DNS
// name nor an IP literal (no schemes, paths, users or spaces).
std::vector<EgressTarget> parse_egress_targets(std::string_view list);

} // namespace airlock::loader
