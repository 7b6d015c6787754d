#pragma once
// What the loader state says a site holds: every bundle it recorded as
// loaded (each BOM it kept, with when it was loaded) and every blob those
// BOMs carried or named as their base. The receipt's unchecked form.
#include "common/bundle/site_receipt.hpp"
#include "loader/state/state_store.hpp"

#include <string>
#include <vector>

namespace airlock::loader {

struct StateHoldings {
    std::vector<ReceiptBundle> bundles; // by name, then when loaded
    std::vector<BomBlob> blobs;         // each digest once, in digest order
    std::vector<std::string> notes;     // bundles whose blobs the state cannot tell
};

// Reads every BOM the state kept, each checked against its digest
// (Error(io) naming the file when one was altered). A bundle's loadedAt is
// the state's record for its latest load, else the time its BOM was kept.
// A bundle recorded without a kept BOM (a state older than BOM keeping) is
// listed with a note, its blobs unknown (left out, with a note, when the
// record does not say when it was loaded either).
StateHoldings state_holdings(const StateStore& state);

} // namespace airlock::loader
