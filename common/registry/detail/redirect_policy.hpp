#pragma once
// Private to common/registry: where a registry may send the client. Under
// the loader's no-egress rule (RegistryOptions::announced_endpoints_only) a
// redirect is not followed but reported, and in every mode an upload
// location must stay on the registry that handed it out.
#include "common/registry/detail/call.hpp"

#include <string>

namespace airlock {

// Sets how the transfer itself treats redirects: followed unless only the
// announced endpoints may be contacted, and to plain http only from plain http.
void apply_redirect_policy(HttpRequest& request, const Call& call, bool announced_endpoints_only);

// Error(network) for a 3xx that the no-egress rule does not follow.
[[noreturn]] void refuse_redirect(const Call& call, const HeaderList& headers);

// The URL a Location header names, resolved against `call`'s registry.
// Error(network) when it is missing or leaves that registry (another host,
// port or scheme): the client contacts only the endpoints it was given.
std::string resolve_location(const Call& call, const std::string& location);

} // namespace airlock
