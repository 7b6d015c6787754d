#pragma once
// The BundleSpec document (DESIGN.md, "The spec"): what one bundle carries.
//
// Parsing checks shape, names, versions, references and platforms, and that
// every local path exists; it contacts no registry and reads no file besides
// the spec. schemas/spec.schema.json describes the same document; the two
// must change together.
//
// Every entry keeps `where` ("spec.yaml:12") so later stages can point at
// the line that asked for it.
#include "common/oci/model.hpp"
#include "common/reference/reference.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::builder {

inline constexpr std::string_view spec_api_version = "airlock.dev/v1";
inline constexpr std::string_view spec_kind = "BundleSpec";

struct SpecMetadata {
    std::string name;        // DNS label: [a-z0-9]([-a-z0-9]*[a-z0-9])?, at most 63
    std::string version;     // SemVer 2.0
    std::string description; // empty when absent
};

// What upstream attached to an image the bundle carries: everything (cosign
// signatures, attestations, SBOMs and OCI referrers), only signatures (cosign
// .sig tags and sigstore bundle referrers), or nothing.
enum class AttachmentPolicy { all, signatures, none };

// The keyless identity an upstream signature's certificate must carry.
struct SpecIdentity {
    std::string issuer;         // the OIDC issuer, exactly
    std::string subject;        // the certificate's subject (email or URI), exactly
    std::string subject_regexp; // or a Go regular expression matching all of it
};

// Which upstream signatures an image needs before the build vendors it:
// one by any of `keys`, or a keyless one by `identity` under `trusted_root`.
struct SpecVerify {
    std::vector<std::filesystem::path> keys; // PEM public keys, resolved
    std::optional<SpecIdentity> identity;
    std::filesystem::path trusted_root; // a sigstore trusted_root.json; with identity only
    std::string where;
};

struct SpecImage {
    Reference ref;
    // Platforms to carry for this image; empty means Spec::platforms.
    std::vector<Platform> platforms;
    // Unset: the spec-wide default.
    std::optional<AttachmentPolicy> attachments;
    std::optional<SpecVerify> verify;
    std::string where;
};

// A scalar as written, with the type YAML gave it, so that a chart value
// quoted as "1.0" can stay a string when it is handed to Helm.
struct SpecScalar {
    enum class Type { string, number, boolean };
    Type type = Type::string;
    std::string text;

    bool operator==(const SpecScalar&) const = default;
};

struct SpecChart {
    enum class Source {
        path, // a chart directory or packaged .tgz next to the spec
        repo, // a classic Helm repository: repo + name + version
        oci,  // an OCI registry: oci://registry/path/name + version
    };
    Source source = Source::path;

    std::filesystem::path path; // Source::path, resolved against the spec's directory
    std::string repo;           // Source::repo: http(s) URL of the repository
    std::string name;           // Source::repo: chart name in that repository
    std::string version;        // Source::repo and Source::oci: exact chart version
    // Source::oci: the chart's reference, its tag set to `version`; a digest
    // written in the spec is kept and pins the chart.
    std::optional<Reference> oci;

    std::vector<std::filesystem::path> values; // values files, resolved, in order
    std::map<std::string, SpecScalar> set;     // --set key.path=value
    // How the chart is rendered for the sweep (helm template's NAME,
    // --namespace, --kube-version, --api-versions and their defaults).
    std::string release = "release-name";
    std::string namespace_ = "default";
    std::string kube_version; // empty: the renderer's default (Helm 4.1's v1.35.0)
    std::vector<std::string> api_versions;
    // Carry the rendered manifests in the bundle; pin_digests rewrites every
    // image in them to the digest the BOM resolved.
    bool render = false;
    bool pin_digests = false;
    std::string where;
};

struct SpecManifest {
    std::filesystem::path path; // a file or a directory of YAML files, resolved
    std::string where;
};

struct SpecFile {
    std::filesystem::path path; // resolved, a regular file
    std::string name;           // name inside the bundle: `name`, else the file name
    std::string where;
};

struct SpecSweep {
    // References the sweep may find in rendered content and leave unvendored.
    std::vector<std::string> allow;
};

struct SpecRequirements {
    std::string license; // product whose license the loader requires; empty: none
};

struct Spec {
    std::string source;             // the spec's display name, used in messages
    std::filesystem::path base_dir; // relative paths in the spec start here
    SpecMetadata metadata;
    std::vector<Platform> platforms; // empty: every platform an index has
    AttachmentPolicy attachments = AttachmentPolicy::all;
    std::optional<SpecVerify> verify; // the default for every image
    std::vector<SpecImage> images;    // no two are the same normalised reference
    std::vector<SpecChart> charts;
    std::vector<SpecManifest> manifests;
    std::vector<SpecFile> files; // no two share a name
    SpecSweep sweep;
    SpecRequirements requirements; // the spec's `requires`
};

// Reads and parses a spec file; relative paths are taken from its directory.
// Throws Error(spec) "file:line: reason" on any problem, Error(io) when the
// file cannot be read.
Spec load_spec(const std::filesystem::path& file);

// Parses spec text. `display_name` prefixes messages ("spec.yaml:7: ...");
// `base_dir` is where relative paths start.
Spec parse_spec(std::string_view yaml, const std::string& display_name,
                const std::filesystem::path& base_dir);

} // namespace airlock::builder
