#include "loader/serve/blob_guard.hpp"

#include "common/core/error.hpp"

#include <atomic>
#include <vector>

namespace airlock::loader {

struct BlobGuard::Cell {
    std::atomic<State> state{State::unchecked};
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
          digest_(std::move(digest)) {}

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
            State expected = State::unchecked;
            cell_->state.compare_exchange_strong(expected, State::good);
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
    return std::make_shared<Observer>(shared_, cell(range, digest), range, digest);
}

bool BlobGuard::check_now(const BundleRange& range, const Digest& digest) {
    std::shared_ptr<Cell> c = cell(range, digest);
    if (State known = c->state.load(); known != State::unchecked) {
        return known == State::good;
    }
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
    State expected = State::unchecked;
    c->state.compare_exchange_strong(expected, State::good);
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
