#include "common/layout/layout_garbage.hpp"

#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/layout/oci_layout_destination.hpp"
#include "common/oci/media_types.hpp"
#include "common/oci/model.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace airlock {

namespace {

std::optional<Digest> sha256_digest(const nlohmann::json& descriptor) {
    if (!descriptor.is_object()) {
        return std::nullopt;
    }
    auto it = descriptor.find("digest");
    if (it == descriptor.end() || !it->is_string()) {
        return std::nullopt;
    }
    const std::string& text = it->get_ref<const std::string&>();
    if (!text.starts_with("sha256:") || !is_sha256_hex(std::string_view(text).substr(7))) {
        return std::nullopt; // another algorithm: not in blobs/sha256
    }
    return Digest::parse(text);
}

class Walk {
  public:
    Walk(std::filesystem::path blobs, bool follow_subject)
        : blobs_(std::move(blobs)), follow_subject_(follow_subject) {}

    // Marks `digest` and, when it is a manifest or index the layout holds,
    // everything it references.
    void visit(const Digest& digest) {
        if (!seen.insert(digest).second) {
            return;
        }
        std::optional<nlohmann::json> doc = manifest(digest);
        if (!doc) {
            return;
        }
        for (const char* list : {"manifests", "layers", "blobs"}) {
            auto it = doc->find(list);
            if (it == doc->end() || !it->is_array()) {
                continue;
            }
            for (const nlohmann::json& d : *it) {
                if (auto child = sha256_digest(d)) {
                    visit(*child);
                }
            }
        }
        if (auto config = doc->find("config"); config != doc->end()) {
            if (auto c = sha256_digest(*config)) {
                visit(*c);
            }
        }
        if (auto subject = doc->find("subject"); follow_subject_ && subject != doc->end()) {
            if (auto s = sha256_digest(*subject)) {
                visit(*s);
            }
        }
    }

    std::set<Digest> seen;

  private:
    // The blob parsed when it is a manifest or index; nullopt for a blob that
    // is not one (a layer, a config) or that the layout lacks.
    std::optional<nlohmann::json> manifest(const Digest& digest) const {
        const std::filesystem::path path = blobs_ / digest.hex();
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
            st.st_size > static_cast<off_t>(max_manifest_bytes)) {
            return std::nullopt;
        }
        std::string bytes = read_file(path, max_manifest_bytes);
        if (Digest::of(bytes) != digest) {
            fail(ErrorCode::integrity, path.string() + " does not match its digest " +
                                           digest.str() + "; refusing to collect garbage");
        }
        auto doc = nlohmann::json::parse(bytes, nullptr, false);
        if (doc.is_discarded() || !doc.is_object()) {
            return std::nullopt; // a config or another JSON blob that is not a document
        }
        const std::string type = doc.value("mediaType", "");
        const bool shaped = doc.contains("manifests") || doc.contains("layers") ||
                            (doc.contains("config") && doc.value("schemaVersion", 0) == 2);
        if (!media::is_index(type) && !media::is_manifest(type) && !shaped) {
            return std::nullopt;
        }
        return doc;
    }

    std::filesystem::path blobs_;
    bool follow_subject_;
};

} // namespace

LayoutGarbage find_layout_garbage(const std::filesystem::path& dir,
                                  const std::set<Digest>& removed) {
    const std::filesystem::path blobs = dir / "blobs" / "sha256";
    const nlohmann::json index = read_layout_index(dir / "index.json");
    Walk reachable(blobs, true);
    for (const nlohmann::json& entry : index["manifests"]) {
        std::optional<Digest> d = sha256_digest(entry);
        if (d && removed.count(*d) == 0) {
            reachable.visit(*d);
        }
    }
    Walk brought(blobs, false);
    for (const Digest& d : removed) {
        brought.visit(d);
    }
    LayoutGarbage out;
    for (const Digest& d : brought.seen) {
        if (reachable.seen.count(d) != 0) {
            continue;
        }
        struct stat st {};
        if (::lstat((blobs / d.hex()).c_str(), &st) != 0) {
            continue; // never here, or gone already
        }
        out.blobs.push_back(LayoutBlob{d, static_cast<std::uint64_t>(st.st_size)});
        out.bytes += static_cast<std::uint64_t>(st.st_size);
    }
    return out;
}

std::uint64_t remove_layout_garbage(const std::filesystem::path& dir,
                                    const LayoutGarbage& garbage) {
    std::uint64_t freed = 0;
    for (const LayoutBlob& b : garbage.blobs) {
        const std::filesystem::path path = dir / "blobs" / "sha256" / b.digest.hex();
        if (::unlink(path.c_str()) == 0) {
            freed += b.size;
        } else if (errno != ENOENT) {
            fail(ErrorCode::io, "cannot remove " + path.string() + ": " + std::strerror(errno));
        }
    }
    return freed;
}

} // namespace airlock
