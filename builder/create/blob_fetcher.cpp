#include "builder/create/blob_fetcher.hpp"

#include "common/copy/blob_jobs.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/io/file_reader.hpp"
#include "common/io/temp_file.hpp"
#include "common/log/log.hpp"

#include <mutex>

namespace airlock::builder {

namespace {

// Adds a verified blob to the cache: a temporary file renamed into
// blobs/sha256/<hex> only when the pipeline commits.
class CacheSink final : public BlobSink {
  public:
    CacheSink(const std::filesystem::path& dir, const Digest& d)
        : tmp_(dir / "blobs" / "sha256"), target_(dir / "blobs" / "sha256" / d.hex()) {}
    void write(std::span<const std::byte> data) override { tmp_.write(data); }
    void commit() override { tmp_.commit(target_); }

  private:
    TempFile tmp_;
    std::filesystem::path target_;
};

std::unique_ptr<BlobReader> open_origin(const PlannedBlob& b) {
    if (b.origin.bytes) {
        return std::make_unique<MemoryReader>(*b.origin.bytes);
    }
    if (!b.origin.file.empty()) {
        return std::make_unique<FileReader>(b.origin.file);
    }
    return b.origin.source->open_blob(b.origin.fetch_ref, b.descriptor);
}

class Fetcher {
  public:
    // Without a writer the blobs only pass the extra sink (a delta's omitted
    // layers, read for the SBOM).
    Fetcher(const std::vector<PlannedBlob>& blobs, BundleWriter* writer,
            const FetchOptions& options, Progress& progress)
        : blobs_(blobs), writer_(writer), options_(options), progress_(progress) {}

    FetchStats run() {
        if (!options_.cache_dir.empty()) {
            std::filesystem::create_directories(options_.cache_dir / "blobs" / "sha256");
        }
        for_each_blob_job(blobs_.size(), options_.jobs, cancel_, [this](std::size_t i) {
            copy_one(i);
            progress_.item_done();
        });
        return stats_;
    }

  private:
    void copy_one(size_t i) {
        const PlannedBlob& b = blobs_[i];
        size_t entry = BundleOffsets::first_blob_index + i;
        auto progress = [this](std::uint64_t n) { progress_.add_bytes(n); };
        std::filesystem::path cached;
        if (!options_.cache_dir.empty()) {
            cached = options_.cache_dir / "blobs" / "sha256" / b.descriptor.digest.hex();
        }
        if (!cached.empty() && !b.origin.bytes && std::filesystem::exists(cached)) {
            FileReader reader(cached);
            auto sink = bundle_sink(entry);
            auto extra = extra_sink(b);
            std::vector<BlobSink*> sinks;
            if (sink) {
                sinks.push_back(sink.get());
            }
            if (extra) {
                sinks.push_back(extra.get());
            }
            copy_blob(reader, b.descriptor, sinks, b.what + " (cache " + cached.string() + ")",
                      progress, &cancel_);
            std::lock_guard lock(mu_);
            stats_.cached_bytes += static_cast<std::uint64_t>(b.descriptor.size);
            ++stats_.blobs_from_cache;
            return;
        }
        with_blob_retry(b.what, cancel_, [&] {
            auto reader = open_origin(b);
            auto sink = bundle_sink(entry);
            std::unique_ptr<CacheSink> cache;
            std::vector<BlobSink*> sinks;
            if (sink) {
                sinks.push_back(sink.get());
            }
            auto extra = extra_sink(b);
            if (extra) {
                sinks.push_back(extra.get());
            }
            if (!cached.empty() && b.origin.source) {
                cache = std::make_unique<CacheSink>(options_.cache_dir, b.descriptor.digest);
                sinks.push_back(cache.get());
            }
            copy_blob(*reader, b.descriptor, sinks, b.what, progress, &cancel_);
            if (b.origin.source) {
                std::lock_guard lock(mu_);
                stats_.fetched_bytes += static_cast<std::uint64_t>(b.descriptor.size);
            }
        });
    }

    std::unique_ptr<BlobSink> bundle_sink(size_t entry) const {
        return writer_ != nullptr ? writer_->blob_sink(entry) : nullptr;
    }

    std::unique_ptr<BlobSink> extra_sink(const PlannedBlob& b) const {
        return options_.extra_sink ? options_.extra_sink(b) : nullptr;
    }

    const std::vector<PlannedBlob>& blobs_;
    BundleWriter* writer_;
    const FetchOptions& options_;
    Progress& progress_;
    std::atomic<bool> cancel_{false};
    std::mutex mu_;
    FetchStats stats_;
};

} // namespace

FetchStats fetch_blobs(const BundlePlan& plan, BundleWriter& writer, const FetchOptions& options,
                       Progress& progress) {
    return Fetcher(plan.blobs, &writer, options, progress).run();
}

FetchStats scan_blobs(const std::vector<PlannedBlob>& blobs, const FetchOptions& options,
                      Progress& progress) {
    return Fetcher(blobs, nullptr, options, progress).run();
}

} // namespace airlock::builder
