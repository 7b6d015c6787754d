#include "builder/sbom/sbom_model.hpp"

#include "builder/sbom/purl.hpp"

#include <algorithm>
#include <cctype>

namespace airlock::sbom {

bool is_sbom_attachment(std::string_view kind, std::string_view artifact_type) {
    if (kind == "sbom") {
        return true;
    }
    std::string type(artifact_type);
    std::transform(type.begin(), type.end(), type.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return type.find("spdx") != std::string::npos || type.find("cyclonedx") != std::string::npos;
}

RepositoryTag split_image_ref(std::string_view ref) {
    RepositoryTag out;
    std::size_t at = ref.find('@');
    std::string_view name = ref.substr(0, at);
    std::size_t slash = name.rfind('/');
    std::size_t colon = name.rfind(':');
    if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
        out.tag = std::string(name.substr(colon + 1));
        name = name.substr(0, colon);
    }
    out.repository = std::string(name);
    return out;
}

std::string oci_purl(std::string_view repository, const Digest& digest, std::string_view tag,
                     std::string_view arch) {
    Purl purl;
    purl.type = "oci";
    std::size_t slash = repository.rfind('/');
    std::string name(slash == std::string_view::npos ? repository : repository.substr(slash + 1));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    purl.name = name;
    purl.version = digest.str();
    purl.qualifiers["arch"] = std::string(arch);
    purl.qualifiers["repository_url"] = std::string(repository);
    purl.qualifiers["tag"] = std::string(tag);
    return purl.str();
}

std::string uuid_from_seed(std::string_view seed) {
    std::string hex = Digest::of(seed).hex();
    // Byte 6's high nibble is the version; byte 8's top bits the variant (10).
    hex[12] = '5';
    static constexpr char variant[] = "89ab";
    hex[16] = variant[std::stoi(hex.substr(16, 1), nullptr, 16) & 3];
    return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
           hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

} // namespace airlock::sbom
