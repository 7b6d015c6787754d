#include "loader/receipt/held_media.hpp"

#include "common/core/error.hpp"
#include "common/layout/layout_files.hpp"
#include "common/layout/oci_layout_source.hpp"

namespace airlock::loader {

namespace {

// index.json may name many more images than a manifest holds descriptors
// (OciLayoutSource allows as much).
constexpr size_t max_held_layout_index_bytes = 16 * max_manifest_bytes;

class LayoutHeldContent final : public HeldContent {
  public:
    explicit LayoutHeldContent(const std::filesystem::path& dir)
        : files_(directory_layout_files(dir)), text_(files_->describe()) {
        // Refuses a directory that is not an OCI layout, as the loader would.
        OciLayoutSource check(directory_layout_files(dir));
    }

    std::string describe() const override { return text_; }

    std::vector<HeldRoot> roots() override {
        const std::string where = text_ + ": index.json";
        FileSlice slice;
        try {
            slice = files_->open("index.json");
        } catch (const Error& e) {
            if (e.code() == ErrorCode::not_found) {
                fail(ErrorCode::spec, text_ + " is not an OCI layout: no index.json");
            }
            throw;
        }
        std::vector<HeldRoot> out;
        for (const Descriptor& d :
             parse_image_index(read_slice(slice, max_held_layout_index_bytes, where), where)
                 .manifests) {
            out.push_back({"", d.digest.str()});
        }
        return out;
    }

    RawManifest manifest(const std::string&, const std::string& identifier) override {
        const Digest digest = Digest::parse(identifier);
        const std::string where = text_ + "@" + identifier;
        RawManifest m;
        m.bytes = read_slice(files_->open(layout_blob_path(digest)), max_manifest_bytes, where);
        m.digest = Digest::of(m.bytes);
        if (m.digest != digest) {
            fail(ErrorCode::integrity, where + ": the file holds " + m.digest.str());
        }
        m.media_type = detect_media_type(m.bytes, "", where);
        return m;
    }

    std::optional<std::int64_t> blob_size(const std::string&, const Digest& digest) override {
        try {
            return static_cast<std::int64_t>(files_->open(layout_blob_path(digest)).size);
        } catch (const Error& e) {
            if (e.code() == ErrorCode::not_found) {
                return std::nullopt;
            }
            throw;
        }
    }

  private:
    std::unique_ptr<LayoutFiles> files_;
    std::string text_;
};

} // namespace

std::unique_ptr<HeldContent> layout_held_content(const std::filesystem::path& dir) {
    return std::make_unique<LayoutHeldContent>(dir);
}

} // namespace airlock::loader
