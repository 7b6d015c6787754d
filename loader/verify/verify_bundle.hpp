#pragma once
// Verify before extract: signatures, thresholds, validity window against
// trusted time, revocation, rollback state, license requirement, and the
// bundle's structure (every tar header and the total size the BOM implies),
// all before a single payload byte is read.
#include "loader/state/state_store.hpp"
#include "loader/trust/effective_policy.hpp"
#include "loader/verify/verified_bundle.hpp"

#include <filesystem>

namespace airlock::loader {

struct VerifyOptions {
    std::filesystem::path bundle;
    bool deep = false; // also hash every blob against the BOM (reads the payload, writes nothing)
    bool progress = false; // progress display for --deep
    // A load: trust updates the bundle carries are stored here once adopted
    // (held as a writer). Null for verify, which applies them in memory only.
    StateStore* adopt_trust_updates = nullptr;
};

// Throws Error with the class of the first failure (signature, untrusted,
// expired, rollback, license, malformed, integrity) and a one-line reason.
VerifiedBundle verify_bundle(const VerifyOptions& options, const EffectivePolicy& policy,
                             const StateStore& state);

} // namespace airlock::loader
