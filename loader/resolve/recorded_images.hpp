#pragma once
// The digests verified bundles recorded, by reference: the resolver accepts a
// fallback registry's content only when it is one of these.
#include "common/bundle/bom.hpp"
#include "common/reference/reference.hpp"

#include <map>
#include <string>
#include <vector>

namespace airlock::loader {

class RecordedImages {
  public:
    explicit RecordedImages(const std::vector<Bom>& boms);

    // For a reference by tag: the digests a bundle recorded for that tag (the
    // image's, and the upstream index's when the bundle rewrote it). For a
    // reference by digest: that digest, when a bundle recorded it in the same
    // repository, as an image or as one of an index's manifests. Empty when
    // no verified bundle knows the reference.
    std::vector<Digest> expected(const Reference& ref) const;

  private:
    std::map<std::string, std::vector<Digest>> by_tag_;        // registry/repository:tag
    std::map<std::string, std::vector<Digest>> by_repository_; // registry/repository
};

} // namespace airlock::loader
