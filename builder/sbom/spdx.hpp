#pragma once
// The bundle's SBOM as an SPDX 2.3 JSON document: one package for the
// bundle (DESCRIBES), one per image, platform manifest, operating-system
// package, chart, manifest, file and upstream SBOM attachment, each with
// SHA-256 checksums and purls (externalRefs PACKAGE-MANAGER); relationships
// bundle CONTAINS artifacts, image CONTAINS platform manifests, image or
// platform manifest DEPENDS_ON its packages, and DESCRIBED_BY its upstream
// SBOMs. Licenses from package databases are not always SPDX expressions,
// so they are given as licenseComments with licenseDeclared NOASSERTION.
//
// Deterministic like the CycloneDX writer: sorted, and the document
// namespace ends in a UUID made from the hash of the rest of the document.
#include "builder/sbom/sbom_model.hpp"

#include <string>

namespace airlock::sbom {

inline constexpr std::string_view spdx_media_type = "application/spdx+json";

std::string spdx_json(const SbomDocument& document);

} // namespace airlock::sbom
