#pragma once
// Rollback and equivocation protection: the decision alone, given what the
// loader state recorded for the bundle's name (loader/state/state_store.hpp).
// Nothing recorded: anything goes. Otherwise versions compare as SemVer 2.0:
// an older version throws Error(rollback) naming both versions; the same
// version with another BOM digest throws Error(rollback) naming both digests
// (two different bundles claiming one version: one of them is not what the
// vendor released, or the vendor reused a number); the same BOM again
// (re-running a load) and any newer version pass. A version on either side
// that is not SemVer throws Error(malformed).
#include "loader/state/state_store.hpp"

#include <optional>
#include <string>

namespace airlock::loader {

// `bom_digest` as the state records it: "sha256:<hex>" of the bom.json bytes.
void check_rollback(const std::string& name, const std::string& version,
                    const std::string& bom_digest, const std::optional<LoadRecord>& previous);

} // namespace airlock::loader
