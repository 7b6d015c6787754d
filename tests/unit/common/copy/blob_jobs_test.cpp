#include "common/copy/blob_jobs.hpp"
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

using airlock::Error;
using airlock::ErrorCode;

TEST_CASE("for_each_blob_job runs every item once, on several threads", "[blob-jobs]") {
    std::atomic<bool> cancel{false};
    std::mutex mutex;
    std::multiset<std::size_t> seen;
    std::set<std::thread::id> threads;
    airlock::for_each_blob_job(200, 4, cancel, [&](std::size_t i) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        std::lock_guard lock(mutex);
        seen.insert(i);
        threads.insert(std::this_thread::get_id());
    });
    CHECK(seen.size() == 200);
    for (std::size_t i = 0; i < 200; ++i) {
        CHECK(seen.count(i) == 1);
    }
    CHECK(threads.size() > 1);
    CHECK(threads.size() <= 4);
    CHECK_FALSE(cancel.load());
}

TEST_CASE("for_each_blob_job stops at the first failure and rethrows it", "[blob-jobs]") {
    std::atomic<bool> cancel{false};
    std::atomic<std::size_t> ran{0};
    try {
        airlock::for_each_blob_job(1000, 2, cancel, [&](std::size_t i) {
            ++ran;
            if (i == 3) {
                throw Error(ErrorCode::integrity, "blob 3 does not match its digest");
            }
            // Later jobs wait for the failure (a bounded wait), so that the
            // other worker cannot run through every job before it lands.
            for (int waited = 0; i > 3 && !cancel.load() && waited < 5000; ++waited) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        });
        FAIL("no failure reported");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::integrity);
        CHECK(std::string(e.what()) == "blob 3 does not match its digest");
    }
    CHECK(cancel.load());
    CHECK(ran.load() < 10); // 0-3, and at most the one job the other worker held
}

TEST_CASE("with_blob_retry tries network failures again, nothing else", "[blob-jobs]") {
    std::atomic<bool> cancel{false};
    int calls = 0;
    airlock::with_blob_retry("blob x", cancel, [&] {
        if (++calls < 2) {
            throw Error(ErrorCode::network, "connection reset");
        }
    });
    CHECK(calls == 2);

    calls = 0;
    CHECK_THROWS_AS(airlock::with_blob_retry("blob x", cancel,
                                             [&] {
                                                 ++calls;
                                                 throw Error(ErrorCode::network, "reset");
                                             }),
                    Error);
    CHECK(calls == airlock::max_blob_attempts);

    calls = 0;
    CHECK_THROWS_AS(airlock::with_blob_retry("blob x", cancel,
                                             [&] {
                                                 ++calls;
                                                 throw Error(ErrorCode::integrity, "mismatch");
                                             }),
                    Error);
    CHECK(calls == 1);

    calls = 0;
    cancel = true;
    CHECK_THROWS_AS(airlock::with_blob_retry("blob x", cancel,
                                             [&] {
                                                 ++calls;
                                                 throw Error(ErrorCode::network, "reset");
                                             }),
                    Error);
    CHECK(calls == 1);
}
