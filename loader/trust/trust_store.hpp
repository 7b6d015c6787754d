#pragma once
// Adopted trust updates in the loader state: STATE/trust/policy-<version>.json
// holds each update's envelope exactly as adopted. The files are not trusted
// for being there: load_effective_policy re-checks every one.
#include "common/sign/dsse.hpp"

#include <filesystem>
#include <vector>

namespace airlock::loader {

class StateStore;

struct StoredUpdate {
    int version = 0; // from the file name
    std::filesystem::path file;
};

// Every stored update, lowest version first; none when STATE/trust/ is
// absent. Hidden files (a crashed write's temporary) are skipped; any other
// entry not named policy-<version>.json is Error(untrusted) naming it, so
// nothing placed there is silently ignored.
std::vector<StoredUpdate> stored_trust_updates(const StateStore& state);

// The envelope a stored update holds; Error(signature) when it is not one.
dsse::Envelope read_stored_update(const StoredUpdate& stored);

// Stores an adopted update atomically (temp file, fsync, rename). The caller
// holds `state` as a writer and has checked the update with adopt_update.
void store_trust_update(const StateStore& state, int version, const dsse::Envelope& update);

} // namespace airlock::loader
