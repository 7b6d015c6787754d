#pragma once
// Checks that an image is signed upstream as the spec's `verify` asks,
// before the build carries it: at least one signature over exactly the
// pinned digest by a listed key, or fail closed naming the image and why
// each signature found did not count.
#include "builder/create/attachment_finder.hpp"
#include "builder/spec/spec.hpp"
#include "common/sign/keys.hpp"

#include <vector>

namespace airlock::builder {

// A spec's `verify`, with its files read (before any registry is contacted).
struct UpstreamPolicy {
    std::vector<sign::PublicKey> keys;
    std::string where; // the spec line, for messages
};

// Throws Error(spec) or Error(io) naming the key file that cannot be used.
UpstreamPolicy load_upstream_policy(const SpecVerify& verify);

// The signatures among `found` that verify over `subject` under `policy`.
// Throws Error(signature) when there is none: the message names `image`,
// what was looked for, and for each signature found why it did not count.
std::vector<BomProvenance> verify_upstream(const std::string& image, const Digest& subject,
                                           const std::vector<FoundAttachment>& found,
                                           const UpstreamPolicy& policy);

} // namespace airlock::builder
