#pragma once
// `airlock-load policy` as one library call: read what was loaded (a bundle,
// verified first, or every BOM the loader state recorded), the site's public
// key and any upstream vendor keys, and generate the admission policy.
#include "loader/policy/admission_policy.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace airlock::loader {

struct SitePolicyOptions {
    std::string registry; // --registry URL: the mirror the images were loaded to
    PolicyFormat format = PolicyFormat::kyverno;
    std::filesystem::path key; // the site's public key (PEM)
    std::vector<std::string> namespaces;
    bool keep_host = false;
    // Upstream vendor keys (PEM): each becomes a second authority for the
    // images the BOM says it verified; a key that verified none is left out.
    std::vector<std::filesystem::path> upstream_keys;
    std::optional<std::filesystem::path> bundle;
    std::filesystem::path state_dir = "/var/lib/airlock";
    std::optional<std::filesystem::path> trust;
};

struct SitePolicy {
    std::string yaml;
    std::string source;             // as LoadedImages::source
    std::string key_id;             // the site key's id
    std::vector<std::string> globs; // of the site authority
    std::vector<std::string> notes; // e.g. an upstream key that verified nothing
};

// Error(usage) for a bad URL, namespace or format; Error(spec)/(io) for a
// key that is not a PEM public key; then the errors of loaded_images().
SitePolicy site_policy(const SitePolicyOptions& options);

} // namespace airlock::loader
