#pragma once
// The one place that opens a receipt's --registry target as HeldContent,
// with the same target syntax and registry options as `load --to`. Adding a
// medium is one HeldContent class plus one branch in open_held_content().
#include "loader/load/target.hpp"
#include "loader/receipt/held_content.hpp"

#include <filesystem>
#include <memory>

namespace airlock::loader {

// A registry's repositories under the target's prefix; roots are their tags.
// Error(not_found) from roots() when the registry has no catalog API.
std::unique_ptr<HeldContent> registry_held_content(const Target& target,
                                                   const DestinationOptions& options);

// An OCI layout directory; roots are its index.json entries. Error(spec)
// when `dir` is not an OCI layout.
std::unique_ptr<HeldContent> layout_held_content(const std::filesystem::path& dir);

std::unique_ptr<HeldContent> open_held_content(const Target& target,
                                               const DestinationOptions& options);

} // namespace airlock::loader
