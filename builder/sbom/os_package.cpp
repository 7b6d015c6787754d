#include "builder/sbom/os_package.hpp"

#include "builder/sbom/purl.hpp"

#include <algorithm>
#include <cctype>

namespace airlock::sbom {

namespace {

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string distro(const OsRelease& os) {
    if (os.id.empty()) {
        return {};
    }
    const std::string& v = !os.version_id.empty() ? os.version_id : os.version_codename;
    return v.empty() ? lower(os.id) : lower(os.id) + "-" + v;
}

} // namespace

std::string_view to_string(PackageFormat format) {
    switch (format) {
    case PackageFormat::apk:
        return "apk";
    case PackageFormat::rpm:
        return "rpm";
    case PackageFormat::deb:
        break;
    }
    return "deb";
}

std::string package_purl(const OsPackage& p, const OsRelease& os) {
    Purl purl;
    purl.type = std::string(to_string(p.format));
    switch (p.format) {
    case PackageFormat::deb:
        purl.namespace_ = os.id.empty() ? "debian" : lower(os.id);
        purl.name = lower(p.name);
        if (!p.source.empty() && p.source != p.name) {
            purl.qualifiers["upstream"] =
                p.source_version.empty() ? p.source : p.source + "@" + p.source_version;
        }
        break;
    case PackageFormat::apk:
        purl.namespace_ = os.id.empty() ? "alpine" : lower(os.id);
        purl.name = lower(p.name);
        break;
    case PackageFormat::rpm:
        purl.namespace_ = os.id.empty() ? "rpm" : lower(os.id);
        purl.name = p.name;
        if (p.epoch) {
            purl.qualifiers["epoch"] = std::to_string(*p.epoch);
        }
        if (!p.source.empty()) {
            purl.qualifiers["upstream"] = p.source;
        }
        break;
    }
    // rpm's epoch is a qualifier; its version is version-release.
    purl.version = p.version;
    if (p.format == PackageFormat::rpm && p.epoch) {
        std::size_t colon = p.version.find(':');
        if (colon != std::string::npos) {
            purl.version = p.version.substr(colon + 1);
        }
    }
    purl.qualifiers["arch"] = p.arch;
    purl.qualifiers["distro"] = distro(os);
    return purl.str();
}

} // namespace airlock::sbom
