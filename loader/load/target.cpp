#include "loader/load/target.hpp"

#include "common/core/error.hpp"
#include "common/layout/oci_layout_destination.hpp"

namespace airlock::loader {

namespace {

constexpr std::string_view oci_prefix = "oci:";
constexpr std::string_view registry_prefix = "registry://";

[[noreturn]] void bad_target(const std::string& text, const std::string& why) {
    fail(ErrorCode::usage,
         "--to '" + text + "': " + why + " (want oci:DIR or registry://HOST[:PORT][/PREFIX])");
}

} // namespace

Target parse_target(const std::string& text) {
    Target t;
    t.text = text;
    std::string_view s = text;
    if (s.starts_with(oci_prefix)) {
        s.remove_prefix(oci_prefix.size());
        if (s.empty()) {
            bad_target(text, "no directory");
        }
        // skopeo reads "oci:DIR:REF", so a directory with ':' could not be read back.
        if (s.find(':') != std::string_view::npos) {
            bad_target(text, "the directory must not contain ':'");
        }
        t.kind = Target::Kind::oci_layout;
        t.dir = std::filesystem::absolute(std::filesystem::path(s)).lexically_normal();
        t.text = "oci:" + t.dir.string();
        return t;
    }
    if (s.starts_with(registry_prefix)) {
        s.remove_prefix(registry_prefix.size());
        size_t slash = s.find('/');
        t.kind = Target::Kind::registry;
        t.host = std::string(s.substr(0, slash));
        if (slash != std::string_view::npos) {
            t.prefix = std::string(s.substr(slash + 1));
            while (!t.prefix.empty() && t.prefix.back() == '/') {
                t.prefix.pop_back();
            }
        }
        if (t.host.empty()) {
            bad_target(text, "no registry host");
        }
        return t;
    }
    bad_target(text, "unknown target type");
}

std::unique_ptr<Destination> make_destination(const Target& target,
                                              const DestinationOptions& /*options*/) {
    switch (target.kind) {
    case Target::Kind::oci_layout:
        return std::make_unique<OciLayoutDestination>(target.dir);
    case Target::Kind::registry:
        // The seam for the registry client (common/registry): construct its
        // Destination here from target.host, target.prefix and `options`.
        fail(ErrorCode::usage, "registry targets: not yet implemented (use --to oci:DIR)");
    }
    fail(ErrorCode::internal, "unknown target kind");
}

} // namespace airlock::loader
