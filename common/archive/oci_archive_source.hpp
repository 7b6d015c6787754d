#pragma once
// An oci-archive: a tar of an OCI image layout (what `skopeo copy ...
// oci-archive:x.tar` and buildah write), with the layout at the tar root or
// in one top-level directory. Read in place: the tar must be uncompressed.
// Image selection follows OciLayoutSource.
#include "common/layout/oci_layout_source.hpp"

#include <filesystem>

namespace airlock {

class OciArchiveSource final : public OciLayoutSource {
  public:
    // Indexes the tar now. Throws Error(not_found) when it does not exist,
    // Error(spec) when it is not an uncompressed tar holding an OCI layout.
    explicit OciArchiveSource(const std::filesystem::path& tar);
};

} // namespace airlock
