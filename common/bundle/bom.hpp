#pragma once
// The bill of materials (airlock/bom.json): what a bundle holds, bound by the
// signatures. Its exact bytes are signed, so it is serialised once and those
// bytes are carried; parse() is strict because the loader reads it from an
// untrusted file (before the signature is known good, only to find the slot).
#include "common/digest/digest.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace airlock {

inline constexpr std::string_view bom_media_type = "application/vnd.airlock.bom.v1+json";

struct BomBlob {
    Digest digest;
    std::int64_t size = 0;
    std::string media_type;
};

// Something upstream attached to an image or one of its child manifests:
// a cosign tag-scheme artifact ("sha256-<hex>.sig", ".att", ".sbom") or an
// OCI 1.1 referrer (a manifest whose subject is the image). Its manifest and
// blobs are ordinary blobs of the bundle.
struct BomAttachment {
    std::string kind;          // "signature", "attestation", "sbom" or "referrer"
    Digest subject;            // the manifest or index it is attached to
    Digest digest;             // its manifest
    std::int64_t size = 0;     // of its manifest
    std::string media_type;    // of its manifest
    std::string artifact_type; // empty when it has none
    std::string tag;           // the cosign tag; empty for referrers
};

// Which upstream signature made an image count as verified, and by whom.
struct BomProvenance {
    Digest subject;       // the manifest or index the signature is about
    Digest signature;     // the attachment (manifest) holding it
    std::string format;   // "cosign" (simple signing) or "sigstore-bundle"
    std::string key;      // key id (sha256 of the DER SPKI) when a key verified it
    std::string issuer;   // keyless: the OIDC issuer
    std::string identity; // keyless: the certificate's subject (email or URI)
};

struct BomImage {
    std::string ref;    // canonical reference as the spec names it (normalised)
    std::string source; // where it was pulled from when a mirror was used, else empty
    Digest digest;      // the top-level manifest or index carried in the bundle
    std::optional<Digest> upstream_digest; // set when the index was rewritten (platform filter)
    std::string media_type;
    std::vector<std::string> platforms; // platforms kept
    std::vector<Digest> manifests;      // child manifests kept (indexes only)
    std::vector<std::string> used_by;   // charts / manifests that reference it
    std::vector<BomAttachment> attachments;
    std::vector<BomProvenance> provenance; // empty when the spec asked for no verification
};

struct BomFile {
    std::string name; // path inside the bundle's logical file tree
    Digest digest;
    std::int64_t size = 0;
    std::string media_type;
};

// A Helm chart, carried as the OCI artifact `helm push` makes: its manifest,
// config and chart archive are blobs of the bundle.
struct BomChart {
    std::string name;
    std::string version;
    std::string source;     // where it was vendored from: a path, a URL or an oci:// reference
    std::string repository; // its path in the target, under the prefix ("charts/<name>")
    std::string tag;        // the version, '+' written '_'
    Digest digest;          // its OCI manifest
    std::string media_type;
    std::vector<BomFile> values; // the values files the build used, carried as blobs
};

// A reference the sweep found and sweep.allow let stay out of the bundle.
struct BomAllowed {
    std::string ref;
    std::vector<std::string> used_by;
};

// What the loader must check before it loads the bundle (the BOM's
// "requires").
struct BomRequirements {
    std::string license; // product whose license must be stored; empty: none
    // Requirements this version cannot check, by name, each with its value as
    // compact JSON text so the BOM re-serializes unchanged. The loader
    // refuses a bundle that has any: it fails closed.
    std::map<std::string, std::string> unchecked;
};

// A bundle a delta builds on, as its BOM names it.
struct BomBaseBundle {
    std::string name;
    std::string version;
    Digest bom_digest;
};

// What a delta bundle leaves out: the bundles it builds on, and every blob
// its content needs that it does not carry (each must be at the site before
// the loader writes anything).
struct BomBase {
    std::vector<BomBaseBundle> bundles;
    std::vector<BomBlob> blobs;
};

struct Bom {
    std::string name;
    std::string version;
    std::string created;
    std::string builder;
    std::vector<std::string> platforms; // platforms requested, empty = all
    std::vector<BomImage> images;
    std::vector<BomChart> charts;
    std::vector<BomFile> manifests; // Kubernetes YAML, named "manifests/<path>"
    std::vector<BomFile> files;
    std::vector<BomAllowed> allowed;
    std::vector<BomFile> sboms; // the bundle's own SBOMs, named "sbom/<format>.json"
    BomBlob layout;             // index.json
    std::vector<BomBlob> blobs;
    BomRequirements requirements;
    std::optional<BomBase> base; // delta bundles only

    nlohmann::json to_json() const;
    // The bytes that go into the bundle and are signed.
    std::string serialize() const;
    // Strict parse; Error(malformed) naming the field on any problem.
    static Bom parse(const std::string& bytes);

    std::uint64_t payload_bytes() const;
    // The blob of that digest the content needs, carried or left to the base.
    const BomBlob* find_needed(const Digest& digest) const;
};

} // namespace airlock
