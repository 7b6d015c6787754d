#pragma once
// Copies every planned blob into the bundle through the copy pipeline, several
// at a time. With a cache directory, blobs already there are read from it
// (still verified) and fetched ones are added to it.
#include "builder/create/bundle_plan.hpp"
#include "common/bundle/bundle_writer.hpp"
#include "common/log/progress.hpp"

#include <functional>
#include <memory>

namespace airlock::builder {

struct FetchOptions {
    int jobs = 4;
    std::filesystem::path cache_dir; // empty: no cache
    // One more sink for a blob's bytes as they pass (the SBOM's layer scan),
    // or null; asked again for each attempt.
    std::function<std::unique_ptr<BlobSink>(const PlannedBlob&)> extra_sink;
};

struct FetchStats {
    std::uint64_t fetched_bytes = 0;
    std::uint64_t cached_bytes = 0;
    std::uint64_t blobs_from_cache = 0;
};

FetchStats fetch_blobs(const BundlePlan& plan, BundleWriter& writer, const FetchOptions& options,
                       Progress& progress);

// Reads `blobs` (from the cache or their origin, verified) into
// options.extra_sink only, writing nothing to the bundle.
FetchStats scan_blobs(const std::vector<PlannedBlob>& blobs, const FetchOptions& options,
                      Progress& progress);

} // namespace airlock::builder
