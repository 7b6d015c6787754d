#include "common/archive/oci_archive_source.hpp"

#include "common/archive/tar_layout_files.hpp"
#include "common/core/error.hpp"

namespace airlock {

namespace {

std::unique_ptr<LayoutFiles> archive_layout(const std::filesystem::path& tar) {
    auto index = std::make_shared<const TarIndex>(tar);
    auto root = find_layout_root(*index);
    if (!root) {
        fail(ErrorCode::spec,
             "oci-archive:" + tar.string() + " is not an OCI layout archive: no oci-layout file");
    }
    return tar_layout_files(std::move(index), *root, "oci-archive:" + tar.string());
}

} // namespace

OciArchiveSource::OciArchiveSource(const std::filesystem::path& tar)
    : OciLayoutSource(archive_layout(tar)) {}

} // namespace airlock
