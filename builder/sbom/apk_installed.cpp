#include "builder/sbom/apk_installed.hpp"

#include "builder/sbom/detail/control_fields.hpp"

namespace airlock::sbom {

std::vector<OsPackage> parse_apk_installed(std::string_view text) {
    std::vector<OsPackage> out;
    detail::for_each_apk_record(text, [&](const detail::Paragraph& r) {
        const std::string* name = detail::field(r, "P");
        const std::string* version = detail::field(r, "V");
        if (name == nullptr || name->empty() || version == nullptr || version->empty()) {
            return;
        }
        OsPackage p;
        p.format = PackageFormat::apk;
        p.name = *name;
        p.version = *version;
        if (const std::string* v = detail::field(r, "A")) {
            p.arch = *v;
        }
        if (const std::string* v = detail::field(r, "L")) {
            p.license = *v;
        }
        if (const std::string* v = detail::field(r, "o")) {
            p.source = *v;
        }
        out.push_back(std::move(p));
    });
    return out;
}

} // namespace airlock::sbom
