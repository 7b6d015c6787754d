#pragma once
// os-release(5): KEY=value lines, values optionally in single or double
// quotes (double quotes allow backslash escapes of \ " $ `). Unknown keys,
// comments and malformed lines are ignored.
#include "builder/sbom/os_package.hpp"

#include <string_view>

namespace airlock::sbom {

OsRelease parse_os_release(std::string_view text);

} // namespace airlock::sbom
