#include "loader/mirror/configure_mirror.hpp"

#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/log/log.hpp"
#include "loader/mirror/mirror_formats.hpp"
#include "loader/verify/verify_bundle.hpp"

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

struct Images {
    std::vector<BomImage> images;
    std::string source;
};

Images images_of_bundle(const ConfigureMirrorOptions& o) {
    StateStore state(o.state_dir, StateStore::Access::read);
    EffectivePolicy policy = load_effective_policy(state, o.trust);
    VerifiedBundle bundle =
        verify_bundle(VerifyOptions{*o.bundle, false, false, nullptr}, policy, state);
    const VerifyReport& r = bundle.report();
    log::info("verified " + r.name + " " + r.version + " (" + r.bom_digest + ") with the " +
              r.policy_origin + " trust policy" +
              (r.development_policy ? " (DEVELOPMENT keys: for tests only)" : ""));
    if (bundle.bom().images.empty()) {
        fail(ErrorCode::not_found,
             "bundle " + o.bundle->string() + " carries no images: there is nothing to mirror");
    }
    return {bundle.bom().images, "bundle " + r.name + " " + r.version};
}

Images images_of_state(const ConfigureMirrorOptions& o) {
    StateStore state(o.state_dir, StateStore::Access::read);
    Images out;
    std::vector<Bom> boms = state.recorded_boms();
    for (const Bom& bom : boms) {
        out.images.insert(out.images.end(), bom.images.begin(), bom.images.end());
    }
    if (out.images.empty()) {
        fail(ErrorCode::not_found, "no loaded images recorded in " + o.state_dir.string() +
                                       ": load a bundle first (airlock-load load), pass "
                                       "--state-dir, or name a BUNDLE");
    }
    out.source = "loader state " + o.state_dir.string() + " (" + std::to_string(boms.size()) +
                 (boms.size() == 1 ? " bundle)" : " bundles)");
    return out;
}

} // namespace

ConfigureMirrorSummary configure_mirror(const ConfigureMirrorOptions& o) {
    MirrorRequest request;
    request.format = o.format;
    request.mirror = parse_mirror_url(o.registry);
    request.keep_host = o.keep_host;
    request.block_upstream = o.block_upstream;
    request.tls = o.tls;
    check_mirror_request(request);
    request.tls =
        MirrorTls{tls_file("--ca", o.tls.ca), tls_file("--client-cert", o.tls.client_cert),
                  tls_file("--client-key", o.tls.client_key)};

    Images images = o.bundle ? images_of_bundle(o) : images_of_state(o);
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
