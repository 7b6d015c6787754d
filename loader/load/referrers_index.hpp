#pragma once
// The referrers tag schema (OCI distribution 1.1): where a registry has no
// referrers API, the referrers of a subject are listed by an image index
// under the tag "sha256-<hex>" of its repository. Clients that add a
// referrer read that index, add their descriptor and write it back, so the
// entries other tools put there are kept.
#include "common/transport/destination.hpp"
#include "loader/load/load_plan.hpp"

#include <optional>

namespace airlock::loader {

// The index to write so that `existing` (the current one, if any) also lists
// every referrer of `planned`, or nullopt when it already does. An existing
// index that cannot be read is replaced (logged), since the site's referrers
// are then unreadable to every client anyway.
std::optional<RawManifest> merged_referrers_index(const std::optional<RawManifest>& existing,
                                                  const PlannedReferrers& planned);

// Brings `planned` into `destination`: nothing where it has the referrers
// API, else the merged index, put and tagged. True when it wrote an index.
bool keep_referrers(Destination& destination, const PlannedReferrers& planned);

} // namespace airlock::loader
