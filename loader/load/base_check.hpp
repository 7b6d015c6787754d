#pragma once
// The rule for delta bundles at the site: everything a delta leaves to its
// base must already be in the target, or the bundle is refused before the
// first write (Error(base)), naming the base bundles this site has no
// record of and the first blobs missing.
#include "common/bundle/bom.hpp"
#include "loader/load/load_plan.hpp"
#include "loader/load/target.hpp"
#include "loader/state/state_store.hpp"

#include <string>
#include <vector>

namespace airlock::loader {

// The base bundles of `bom` that the state has no record of loading.
std::vector<BomBaseBundle> unrecorded_bases(const Bom& bom, const StateStore& state);

// "app 1.0.0, app 1.1.0"
std::string name_bases(const std::vector<BomBaseBundle>& bases);

// Error(base) when plan.missing_base is not empty.
void require_base(const LoadPlan& plan, const Bom& bom, const StateStore& state,
                  const std::string& target);

// verify's check of a delta, writing nothing: with a target (`target_text`
// not empty) the load is planned against it, reading only, and all the
// bundle leaves to its base must be there; without one, the state must
// record every base bundle. Error(base) otherwise. Nothing for a full bundle.
void verify_base(const VerifiedBundle& bundle, const StateStore& state,
                 const std::string& target_text, const DestinationOptions& options);

} // namespace airlock::loader
