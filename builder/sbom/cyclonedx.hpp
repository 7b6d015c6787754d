#pragma once
// The bundle's SBOM as a CycloneDX 1.6 JSON document: the bundle is
// metadata.component; images (type container, pkg:oci purls), their kept
// platform manifests and operating-system packages (nested components, with
// purls, licenses as the database names them), charts, manifests and files
// (with SHA-256 hashes); dependencies bundle -> artifacts, image -> platform
// manifests -> packages; upstream SBOM attachments as the image's external
// references of type "bom".
//
// Deterministic: components are sorted, and the serial number is a UUID made
// from the hash of the rest of the document, so the same input always gives
// the same bytes. The only time in it is the bundle's `created`.
#include "builder/sbom/sbom_model.hpp"

#include <string>

namespace airlock::sbom {

inline constexpr std::string_view cyclonedx_media_type = "application/vnd.cyclonedx+json";

// The document, indented, ending in a newline.
std::string cyclonedx_json(const SbomDocument& document);

} // namespace airlock::sbom
