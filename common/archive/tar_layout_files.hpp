#pragma once
// An OCI layout stored in an uncompressed tar, read in place through a TarIndex.
#include "common/archive/tar_index.hpp"
#include "common/layout/layout_files.hpp"

#include <memory>
#include <optional>
#include <string>

namespace airlock {

// Where the layout starts inside the archive: "" when "oci-layout" is at the
// root, "dir/" when a single top-level directory holds it (`tar -cf x.tar dir`),
// nullopt when there is no layout. Several candidate directories is Error(spec).
std::optional<std::string> find_layout_root(const TarIndex& index);

// Layout files "<root><name>" of the archive; `description` is used in messages.
std::unique_ptr<LayoutFiles> tar_layout_files(std::shared_ptr<const TarIndex> index,
                                              std::string root, std::string description);

} // namespace airlock
