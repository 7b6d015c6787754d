#pragma once
// `airlock-load trust update`: adopt one signed trust update for good.
#include "loader/trust/policy_change.hpp"

#include <filesystem>

namespace airlock::loader {

// Takes the state's writer lock, replays the stored chain, checks the update
// in `file` with trust::adopt_update against it (key expiry at the state's
// trusted time), and stores it. Throws as adopt_update does; nothing is
// stored then. The run-time --trust file plays no part: an adopted update
// must replay from the state alone.
PolicyChange update_trust(const std::filesystem::path& state_dir,
                          const std::filesystem::path& file);

} // namespace airlock::loader
