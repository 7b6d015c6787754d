#pragma once
// Finds in the target what a delta bundle leaves to its base: each manifest
// (read back and checked against its digest) and each blob (a repository
// that holds it, to mount from). The repository an image lands in is asked
// first, then the other repositories of this load, then the target's
// catalog, listed once and only when needed.
#include "common/bundle/bom.hpp"
#include "common/transport/destination.hpp"

#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

class BaseLocator {
  public:
    BaseLocator(Destination& destination, std::vector<std::string> load_repos);

    // nullopt when no repository holds it.
    std::optional<RawManifest> manifest(const BomBlob& blob, const std::string& repo);
    // A repository of the target holding `blob`, `repo` itself when it does;
    // nullopt when none does.
    std::optional<std::string> holder(const BomBlob& blob, const std::string& repo);

  private:
    template <typename Found> bool search(const std::string& repo, Found found);

    Destination& dest_;
    std::vector<std::string> load_repos_;
    std::optional<std::vector<std::string>> catalog_;
};

} // namespace airlock::loader
