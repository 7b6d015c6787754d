#pragma once
// Checks that an image is signed upstream as the spec's `verify` asks,
// before the build carries it: at least one signature over exactly the
// pinned digest, by a listed key or by the keyless identity under the
// trusted root, or fail closed naming the image and why each signature
// found did not count. Signatures are cosign's tag scheme (".sig" layers)
// and sigstore bundles attached as referrers; common/sign does the checks.
#include "builder/create/attachment_finder.hpp"
#include "builder/spec/spec.hpp"
#include "common/sign/upstream_policy.hpp"

#include <vector>

namespace airlock::builder {

// A spec's `verify`, with its files read (before any registry is contacted).
struct UpstreamRequirement {
    sign::UpstreamPolicy policy;
    std::string where; // the spec line, for messages
    std::string what;  // "key 1ac5…, key 77e0…" or the identity, for messages
};

// Throws Error(spec) or Error(io) naming the file that cannot be used.
UpstreamRequirement load_upstream_requirement(const SpecVerify& verify);

// The signatures among `found` that verify over `subject`. Throws
// Error(signature) when none does (Error(untrusted) when every one that
// was refused was refused for its signer alone), naming `image`, what was
// looked for, and why each signature found did not count.
std::vector<BomProvenance> verify_upstream(const std::string& image, const Digest& subject,
                                           const std::vector<FoundAttachment>& found,
                                           const UpstreamRequirement& requirement);

} // namespace airlock::builder
