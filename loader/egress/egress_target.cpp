#include "loader/egress/egress_target.hpp"

#include "common/core/error.hpp"

#include <algorithm>
#include <arpa/inet.h>
#include <charconv>
#include <netinet/in.h>

namespace airlock::loader {

namespace {

bool is_ipv6_literal(const std::string& host) {
    in6_addr addr{};
    return inet_pton(AF_INET6, host.c_str(), &addr) == 1;
}

// RFC 1123 host names: labels of letters, digits and hyphens, not starting or
// ending with a hyphen, at most 63 characters each and 253 in all. IPv4
// literals are such names too.
bool is_dns_name(std::string_view host) {
    if (host.empty() || host.size() > 253) {
        return false;
    }
    std::size_t start = 0;
    while (start <= host.size()) {
        const std::size_t dot = std::min(host.find('.', start), host.size());
        const std::string_view label = host.substr(start, dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        for (const char c : label) {
            const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return false;
            }
        }
        start = dot + 1;
    }
    return true;
}

[[noreturn]] void bad_entry(std::string_view entry, const std::string& why) {
    fail(ErrorCode::usage, "--hosts: invalid entry '" + std::string(entry) + "': " + why);
}

std::uint16_t parse_port(std::string_view entry, std::string_view text) {
    unsigned port = 0;
    const char* last = text.data() + text.size();
    const std::from_chars_result r = std::from_chars(text.data(), last, port);
    if (r.ec != std::errc{} || r.ptr != last || port == 0 || port > 65535) {
        bad_entry(entry, "the port must be a number from 1 to 65535");
    }
    return static_cast<std::uint16_t>(port);
}

EgressTarget parse_one(std::string_view entry) {
    EgressTarget t;
    if (!entry.empty() && entry.front() == '[') {
        const std::size_t close = entry.find(']');
        if (close == std::string_view::npos) {
            bad_entry(entry, "missing ']'");
        }
        t.host = std::string(entry.substr(1, close - 1));
        const std::string_view rest = entry.substr(close + 1);
        if (!is_ipv6_literal(t.host)) {
            bad_entry(entry, "not an IPv6 address between the brackets");
        }
        if (!rest.empty()) {
            if (rest.front() != ':') {
                bad_entry(entry, "expected ':PORT' after ']'");
            }
            t.port = parse_port(entry, rest.substr(1));
        }
        return t;
    }
    const std::size_t colon = entry.find(':');
    if (colon != std::string_view::npos && entry.find(':', colon + 1) != std::string_view::npos) {
        // Several colons: a bare IPv6 literal, which can carry no port.
        t.host = std::string(entry);
        if (!is_ipv6_literal(t.host)) {
            bad_entry(entry, "neither HOST[:PORT] nor an IPv6 address ('[V6]:PORT' with a port)");
        }
        return t;
    }
    t.host = std::string(entry.substr(0, colon));
    if (!is_dns_name(t.host)) {
        bad_entry(entry, "not a host name or IPv4 address");
    }
    if (colon != std::string_view::npos) {
        t.port = parse_port(entry, entry.substr(colon + 1));
    }
    return t;
}

} // namespace

std::string EgressTarget::str() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::vector<EgressTarget> default_egress_targets() {
    std::vector<EgressTarget> out;
    for (const char* host :
         {"registry-1.docker.io", "quay.io", "gcr.io", "ghcr.io", "registry.k8s.io",
          "us-docker.pkg.dev", "public.ecr.aws", "mcr.microsoft.com"}) {
        out.push_back({host, 443});
    }
    return out;
}

std::vector<EgressTarget> parse_egress_targets(std::string_view list) {
    std::vector<EgressTarget> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = std::min(list.find(',', start), list.size());
        const std::string_view entry = list.substr(start, comma - start);
        if (entry.empty()) {
            fail(ErrorCode::usage, "--hosts: empty entry in '" + std::string(list) + "'");
        }
        EgressTarget t = parse_one(entry);
        if (std::find(out.begin(), out.end(), t) == out.end()) {
            out.push_back(std::move(t));
        }
        if (comma == list.size()) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

} // namespace airlock::loader
