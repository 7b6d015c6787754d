#include "loader/serve/blob_guard.hpp"

#include "common/core/error.hpp"

#include <sys/stat.h>

#include <array>
#include <atomic>
#include <vector>

namespace airlock::loader {

namespace {

// What the volumes a blob lies in looked like (fstat of the open files):
// a write in place changes a file's size, mtime or ctime.
using FileStamp = std::vector<std::array<std::int64_t, 4>>;

FileStamp stamp_of(const BundleRange& range) {
    FileStamp out;
    std::vector<VolumeSpan> spans;
    try {
        spans = range.bundle->files().spans(range.offset, range.size);
    } catch (const Error&) {
        return {}; // the files no longer hold the range: unknown
    }
    for (const VolumeSpan& span : spans) {
        struct stat st {};
        if (::fstat(span.fd, &st) != 0) {
            return {}; // unknown: never equal to a recorded stamp
        }
        out.push_back(
            {static_cast<std::int64_t>(st.st_size),
             static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec,
             static_cast<std::int64_t>(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec,
             static_cast<std::int64_t>(st.st_ino)});
    }
    return out;
}

} // namespace

struct BlobGuard::Cell {
    std::atomic<State> state{State::unchecked};
    std::mutex mutex;
    FileStamp stamp; // the files when the check that found the blob good began

    void mark_good(FileStamp at_start) {
        std::lock_guard lock(mutex);
        State expected = State::unchecked;
        if (state.compare_exchange_strong(expected, State::good)) {
            stamp = std::move(at_start);
        }
    }

    // A good blob whose files changed since it was checked is unchecked again.
    void revalidate(const BundleRange& range) {
        if (state.load() != State::good) {
            return;
        }
        FileStamp now = stamp_of(range);
        std::lock_guard lock(mutex);
        State expected = State::good;
        if (now.empty() || now != stamp) {
            state.compare_exchange_strong(expected, State::unchecked);
        }
    }
};

struct BlobGuard::Shared {
    OnBad on_bad;
    std::mutex mutex;
    std::map<std::pair<const VerifiedBundle*, Digest>, std::shared_ptr<Cell>> cells;

    // The first to find a blob bad reports it; later finders (other
    // connections that were already downloading it) stay quiet.
    void mark_bad(Cell& cell, const BundleRange& range, const Digest& digest, std::string reason) {
        if (cell.state.exchange(State::bad) == State::bad || !on_bad) {
            return;
        }
        try {
            on_bad(BadBlob{range.bundle, digest, std::move(reason)});
        } catch (...) {
            // The callback only reports; a failure to report must not turn
            // into a failure to refuse the bytes, which mark_bad already did.
        }
    }
};

namespace {

std::string guarded_blob_label(const BundleRange& range, const Digest& digest) {
    return "blob " + digest.str() + " (" + std::to_string(range.size) + " bytes at byte " +
           std::to_string(range.offset) + " of bundle " +
           range.bundle->files().volumes().front().string() + ")";
}

std::string mismatch_reason(const BundleRange& range, const Digest& digest, const Digest& found) {
    return guarded_blob_label(range, digest) + " hashes to " + found.str() +
           ": its bytes no longer match the BOM, the bundle changed since it was verified";
}

} // namespace

class BlobGuard::Observer final : public BodyObserver {
  public:
    Observer(std::shared_ptr<Shared> shared, std::shared_ptr<Cell> cell, BundleRange range,
             Digest digest)
        : shared_(std::move(shared)), cell_(std::move(cell)), range_(range),
          digest_(std::move(digest)), stamp_(stamp_of(range_)) {}

    // Asked again as the body goes out, so a blob another connection
    // finished checking meanwhile stops costing this one a hash.
    bool bytes_not_needed() const override { return cell_->state.load() == State::good; }

    void see(std::span<const std::byte> bytes) override {
        hash_.update(bytes);
        seen_ += bytes.size();
    }

    bool finish() override {
        if (finished_) {
            return result_;
        }
        finished_ = true;
        if (seen_ != range_.size) {
            // Bytes were skipped only if the server was told they were not
            // needed; anything else is not evidence about the file.
            result_ = cell_->state.load() == State::good;
            return result_;
        }
        Digest found = hash_.finish();
        if (found == digest_) {
            cell_->mark_good(std::move(stamp_));
            result_ = true;
        } else {
            shared_->mark_bad(*cell_, range_, digest_, mismatch_reason(range_, digest_, found));
            result_ = false;
        }
        return result_;
    }

  private:
    std::shared_ptr<Shared> shared_;
    std::shared_ptr<Cell> cell_;
    BundleRange range_;
    Digest digest_;
    FileStamp stamp_;
    Sha256 hash_;
    std::uint64_t seen_ = 0;
    bool finished_ = false;
    bool result_ = false;
};

BlobGuard::BlobGuard(OnBad on_bad) : shared_(std::make_shared<Shared>()) {
    shared_->on_bad = std::move(on_bad);
}

std::shared_ptr<BlobGuard::Cell> BlobGuard::cell(const BundleRange& range, const Digest& digest) {
    std::lock_guard lock(shared_->mutex);
    auto& slot = shared_->cells[{range.bundle, digest}];
    if (!slot) {
        slot = std::make_shared<Cell>();
    }
    return slot;
}

BlobGuard::State BlobGuard::state(const BundleRange& range, const Digest& digest) const {
    std::lock_guard lock(shared_->mutex);
    auto it = shared_->cells.find({range.bundle, digest});
    return it == shared_->cells.end() ? State::unchecked : it->second->state.load();
}

std::shared_ptr<BodyObserver> BlobGuard::observe(const BundleRange& range, const Digest& digest) {
    std::shared_ptr<Cell> c = cell(range, digest);
    c->revalidate(range);
    return std::make_shared<Observer>(shared_, std::move(c), range, digest);
}

bool BlobGuard::check_now(const BundleRange& range, const Digest& digest) {
    std::shared_ptr<Cell> c = cell(range, digest);
    c->revalidate(range);
    if (State known = c->state.load(); known != State::unchecked) {
        return known == State::good;
    }
    FileStamp at_start = stamp_of(range);
    // Two connections may check the same blob at once; both reach the same
    // verdict, and a check is rare enough not to coordinate them.
    Sha256 hash;
    try {
        std::vector<std::byte> buf(std::min<std::uint64_t>(range.size, 1 << 20));
        for (std::uint64_t done = 0; done < range.size;) {
            std::size_t n =
                static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), range.size - done));
            range.bundle->files().read_at(std::span(buf).first(n), range.offset + done);
            hash.update(std::span<const std::byte>(buf).first(n));
            done += n;
        }
    } catch (const Error& e) {
        shared_->mark_bad(*c, range, digest,
                          guarded_blob_label(range, digest) + " cannot be read: " + e.what());
        return false;
    }
    Digest found = hash.finish();
    if (found != digest) {
        shared_->mark_bad(*c, range, digest, mismatch_reason(range, digest, found));
        return false;
    }
    c->mark_good(std::move(at_start));
    return c->state.load() == State::good;
}

void BlobGuard::forget(const VerifiedBundle& bundle) {
    std::lock_guard lock(shared_->mutex);
    auto& cells = shared_->cells;
    auto it = cells.lower_bound({&bundle, Digest{}});
    while (it != cells.end() && it->first.first == &bundle) {
        it = cells.erase(it);
    }
}

} // namespace airlock::loader
