#pragma once
// Site signatures (`airlock-load load --sign-with SITE.key`): every manifest
// and index of the bundle's images is signed with the site's key in cosign's
// format (common/sign/cosign_signature_image.hpp) under "sha256-<hex>.sig"
// beside it, the payload naming the repository the image is pulled from at
// the site. Admission control can then require "came through a verified
// airlock load". The load signs after every manifest and attachment is in
// and before the image's tags, so a tag never names an unsigned image.
//
// Signatures already there are kept: a new one is a layer appended to the
// .sig manifest, and a .sig that already holds this key's signature over the
// same payload is left as it is, so re-loading signs nothing twice.
#include "common/sign/cosign_signature_image.hpp"
#include "common/sign/keys.hpp"
#include "common/transport/destination.hpp"
#include "loader/load/load_plan.hpp"

#include <optional>
#include <vector>

namespace airlock::loader {

// The .sig manifest to write so that it holds `key`'s signature over
// `payload` after every layer of `current` (the manifest the .sig tag names
// now, if any): nullopt when `current` already holds it. A `current` that is
// not an image manifest is replaced (logged): cosign cannot read it either.
struct SignatureWrite {
    sign::CosignSignatureLayer layer;
    sign::CosignSignatureImage image;
};
std::optional<SignatureWrite> plan_site_signature(const std::optional<RawManifest>& current,
                                                  const PlannedSignature& planned,
                                                  const sign::PrivateKey& key);

// Brings `planned` into `destination`: reads the .sig tag, and unless it holds
// the signature already puts the payload, config and manifest and tags it.
// Returns the manifest written, or nullopt when nothing was.
std::optional<RawManifest> write_site_signature(Destination& destination,
                                                const PlannedSignature& planned,
                                                const sign::PrivateKey& key);

// True when `name` in `repo` already names a manifest holding every layer of
// `planned` (an upstream signature the site signed beside, by appending): an
// attachment tag then stays, so re-loading does not drop the site's layers.
bool holds_layers_of(Destination& destination, const std::string& repo, const std::string& name,
                     const RawManifest& planned);

} // namespace airlock::loader
