#include "builder/sbom/dpkg_status.hpp"

#include "builder/sbom/detail/control_fields.hpp"

namespace airlock::sbom {

namespace {

bool dpkg_installed(std::string_view status) {
    // "<want> <flag> <status>": the flag must be "ok" and the status "installed".
    auto words = detail::split_words(status);
    return words.size() == 3 && words[1] == "ok" && words[2] == "installed";
}

} // namespace

std::vector<OsPackage> parse_dpkg_status(std::string_view text, bool require_status) {
    std::vector<OsPackage> out;
    detail::for_each_paragraph(text, [&](const detail::Paragraph& fields) {
        const std::string* name = detail::field(fields, "package");
        const std::string* version = detail::field(fields, "version");
        const std::string* status = detail::field(fields, "status");
        if (name == nullptr || name->empty() || version == nullptr || version->empty()) {
            return;
        }
        if (status != nullptr ? !dpkg_installed(*status) : require_status) {
            return;
        }
        OsPackage p;
        p.format = PackageFormat::deb;
        p.name = *name;
        p.version = *version;
        if (const std::string* arch = detail::field(fields, "architecture")) {
            p.arch = *arch;
        }
        if (const std::string* source = detail::field(fields, "source")) {
            // "Source: name" or "Source: name (version)".
            auto words = detail::split_words(*source);
            if (!words.empty()) {
                p.source = std::string(words[0]);
            }
            if (words.size() == 2 && words[1].size() > 2 && words[1].front() == '(' &&
                words[1].back() == ')') {
                p.source_version = std::string(words[1].substr(1, words[1].size() - 2));
            }
        }
        out.push_back(std::move(p));
    });
    return out;
}

} // namespace airlock::sbom
