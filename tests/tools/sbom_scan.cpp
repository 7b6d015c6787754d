// Test-only: drives builder/sbom the way `airlock-build create` will, until
// that wiring lands. Reads a JSON description of a bundle whose images name
// their layers as files, streams every layer through copy_blob with a
// LayerScanner as its sink (each layer once, however many images share it),
// and writes the CycloneDX and SPDX documents and a package list.
//
//   airlock-sbom-scan INPUT.json --cyclonedx OUT --spdx OUT [--packages OUT.tsv]
//
// INPUT: {"name","version","created","builder",
//         "images": [{"ref","mediaType","digest",
//                     "platforms": [{"platform","digest","layers": [PATH...]}],
//                     "sboms":
//                     [{"kind","subject","digest","size","mediaType","artifactType","tag"}]}],
//         "charts"|"manifests"|"files": [{"name","version","digest","size","mediaType"}]}
// --packages writes "<platform digest>\t<name>\t<version>\t<arch>\t<purl>" lines.
// Each layer's scan speed goes to stderr as "scan <path>: <MB> MB in <s> s".
#include "builder/sbom/cyclonedx.hpp"
#include "builder/sbom/image_packages.hpp"
#include "builder/sbom/layer_scanner.hpp"
#include "builder/sbom/spdx.hpp"
#include "common/copy/copy.hpp"
#include "common/io/file_reader.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

namespace sbom = airlock::sbom;
using nlohmann::json;

namespace {

airlock::Digest digest_of_file(const std::filesystem::path& path) {
    airlock::FileReader reader(path);
    airlock::Sha256 sha;
    std::vector<std::byte> buf(1 << 20);
    while (std::size_t n = reader.read(buf)) {
        sha.update(std::span(buf.data(), n));
    }
    return sha.finish();
}

std::string text(const json& j, const char* key) {
    return j.contains(key) ? j.at(key).get<std::string>() : std::string{};
}

airlock::Digest digest(const json& j, const char* key) {
    return j.contains(key) ? airlock::Digest::parse(j.at(key).get<std::string>())
                           : airlock::Digest{};
}

std::vector<sbom::SbomArtifact> artifacts(const json& list) {
    std::vector<sbom::SbomArtifact> out;
    for (const json& a : list) {
        out.push_back({text(a, "name"), text(a, "version"), digest(a, "digest"),
                       a.value("size", std::int64_t{0}), text(a, "mediaType")});
    }
    return out;
}

void write_file(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
}

} // namespace

int main(int argc, char** argv) try {
    if (argc < 2) {
        std::cerr << "usage: airlock-sbom-scan INPUT.json [--cyclonedx OUT] [--spdx OUT] "
                     "[--packages OUT]\n";
        return 2;
    }
    std::map<std::string, std::string> outputs;
    for (int i = 2; i + 1 < argc; i += 2) {
        outputs[argv[i]] = argv[i + 1];
    }
    std::ifstream in(argv[1]);
    json input = json::parse(in);

    // Each layer file is scanned once.
    std::map<std::string, sbom::LayerFindings> scanned;
    auto scan = [&](const std::string& path) -> const sbom::LayerFindings& {
        auto it = scanned.find(path);
        if (it != scanned.end()) {
            return it->second;
        }
        airlock::Descriptor expected;
        expected.digest = digest_of_file(path);
        expected.size = static_cast<std::int64_t>(std::filesystem::file_size(path));
        airlock::FileReader reader(path);
        sbom::LayerScanner scanner;
        airlock::BlobSink* sinks[] = {&scanner};
        auto start = std::chrono::steady_clock::now();
        airlock::copy_blob(reader, expected, sinks, path);
        std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        std::fprintf(stderr, "scan %s: %.1f MB compressed, %.1f MB tar in %.3f s\n", path.c_str(),
                     static_cast<double>(expected.size) / 1e6,
                     static_cast<double>(scanner.findings().tar_bytes) / 1e6, took.count());
        return scanned.emplace(path, scanner.take_findings()).first->second;
    };

    sbom::SbomDocument doc;
    doc.name = text(input, "name");
    doc.version = text(input, "version");
    doc.created = text(input, "created");
    doc.builder = text(input, "builder");
    std::string packages_tsv;
    for (const json& ji : input.value("images", json::array())) {
        sbom::SbomImage image;
        image.ref = text(ji, "ref");
        auto rt = sbom::split_image_ref(image.ref);
        image.repository = rt.repository;
        image.tag = rt.tag;
        image.digest = digest(ji, "digest");
        image.media_type = text(ji, "mediaType");
        for (const json& jp : ji.value("platforms", json::array())) {
            sbom::SbomPlatformImage platform;
            platform.platform = text(jp, "platform");
            platform.digest = digest(jp, "digest");
            std::vector<const sbom::LayerFindings*> layers;
            for (const json& layer : jp.value("layers", json::array())) {
                layers.push_back(&scan(layer.get<std::string>()));
            }
            platform.packages = sbom::image_packages(layers);
            for (const sbom::OsPackage& p : platform.packages.packages) {
                packages_tsv += platform.digest.str() + "\t" + p.name + "\t" + p.version + "\t" +
                                p.arch + "\t" + sbom::package_purl(p, platform.packages.os) + "\n";
            }
            for (const std::string& note : platform.packages.notes) {
                std::cerr << "note: " << platform.platform << ": " << note << "\n";
            }
            image.platforms.push_back(std::move(platform));
        }
        for (const json& ja : ji.value("sboms", json::array())) {
            image.sboms.push_back({text(ja, "kind"), digest(ja, "subject"), digest(ja, "digest"),
                                   ja.value("size", std::int64_t{0}), text(ja, "mediaType"),
                                   text(ja, "artifactType"), text(ja, "tag")});
        }
        doc.images.push_back(std::move(image));
    }
    doc.charts = artifacts(input.value("charts", json::array()));
    doc.manifests = artifacts(input.value("manifests", json::array()));
    doc.files = artifacts(input.value("files", json::array()));

    if (outputs.count("--cyclonedx")) {
        write_file(outputs["--cyclonedx"], sbom::cyclonedx_json(doc));
    }
    if (outputs.count("--spdx")) {
        write_file(outputs["--spdx"], sbom::spdx_json(doc));
    }
    if (outputs.count("--packages")) {
        write_file(outputs["--packages"], packages_tsv);
    }
    return 0;
} catch (const std::exception& e) {
    std::cerr << "airlock-sbom-scan: " << e.what() << "\n";
    return 1;
}
