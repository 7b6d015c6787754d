#pragma once
// Everything a spec ships besides images: its charts (vendored as the OCI
// artifacts `helm push` makes), its manifests and values files, and the gate
// that refuses a bundle whose charts or manifests would ask the site for an
// image the bundle does not carry.
#include "builder/create/bundle_plan.hpp"
#include "builder/spec/spec.hpp"
#include "builder/sweep/sweep_spec.hpp"
#include "common/core/time.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace airlock {
class RegistryClient;
}

namespace airlock::builder {

struct ContentOptions {
    const RegistryClient* client = nullptr;
    // Where to pull an oci:// chart from (the --mirror rules).
    std::function<Reference(const Reference&)> fetch_reference;
    std::optional<Timestamp> source_date_epoch;
    // Add what the sweep finds missing to the bundle instead of failing.
    bool add_swept = false;
};

struct VendoredContent {
    std::vector<ResolvedChart> charts;
    std::vector<FileItem> manifests;
    std::vector<BomAllowed> allowed;
    // Spec image (canonical) -> the charts and manifest files that use it.
    std::map<std::string, std::vector<std::string>> used_by;
    std::vector<std::string> added; // references --add-swept appended to spec.images
    SweepReport sweep;
    // What `helm template` printed for each chart with render: true, by
    // index in spec.charts.
    std::map<std::size_t, std::string> rendered;
};

// Vendors the charts, lists the manifests and sweeps both. With add_swept,
// each missing reference is appended to `spec.images`; otherwise a missing
// one is Error(spec) listing every missing reference with where it was found.
VendoredContent vendor_content(Spec& spec, const ContentOptions& options);

} // namespace airlock::builder
