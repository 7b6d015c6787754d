#pragma once
// airlock-build sbom: the SBOM a bundle carries, read from the bundle and
// checked against the digest its BOM gives. Like inspect, it judges no
// signature (airlock-load verify does); it only returns what the BOM binds.
#include <filesystem>
#include <string>

namespace airlock::builder {

// "cyclonedx" or "spdx". Error(usage) for another format, Error(not_found)
// when the bundle carries none of that format, Error(integrity) when its
// bytes do not match the BOM.
std::string read_bundle_sbom(const std::filesystem::path& bundle, const std::string& format);

} // namespace airlock::builder
