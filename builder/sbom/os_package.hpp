#pragma once
// An operating-system package as a package database records it, and the
// distribution it belongs to (os-release). Plain data; the parsers
// (dpkg_status, apk_installed, rpm_db, os_release) fill them.
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace airlock::sbom {

enum class PackageFormat { deb, apk, rpm };

struct OsPackage {
    PackageFormat format = PackageFormat::deb;
    std::string name;
    // As the package manager shows it: dpkg's Version (with its epoch), apk's
    // V:, rpm's [epoch:]version-release.
    std::string version;
    std::string arch;    // empty when the database has none
    std::string license; // as the database writes it; empty when none (dpkg has none)
    // The source package: dpkg's Source (name only; source_version when it
    // names one), apk's origin (o:), rpm's SOURCERPM file name.
    std::string source;
    std::string source_version;
    std::optional<std::uint32_t> epoch; // rpm only; dpkg keeps it in version

    auto operator<=>(const OsPackage&) const = default;
};

// The fields of os-release(5) that name a distribution.
struct OsRelease {
    std::string id;               // "debian", "alpine", "fedora"
    std::string version_id;       // "12", "3.19.1"
    std::string version_codename; // "bookworm"
    std::string pretty_name;
    bool empty() const { return id.empty(); }
    auto operator<=>(const OsRelease&) const = default;
};

std::string_view to_string(PackageFormat format);

// The package's purl: pkg:deb/<id>/<name>@<version>?arch=..&distro=<id>-<version_id>
// (&upstream=<source> when it differs), pkg:apk/<id>/..., pkg:rpm/<id>/...
// (&epoch=). The namespace is os.id, or "debian"/"alpine"/"rpm" when the
// image has no os-release.
std::string package_purl(const OsPackage& package, const OsRelease& os);

} // namespace airlock::sbom
