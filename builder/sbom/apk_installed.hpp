#pragma once
// apk's database of installed packages (lib/apk/db/installed): records of
// "K:value" lines split by blank lines. Read: P name, V version, A arch,
// L license, o origin (source package). Records without P or V are skipped.
#include "builder/sbom/os_package.hpp"

#include <string_view>
#include <vector>

namespace airlock::sbom {

std::vector<OsPackage> parse_apk_installed(std::string_view text);

} // namespace airlock::sbom
