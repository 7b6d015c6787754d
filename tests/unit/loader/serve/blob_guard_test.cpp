#include "loader/serve/blob_guard.hpp"

#include "common/io/file.hpp"
#include "tests/unit/support/oci_test_bundle.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

using namespace airlock;
using namespace airlock::loader;

namespace {

// Two blobs of a real bundle; the second one's bytes flipped in the file
// after verification.
struct GuardSite {
    test::ScratchDir dir;
    test::OciTestBundle b;
    std::string good_bytes = "the good blob's bytes";
    std::string bad_bytes = "the changed blob's bytes";
    std::unique_ptr<VerifiedBundle> verified;
    BundleRange good, bad;
    std::atomic<int> reported{0};
    std::vector<BadBlob> reports;
    std::mutex reports_mutex;
    BlobGuard guard{[this](const BadBlob& blob) {
        std::lock_guard lock(reports_mutex);
        ++reported;
        reports.push_back(blob);
    }};

    GuardSite() {
        b.blob(good_bytes);
        b.blob(bad_bytes);
        verified = std::make_unique<VerifiedBundle>(b.bundle.write_and_verify(dir));
        good = range_of(0);
        bad = range_of(1);
        File f = File::open_read_write(verified->files().volumes().front());
        f.write_at(std::string_view("T"), bad.offset);
    }
    BundleRange range_of(std::size_t i) const {
        const BundleEntry& e = verified->offsets().entries.at(BundleOffsets::first_blob_index + i);
        return BundleRange{verified.get(), i, e.data_offset, e.size};
    }
    std::string file_bytes(const BundleRange& r) const {
        return verified->files().read_string(r.offset, r.size);
    }
};

void guard_feed(BodyObserver& o, const std::string& bytes, std::size_t chunk = 5) {
    for (std::size_t i = 0; i < bytes.size(); i += chunk) {
        std::string_view part = std::string_view(bytes).substr(i, chunk);
        o.see(std::as_bytes(std::span(part.data(), part.size())));
    }
}

} // namespace

TEST_CASE("blob guard: check_now marks a matching range good and a changed one bad for good",
          "[serve_guard]") {
    GuardSite s;
    const Digest good_digest = Digest::of(s.good_bytes);
    const Digest bad_digest = Digest::of(s.bad_bytes);
    CHECK(s.guard.state(s.good, good_digest) == BlobGuard::State::unchecked);
    CHECK(s.guard.check_now(s.good, good_digest));
    CHECK(s.guard.state(s.good, good_digest) == BlobGuard::State::good);
    CHECK_FALSE(s.guard.is_bad(s.good, good_digest));

    CHECK_FALSE(s.guard.check_now(s.bad, bad_digest));
    CHECK(s.guard.is_bad(s.bad, bad_digest));
    REQUIRE(s.reports.size() == 1);
    CHECK(s.reports[0].digest == bad_digest);
    CHECK(s.reports[0].bundle == s.verified.get());
    CHECK_THAT(s.reports[0].reason,
               Catch::Contains(bad_digest.str()) && Catch::Contains("shop.airlock") &&
                   Catch::Contains("hashes to " + Digest::of(s.file_bytes(s.bad)).str()));
    // Bad stays bad, and is reported once.
    CHECK_FALSE(s.guard.check_now(s.bad, bad_digest));
    CHECK(s.reported == 1);

    // A range that runs past the end of the file cannot be served either.
    BundleRange past{s.verified.get(), 0, s.verified->files().size() - 3, 10};
    CHECK_FALSE(s.guard.check_now(past, Digest::of(std::string("x"))));
    CHECK(s.reported == 2);
    CHECK_THAT(s.reports[1].reason, Catch::Contains("cannot be read"));

    // Forgotten with its bundle: a bundle later at the same address starts over.
    s.guard.forget(*s.verified);
    CHECK(s.guard.state(s.bad, bad_digest) == BlobGuard::State::unchecked);
    CHECK(s.guard.state(s.good, good_digest) == BlobGuard::State::unchecked);
}

TEST_CASE("blob guard: an observer hashes a full download and its verdict sticks",
          "[serve_guard]") {
    GuardSite s;
    const Digest good_digest = Digest::of(s.good_bytes);
    const Digest bad_digest = Digest::of(s.bad_bytes);

    auto first = s.guard.observe(s.good, good_digest);
    auto concurrent = s.guard.observe(s.good, good_digest);
    CHECK_FALSE(first->bytes_not_needed());
    guard_feed(*first, s.file_bytes(s.good));
    CHECK(first->finish());
    CHECK(first->finish()); // asked twice, the same answer
    CHECK(s.guard.state(s.good, good_digest) == BlobGuard::State::good);
    // A download that started before is told it need not look any further,
    // and one that then stopped passing bytes is still whole.
    CHECK(concurrent->bytes_not_needed());
    guard_feed(*concurrent, s.file_bytes(s.good).substr(0, 4));
    CHECK(concurrent->finish());
    CHECK(s.guard.observe(s.good, good_digest)->bytes_not_needed());

    // The changed blob: false, reported once however many were downloading it.
    auto a = s.guard.observe(s.bad, bad_digest);
    auto b = s.guard.observe(s.bad, bad_digest);
    guard_feed(*a, s.file_bytes(s.bad), 7);
    guard_feed(*b, s.file_bytes(s.bad), 3);
    CHECK_FALSE(a->finish());
    CHECK_FALSE(b->finish());
    CHECK(s.reported == 1);
    CHECK(s.guard.is_bad(s.bad, bad_digest));
    CHECK_FALSE(s.guard.observe(s.bad, bad_digest)->bytes_not_needed());
    CHECK_FALSE(s.guard.check_now(s.bad, bad_digest));

    // Fewer bytes than the blob, unasked, prove nothing either way.
    GuardSite fresh;
    const Digest digest = Digest::of(fresh.good_bytes);
    auto partial = fresh.guard.observe(fresh.good, digest);
    guard_feed(*partial, fresh.file_bytes(fresh.good).substr(0, 3));
    CHECK_FALSE(partial->finish());
    CHECK(fresh.guard.state(fresh.good, digest) == BlobGuard::State::unchecked);
    CHECK(fresh.reported == 0);
    // Bytes that are not the blob's (the wrong ones, whole length) are bad.
    auto wrong = fresh.guard.observe(fresh.good, digest);
    std::string flipped = fresh.good_bytes;
    flipped[0] ^= 1;
    guard_feed(*wrong, flipped);
    CHECK_FALSE(wrong->finish());
    CHECK(fresh.guard.is_bad(fresh.good, digest));
}

TEST_CASE("blob guard: many threads checking and downloading agree, reporting a bad blob once",
          "[serve_guard]") {
    GuardSite s;
    const Digest good_digest = Digest::of(s.good_bytes);
    const Digest bad_digest = Digest::of(s.bad_bytes);
    const std::string good_file = s.file_bytes(s.good);
    const std::string bad_file = s.file_bytes(s.bad);
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 20; ++i) {
                if ((t + i) % 2 == 0) {
                    wrong += s.guard.check_now(s.good, good_digest) ? 0 : 1;
                    wrong += s.guard.check_now(s.bad, bad_digest) ? 1 : 0;
                } else {
                    auto g = s.guard.observe(s.good, good_digest);
                    if (!g->bytes_not_needed()) {
                        guard_feed(*g, good_file);
                    }
                    wrong += g->finish() ? 0 : 1;
                    auto x = s.guard.observe(s.bad, bad_digest);
                    guard_feed(*x, bad_file);
                    wrong += x->finish() ? 1 : 0;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(wrong == 0);
    CHECK(s.reported == 1);
    CHECK(s.guard.state(s.good, good_digest) == BlobGuard::State::good);
}
