#include "loader/mirror/configure_mirror.hpp"

#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/log/log.hpp"
#include "loader/mirror/loaded_images.hpp"
#include "loader/mirror/mirror_formats.hpp"

namespace airlock::loader {

namespace {

// An absolute path to an existing regular file, or empty when not given.
std::filesystem::path tls_file(const std::string& flag, const std::filesystem::path& path) {
    if (path.empty()) {
        return path;
    }
    std::error_code ec;
    auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status)) {
        fail(ErrorCode::spec, flag + " " + path.string() + ": no such file");
    }
    if (!std::filesystem::is_regular_file(status)) {
        fail(ErrorCode::spec, flag + " " + path.string() + ": not a regular file");
    }
    (void)File::open_read(path); // Error(io) naming it when it cannot be read
    // Nodes read it later, from wherever they run: name it absolutely.
    return std::filesystem::absolute(path).lexically_normal();
}

} // namespace

ConfigureMirrorSummary configure_mirror(const ConfigureMirrorOptions& o) {
    MirrorRequest request;
    request.format = o.format;
    request.mirror = parse_mirror_url(o.registry);
    request.keep_host = o.keep_host;
    request.block_upstream = o.block_upstream;
    request.tls = o.tls;
    request.capi = o.capi;
    check_mirror_request(request);
    request.tls =
        MirrorTls{tls_file("--ca", o.tls.ca), tls_file("--client-cert", o.tls.client_cert),
                  tls_file("--client-key", o.tls.client_key)};

    LoadedImages images = loaded_images(o.bundle, o.state_dir, o.trust);
    request.upstreams = upstream_hosts(images.images);
    MirrorConfig config = generate_mirror_config(request);

    ConfigureMirrorSummary s;
    s.format = o.format;
    s.mirror = request.mirror;
    s.keep_host = o.keep_host;
    s.block_upstream = o.block_upstream;
    s.source = images.source;
    s.upstreams = request.upstreams;
    for (const std::string& upstream : request.upstreams) {
        s.locations.push_back(mirror_location(request, upstream));
    }
    s.files = write_mirror_config(std::filesystem::absolute(o.out_dir).lexically_normal(), config);
    s.notes = config.notes;
    for (const std::string& note : s.notes) {
        log::warn(note);
    }
    return s;
}

std::string ConfigureMirrorSummary::to_text() const {
    std::string out = std::string(to_string(format)) + " mirror configuration for " + source +
                      ": " + std::to_string(upstreams.size()) +
                      (upstreams.size() == 1 ? " upstream registry" : " upstream registries") +
                      (block_upstream ? ", upstreams blocked" : "") + "\n";
    for (size_t i = 0; i < upstreams.size(); ++i) {
        out += "  " + upstreams[i] + " -> " + locations[i] + "\n";
    }
    out += "wrote:\n";
    for (const auto& f : files) {
        out += "  " + f.string() + "\n";
    }
    return out;
}

} // namespace airlock::loader
