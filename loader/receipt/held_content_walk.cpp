#include "loader/receipt/held_content.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/oci/media_types.hpp"

#include <map>
#include <set>

namespace airlock::loader {

namespace {

class HeldWalker {
  public:
    explicit HeldWalker(HeldContent& content) : content_(content) {}

    HeldContentWalk run() {
        for (const HeldRoot& root : content_.roots()) {
            ++out_.roots;
            const std::string where = name_of(root.scope, root.identifier);
            std::optional<RawManifest> m = read(root.scope, root.identifier, where);
            if (m) {
                visit(root.scope, *m, where, 0);
            }
        }
        for (auto& [digest, blob] : held_) {
            out_.blobs.push_back(std::move(blob));
        }
        return std::move(out_);
    }

  private:
    std::string name_of(const std::string& scope, const std::string& identifier) const {
        const std::string sep = identifier.starts_with("sha256:") ? "@" : ":";
        return content_.describe() + (scope.empty() ? "" : "/" + scope) + sep + identifier;
    }

    void skip(const std::string& line) {
        log::warn("receipt leaves out " + line);
        out_.skipped.push_back(line);
    }

    // The manifest, or nullopt (skipped) when the medium lacks it or it is no manifest.
    std::optional<RawManifest> read(const std::string& scope, const std::string& identifier,
                                    const std::string& where) {
        try {
            return content_.manifest(scope, identifier);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::not_found && e.code() != ErrorCode::integrity) {
                throw;
            }
            skip(where + ": " + e.what());
            return std::nullopt;
        }
    }

    void visit(const std::string& scope, const RawManifest& m, const std::string& where,
               int depth) {
        if (!visited_.insert(m.digest).second) {
            return;
        }
        try {
            if (media::is_index(m.media_type)) {
                visit_index(scope, parse_image_index(m.bytes, where), where, depth);
            } else if (media::is_manifest(m.media_type)) {
                ImageManifest im = parse_image_manifest(m.bytes, where);
                check_blob(scope, im.config, where);
                for (const Descriptor& layer : im.layers) {
                    check_blob(scope, layer, where);
                }
            } else {
                skip(where + ": media type " + m.media_type + " is not a manifest or index");
                return;
            }
        } catch (const Error& e) {
            if (e.code() != ErrorCode::integrity) {
                throw;
            }
            skip(where + ": " + e.what());
            return;
        }
        ++out_.manifests;
        held_.emplace(m.digest,
                      BomBlob{m.digest, static_cast<std::int64_t>(m.bytes.size()), m.media_type});
    }

    void visit_index(const std::string& scope, const ImageIndex& index, const std::string& where,
                     int depth) {
        for (const Descriptor& child : index.manifests) {
            const std::string child_where = name_of(scope, child.digest.str());
            if (visited_.contains(child.digest)) {
                continue;
            }
            if (depth + 1 >= max_held_index_depth) {
                skip(child_where + ": indexes nested deeper than " +
                     std::to_string(max_held_index_depth));
                continue;
            }
            std::optional<RawManifest> m = read(scope, child.digest.str(), child_where);
            if (!m) {
                continue;
            }
            if (m->digest != child.digest) {
                skip(child_where + ": the medium served bytes of " + m->digest.str() +
                     " (named by " + where + ")");
                continue;
            }
            visit(scope, *m, child_where, depth + 1);
        }
    }

    void check_blob(const std::string& scope, const Descriptor& d, const std::string& where) {
        if (held_.contains(d.digest)) {
            return;
        }
        std::optional<std::int64_t> size;
        try {
            size = content_.blob_size(scope, d.digest);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::not_found && e.code() != ErrorCode::integrity) {
                throw;
            }
        }
        const std::string blob_where =
            content_.describe() + (scope.empty() ? "" : "/" + scope) + " blob " + d.digest.str();
        if (!size) {
            skip(blob_where + ": not there (named by " + where + ")");
            return;
        }
        if (*size >= 0 && *size != d.size) {
            skip(blob_where + ": " + std::to_string(*size) + " bytes, " + where + " says " +
                 std::to_string(d.size));
            return;
        }
        held_.emplace(d.digest, BomBlob{d.digest, d.size, d.media_type});
    }

    HeldContent& content_;
    HeldContentWalk out_;
    std::set<Digest> visited_;
    std::map<Digest, BomBlob> held_;
};

} // namespace

HeldContentWalk walk_held_content(HeldContent& content) {
    return HeldWalker(content).run();
}

} // namespace airlock::loader
