#pragma once
// What a bundle's SBOM describes, in the terms of its BOM
// (common/bundle/bom.hpp): the wiring in `create` fills it from the Bom and
// the layer scans, and the writers (cyclonedx.hpp, spdx.hpp) turn it into
// documents. Plain data; the writers sort what they print, so the order the
// vectors are filled in does not change the output.
#include "builder/sbom/image_packages.hpp"
#include "common/digest/digest.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::sbom {

// An artifact upstream attached to an image that is itself an SBOM (a
// BomAttachment for which is_sbom_attachment() holds), referenced from the
// image; its manifest and blobs are bundle blobs. Fields as BomAttachment's.
struct SbomAttachment {
    std::string kind;          // "sbom" (cosign tag) or "referrer"
    Digest subject;            // the image or platform manifest it describes
    Digest digest;             // its manifest
    std::int64_t size = 0;     // of its manifest
    std::string media_type;    // of its manifest
    std::string artifact_type; // e.g. "application/spdx+json"; may be empty
    std::string tag;           // the cosign tag; empty for referrers
};

// Whether an attachment of this kind and artifact type is an SBOM: cosign's
// ".sbom" tags, and referrers whose artifact type names SPDX or CycloneDX.
bool is_sbom_attachment(std::string_view kind, std::string_view artifact_type);

// One platform manifest an image keeps, with what its layers hold.
struct SbomPlatformImage {
    Digest digest;        // the manifest
    std::string platform; // "linux/amd64", "linux/arm64/v8"
    ImagePackages packages;
};

struct SbomImage {
    std::string ref;        // BomImage::ref
    std::string repository; // "docker.io/library/nginx": the reference without tag or digest
    std::string tag;        // "1.27"; empty when pinned by digest only
    Digest digest;          // BomImage::digest (index or manifest)
    std::string media_type; // BomImage::media_type
    // The kept platform manifests. For an image that is a single manifest,
    // one entry whose digest is the image's digest.
    std::vector<SbomPlatformImage> platforms;
    std::vector<SbomAttachment> sboms;
};

// A chart (BomChart), a manifest or a file (BomFile).
struct SbomArtifact {
    std::string name;
    std::string version; // charts only
    Digest digest;
    std::int64_t size = 0;
    std::string media_type;
};

struct SbomDocument {
    std::string name;    // Bom::name
    std::string version; // Bom::version
    std::string created; // Bom::created, RFC 3339 UTC ("2025-01-02T03:04:05Z")
    std::string builder; // Bom::builder, the tool that made the bundle
    std::vector<SbomImage> images;
    std::vector<SbomArtifact> charts;
    std::vector<SbomArtifact> manifests;
    std::vector<SbomArtifact> files;
};

// The repository and tag parts of an image reference: "host/path:tag@digest"
// -> {"host/path", "tag"}. A helper for filling SbomImage from BomImage::ref.
struct RepositoryTag {
    std::string repository;
    std::string tag;
};
RepositoryTag split_image_ref(std::string_view ref);

// A purl for an OCI image or manifest: pkg:oci/<last path segment>@<digest>
// ?arch=..&repository_url=<repository>&tag=...
std::string oci_purl(std::string_view repository, const Digest& digest, std::string_view tag,
                     std::string_view arch = {});

// A UUID formatted from the first 16 bytes of sha256(`seed`), with the
// version nibble 5 and the RFC 4122 variant (a name-based UUID with SHA-256
// in place of SHA-1): the same seed always gives the same identifier.
std::string uuid_from_seed(std::string_view seed);

} // namespace airlock::sbom
