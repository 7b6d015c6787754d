#include "common/archive/tar_layout_files.hpp"

#include "common/core/error.hpp"

namespace airlock {

namespace {

class TarLayoutFiles final : public LayoutFiles {
  public:
    TarLayoutFiles(std::shared_ptr<const TarIndex> index, std::string root, std::string description)
        : index_(std::move(index)), root_(std::move(root)), description_(std::move(description)) {}

    std::string describe() const override { return description_; }

    FileSlice open(std::string_view relative) const override {
        std::string name = root_ + std::string(relative);
        if (!index_->find(name)) {
            fail(ErrorCode::not_found, description_ + " has no file '" + name + "'");
        }
        return index_->open(name);
    }

  private:
    std::shared_ptr<const TarIndex> index_;
    std::string root_;
    std::string description_;
};

} // namespace

std::optional<std::string> find_layout_root(const TarIndex& index) {
    if (index.find("oci-layout")) {
        return std::string();
    }
    std::optional<std::string> root;
    for (const std::string& name : index.file_names()) {
        size_t slash = name.find('/');
        if (slash == std::string::npos || name.substr(slash + 1) != "oci-layout") {
            continue;
        }
        if (root) {
            fail(ErrorCode::spec, "tar archive " + index.path().string() +
                                      " holds several OCI layouts (" + *root + ", " +
                                      name.substr(0, slash + 1) + ")");
        }
        root = name.substr(0, slash + 1);
    }
    return root;
}

std::unique_ptr<LayoutFiles> tar_layout_files(std::shared_ptr<const TarIndex> index,
                                              std::string root, std::string description) {
    return std::make_unique<TarLayoutFiles>(std::move(index), std::move(root),
                                            std::move(description));
}

} // namespace airlock
