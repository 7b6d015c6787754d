#include "common/transport/local_sources.hpp"

#include "common/archive/docker_archive_source.hpp"
#include "common/archive/oci_archive_source.hpp"
#include "common/core/error.hpp"
#include "common/layout/oci_layout_source.hpp"

#include <array>

namespace airlock {

namespace {

constexpr std::array<std::string_view, 3> transports = {"oci", "oci-archive", "docker-archive"};

Reference digest_only(std::string_view text, std::string_view whole) {
    Reference ref;
    try {
        ref.digest = Digest::parse(text);
    } catch (const Error& e) {
        fail(ErrorCode::usage, "invalid reference in '" + std::string(whole) + "': " + e.what());
    }
    return ref;
}

Reference docker_reference(std::string_view text, std::string_view whole) {
    try {
        return Reference::parse(text);
    } catch (const Error& e) {
        fail(ErrorCode::usage, "invalid reference in '" + std::string(whole) + "': " + e.what());
    }
}

Reference layout_reference(std::string_view text) {
    Reference ref;
    if (text.find_first_of("/:@") == std::string_view::npos) {
        ref.tag = std::string(text);
        return ref;
    }
    try {
        return Reference::parse(text);
    } catch (const Error&) {
        ref.tag = std::string(text);
        return ref;
    }
}

} // namespace

bool is_local_transport(std::string_view transport_ref) {
    size_t colon = transport_ref.find(':');
    if (colon == std::string_view::npos) {
        return false;
    }
    std::string_view name = transport_ref.substr(0, colon);
    for (std::string_view t : transports) {
        if (name == t) {
            return true;
        }
    }
    return false;
}

LocalSource open_local_source(std::string_view transport_ref) {
    if (!is_local_transport(transport_ref)) {
        fail(ErrorCode::usage, "unknown transport in '" + std::string(transport_ref) +
                                   "' (expected oci:DIR[:REF], oci-archive:FILE[:REF] or "
                                   "docker-archive:FILE[:REF])");
    }
    size_t colon = transport_ref.find(':');
    std::string_view transport = transport_ref.substr(0, colon);
    std::string_view rest = transport_ref.substr(colon + 1);
    size_t ref_colon = rest.find(':');
    std::string_view path = rest.substr(0, ref_colon);
    std::string_view ref_text =
        ref_colon == std::string_view::npos ? std::string_view() : rest.substr(ref_colon + 1);
    if (path.empty()) {
        fail(ErrorCode::usage, "missing path in '" + std::string(transport_ref) + "'");
    }

    LocalSource out;
    if (ref_text.starts_with('@')) {
        out.ref = digest_only(ref_text.substr(1), transport_ref);
    } else if (!ref_text.empty()) {
        out.ref = transport == "docker-archive" ? docker_reference(ref_text, transport_ref)
                                                : layout_reference(ref_text);
    }

    std::filesystem::path p{std::string(path)};
    if (transport == "oci") {
        out.source = std::make_unique<OciLayoutSource>(p);
    } else if (transport == "oci-archive") {
        out.source = std::make_unique<OciArchiveSource>(p);
    } else {
        out.source = std::make_unique<DockerArchiveSource>(p);
    }
    return out;
}

} // namespace airlock
