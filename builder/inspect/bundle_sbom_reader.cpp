#include "builder/inspect/bundle_sbom_reader.hpp"

#include "builder/sbom/cyclonedx.hpp"
#include "builder/sbom/spdx.hpp"
#include "common/bundle/bundle_check.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"

namespace airlock::builder {

namespace {

// An SBOM of a large bundle is a few megabytes; this bounds a hostile BOM.
constexpr std::int64_t max_sbom_bytes = 512 * 1024 * 1024;

} // namespace

std::string read_bundle_sbom(const std::filesystem::path& bundle, const std::string& format) {
    std::string_view media_type;
    if (format == "cyclonedx") {
        media_type = sbom::cyclonedx_media_type;
    } else if (format == "spdx") {
        media_type = sbom::spdx_media_type;
    } else {
        fail(ErrorCode::usage, "unknown SBOM format '" + format + "': expected cyclonedx or spdx");
    }
    BundleFiles files = BundleFiles::open(bundle);
    BundleHead head = read_bundle_head(files);
    for (const BomFile& s : head.bom.sboms) {
        if (s.media_type != media_type) {
            continue;
        }
        for (size_t i = 0; i < head.bom.blobs.size(); ++i) {
            const BomBlob& b = head.bom.blobs[i];
            if (b.digest != s.digest) {
                continue;
            }
            if (b.size > max_sbom_bytes) {
                fail(ErrorCode::malformed, s.name + " is larger than an SBOM may be");
            }
            std::string bytes;
            auto reader = open_bundle_blob(files, head, i);
            StringSink sink(bytes);
            BlobSink* sinks[] = {&sink};
            copy_blob(*reader, Descriptor{b.media_type, b.digest, b.size, {}, {}, {}}, sinks,
                      s.name + " of " + bundle.string());
            return bytes;
        }
        fail(ErrorCode::malformed, s.name + " is listed in the BOM but not carried");
    }
    fail(ErrorCode::not_found,
         bundle.string() + " carries no " + format + " SBOM (built with --sbom " +
             (format == "cyclonedx" ? "spdx or none)" : "cyclonedx or none)"));
}

} // namespace airlock::builder
