#include "common/bundle/bom_document.hpp"

#include "common/bundle/head_reader.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"

#include <fstream>

namespace airlock {

bool looks_like_json(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    char c = 0;
    while (in.get(c)) {
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
            return c == '{';
        }
    }
    return false;
}

BomDocument read_bom_document(const std::filesystem::path& path) {
    BomDocument doc;
    if (std::filesystem::is_regular_file(path) && looks_like_json(path)) {
        doc.bytes = read_named_file(path, "BOM", max_bom_bytes);
        try {
            doc.bom = Bom::parse(doc.bytes);
        } catch (const Error& e) {
            fail(e.code(), path.string() + ": " + e.what());
        }
    } else {
        BundleHead head = read_bundle_head(BundleFiles::open(path));
        doc.bytes = std::move(head.bom_bytes);
        doc.bom = std::move(head.bom);
    }
    doc.digest = Digest::of(doc.bytes);
    return doc;
}

} // namespace airlock
