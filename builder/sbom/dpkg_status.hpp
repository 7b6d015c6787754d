#pragma once
// dpkg's database of installed packages: var/lib/dpkg/status, or one file per
// package in var/lib/dpkg/status.d/ (distroless images). Both are deb822
// paragraphs; a package counts when its Status says it is installed
// ("<want> ok installed": "install", and also "hold" or "deinstall", which
// dpkg-query lists as installed too). Malformed paragraphs are skipped.
#include "builder/sbom/os_package.hpp"

#include <string_view>
#include <vector>

namespace airlock::sbom {

// A status.d/ file may have no Status field (distroless writes none): pass
// require_status = false for those.
std::vector<OsPackage> parse_dpkg_status(std::string_view text, bool require_status = true);

} // namespace airlock::sbom
