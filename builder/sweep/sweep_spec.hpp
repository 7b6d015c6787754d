#pragma once
// The sweep of a whole spec: every chart and manifest it ships, each found
// image checked against the spec's `images:` and `sweep.allow`. Used by
// `airlock-build find-images` (which reports) and by `create` (the gate,
// which fails when any image is missing).
#include "builder/helm/chart.hpp"
#include "builder/spec/spec.hpp"
#include "builder/sweep/sweep.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace airlock::builder {

enum class SweepStatus {
    listed,  // in the spec's images: (so vendored)
    allowed, // matched by a sweep.allow glob (left unvendored on purpose)
    missing, // neither: the site would fail to pull it
};
std::string_view to_string(SweepStatus status);

struct SweptOrigin {
    std::string file;
    int document = 0; // as in SweptImage
    std::string path;
    int line = 0;
    std::string owner; // as in SweptImage

    bool operator==(const SweptOrigin&) const = default;
};

struct SweepEntry {
    std::string ref; // canonical
    std::vector<SweptOrigin> origins;
    SweepStatus status = SweepStatus::missing;
    // listed: the images: entry that covers it; allowed: the matching glob.
    std::string matched_by;
};

struct SweepReport {
    std::vector<SweepEntry> images; // in the order first found
    // What was not swept and why (charts that `create` fetches first).
    std::vector<std::string> notes;

    std::size_t count(SweepStatus status) const;
    std::vector<const SweepEntry*> missing() const;
};

// Charts that the caller has already loaded or fetched, by index in
// Spec::charts. Such a chart is rendered from these whatever its source; a
// `path` chart not given here is loaded from disk; a repo or oci chart not
// given here is not swept and a note says so.
using FetchedCharts = std::map<std::size_t, std::shared_ptr<const helm::Chart>>;

// What `helm template` printed for a chart of the spec, by index in
// Spec::charts (for charts carried rendered).
using RenderedCharts = std::map<std::size_t, std::string>;

// Renders every chart (with its values files, `set`, release, namespace,
// kubeVersion and apiVersions, as `helm template` would) and sweeps what it
// deploys (hooks and tests included), sweeps every manifest of the spec, and
// classifies what it finds. Chart findings name
// "charts/<chart>/templates/<file>", the document and the path in it;
// origins are shown relative to the spec's directory. A chart that does not
// render is Error(spec) with the engine's message after the chart's place
// in the spec; unreadable files are Error(io)/Error(not_found).
// `rendered`, when given, receives every chart's rendered text.
SweepReport sweep_spec(const Spec& spec, const FetchedCharts& fetched = {},
                       RenderedCharts* rendered = nullptr);

// Groups swept images by reference and classifies each against the spec.
SweepReport classify_swept(const std::vector<SweptImage>& found, const Spec& spec);

// The status of one canonical reference under the spec; `matched_by` gets the
// images: entry or glob that decided it. A reference is listed when an
// images: entry names the same repository and, if the found reference has a
// digest, the same digest (a digest pull ignores the tag), else the same tag.
// A sweep.allow entry is a glob (fnmatch, '*' also matches '/') over the
// canonical reference or its name without tag. An entry without glob
// characters is normalised first, and when it names no tag or digest it
// allows every tag of that repository ("busybox" allows
// docker.io/library/busybox:1.36).
SweepStatus classify_ref(const std::string& ref, const Spec& spec, std::string& matched_by);

// The YAML files a `manifests:` entry stands for: the file itself, or every
// *.yaml and *.yml file beneath the directory (recursively), sorted by path.
std::vector<std::filesystem::path> manifest_files(const std::filesystem::path& path);

// The name a manifest file is carried under in the bundle (and credited with
// in the BOM): "manifests/" + its path below the `manifests:` entry, or its
// file name when the entry is the file itself.
std::string manifest_bundle_name(const std::filesystem::path& entry,
                                 const std::filesystem::path& file);

// "file:line (document 2) path", for messages and the text report.
std::string describe_origin(const SweptOrigin& origin);

// find-images' outputs.
nlohmann::json sweep_report_json(const SweepReport& report);
std::string format_sweep_report(const SweepReport& report);

} // namespace airlock::builder
