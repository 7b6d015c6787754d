#pragma once
// The one copy pipeline. Every blob airlock moves (registry -> bundle, bundle ->
// registry, cache -> bundle) goes through copy_blob: it is the only place that
// hashes bytes in flight and compares digest and size with what was expected.
// Sinks see bytes as they stream but commit only after the whole blob verified,
// so nothing unverified ever becomes visible.
#include "common/oci/model.hpp"
#include "common/transport/blob_reader.hpp"
#include "common/transport/blob_sink.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace airlock {

// Called with the number of bytes just moved; used for progress display.
using ProgressFn = std::function<void(std::uint64_t)>;

// Streams `source` into every sink while hashing. Throws Error(integrity)
// naming `what` when the bytes differ from `expected` in size or digest; the
// sinks are then not committed. Throws when `cancel` becomes true.
void copy_blob(BlobReader& source, const Descriptor& expected, std::span<BlobSink* const> sinks,
               const std::string& what, const ProgressFn& progress = {},
               const std::atomic<bool>* cancel = nullptr);

// Checks in-memory bytes (a manifest) against a digest; throws Error(integrity).
void verify_bytes(const std::string& bytes, const Digest& expected, const std::string& what);

} // namespace airlock
