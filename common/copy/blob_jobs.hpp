#pragma once
// How blob work runs, for every pipeline that moves many blobs (registry or
// cache to bundle, bundle to registry): one worker pool and one retry policy.
#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

namespace airlock {

// Attempts per blob when the network fails mid-transfer.
inline constexpr int max_blob_attempts = 3;

// Runs fn(0..n-1) on up to `jobs` threads, the caller's among them. The
// first failure sets `cancel` (copies in flight watch it and stop), no new
// item starts, and the failure is rethrown once every thread has stopped.
void for_each_blob_job(std::size_t n, int jobs, std::atomic<bool>& cancel,
                       const std::function<void(std::size_t)>& fn);

// Runs `attempt` until it returns. A network failure (Error(network): a
// dropped connection, a 5xx) is tried again from the start of the blob, up to
// max_blob_attempts in all, after backoff_delay from 500 ms with jitter, and
// a one-line warning naming `what`. Any other failure (bytes that do not
// match their digest, a refusal) and a cancelled run are rethrown at once.
void with_blob_retry(const std::string& what, const std::atomic<bool>& cancel,
                     const std::function<void()>& attempt);

} // namespace airlock
