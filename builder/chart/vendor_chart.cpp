#include "builder/chart/vendor_chart.hpp"

#include "builder/chart/chart_artifact.hpp"
#include "builder/chart/chart_package.hpp"
#include "builder/chart/chart_repository.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "common/log/log.hpp"
#include "common/oci/media_types.hpp"
#include "common/registry/registry_client.hpp"

#include <cerrno>
#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

namespace airlock::builder {

namespace {

// Big public repositories publish index files of tens of MiB.
constexpr size_t max_index_bytes = 64 * 1024 * 1024;
constexpr std::int64_t max_config_bytes = 1024 * 1024;
constexpr std::int64_t max_provenance_bytes = 1024 * 1024;

const RegistryClient& need_client(const ChartFetchOptions& o, const SpecChart& chart) {
    if (o.client == nullptr) {
        fail(ErrorCode::internal, chart.where + ": no registry client to fetch the chart with");
    }
    return *o.client;
}

// The artifact Helm would push for a packaged chart.
VendoredChart make_artifact(PackagedChart chart, std::string origin,
                            std::optional<Timestamp> created) {
    const ChartMetadata& md = chart.metadata;
    std::string& archive = chart.archive;
    VendoredChart v;
    v.files = std::move(chart.files);
    v.name = md.name;
    v.version = md.version;
    v.tag = helm_chart_tag(md.version);
    v.config = helm_config_json(md);
    v.manifest = helm_chart_manifest(v.config, archive, helm_manifest_annotations(md, created));
    v.archive = std::move(archive);
    v.origin = std::move(origin);
    return v;
}

VendoredChart vendor_local(const SpecChart& chart, const ChartFetchOptions& o) {
    namespace fs = std::filesystem;
    const std::string origin = chart.path.string();
    std::error_code ec;
    if (fs::is_directory(chart.path, ec)) {
        const std::int64_t mtime =
            o.source_date_epoch ? o.source_date_epoch->time_since_epoch().count() : 0;
        return make_artifact(package_chart_directory(chart.path, mtime), origin,
                             o.source_date_epoch);
    }
    std::string archive = read_file(chart.path, chart_limits.max_compressed_bytes);
    PackagedChart read = read_chart_archive(archive, origin);
    read.archive = std::move(archive);
    return make_artifact(std::move(read), origin, o.source_date_epoch);
}

VendoredChart vendor_from_repository(const SpecChart& chart, const ChartFetchOptions& o) {
    const RegistryClient& client = need_client(o, chart);
    const std::string index_url = chart_index_url(chart.repo);
    log::debug("chart " + chart.name + " " + chart.version + ": reading " + index_url);
    const std::string index = client.fetch_url(index_url, max_index_bytes);
    const ChartIndexEntry entry =
        find_chart_in_index(index, index_url, chart.repo, chart.name, chart.version);
    log::info("downloading chart " + chart.name + " " + chart.version + " from " + entry.url);
    std::string archive = client.fetch_url(entry.url, chart_limits.max_compressed_bytes);
    if (!entry.sha256_hex.empty()) {
        const Digest got = Digest::of(archive);
        if (got.hex() != entry.sha256_hex) {
            fail(ErrorCode::integrity, entry.url + ": digest mismatch: " + index_url +
                                           " lists sha256:" + entry.sha256_hex + ", got " +
                                           got.str());
        }
    }
    PackagedChart read = read_chart_archive(archive, entry.url);
    const ChartMetadata& md = read.metadata;
    if (md.name != chart.name || md.version != chart.version) {
        fail(ErrorCode::spec, entry.url + " holds chart " + md.name + " " + md.version + ", not " +
                                  chart.name + " " + chart.version + " as " + index_url + " says");
    }
    read.archive = std::move(archive);
    return make_artifact(std::move(read), entry.url, o.source_date_epoch);
}

std::string pull_blob(const RegistryClient& client, const std::string& host,
                      const std::string& repository, const Descriptor& d, std::int64_t limit,
                      const std::string& what) {
    if (d.size > limit) {
        fail(ErrorCode::spec, what + " is " + std::to_string(d.size) +
                                  " bytes, more than the limit of " + std::to_string(limit));
    }
    std::string bytes;
    StringSink sink(bytes);
    BlobSink* sinks[] = {&sink};
    auto reader = client.open_blob(host, repository, d.digest, d.size);
    copy_blob(*reader, d, sinks, what);
    return bytes;
}

VendoredChart vendor_from_registry(const SpecChart& chart, const ChartFetchOptions& o) {
    const RegistryClient& client = need_client(o, chart);
    const Reference& ref = *chart.oci;
    const Reference fetch = o.fetch_reference ? o.fetch_reference(ref) : ref;
    const std::string origin = "oci://" + ref.str();
    const std::string host = fetch.api_host();
    log::info("pulling chart " + origin + (fetch == ref ? std::string() : " via " + fetch.str()));

    RawManifest raw = client.get_manifest(host, fetch.repository, fetch.identifier());
    if (ref.digest) {
        verify_bytes(raw.bytes, *ref.digest, origin);
    }
    if (raw.media_type != media::oci_manifest) {
        fail(ErrorCode::spec, origin + " is not a Helm chart: its manifest is " + raw.media_type +
                                  ", not an OCI image manifest");
    }
    const ImageManifest m = parse_image_manifest(raw.bytes, origin);
    if (m.config.media_type != helm_media::config) {
        fail(ErrorCode::spec, origin + " is not a Helm chart: its config is " +
                                  m.config.media_type + ", not " + std::string(helm_media::config));
    }
    const Descriptor* content = nullptr;
    const Descriptor* prov = nullptr;
    for (const Descriptor& layer : m.layers) {
        const bool is_content = layer.media_type == helm_media::chart_content ||
                                layer.media_type == helm_media::legacy_chart_content;
        const Descriptor*& slot = is_content ? content : prov;
        if ((!is_content && layer.media_type != helm_media::provenance) || slot != nullptr) {
            fail(ErrorCode::spec, origin + " is not a Helm chart: unexpected layer " +
                                      layer.media_type + " " + layer.digest.str());
        }
        slot = &layer;
    }
    if (content == nullptr) {
        fail(ErrorCode::spec, origin + " is not a Helm chart: no " +
                                  std::string(helm_media::chart_content) + " layer");
    }

    VendoredChart v;
    v.config =
        pull_blob(client, host, fetch.repository, m.config, max_config_bytes, origin + " config");
    v.archive = pull_blob(client, host, fetch.repository, *content,
                          static_cast<std::int64_t>(chart_limits.max_compressed_bytes),
                          origin + " chart archive");
    if (prov != nullptr) {
        v.provenance = pull_blob(client, host, fetch.repository, *prov, max_provenance_bytes,
                                 origin + " provenance");
    }
    const auto config = nlohmann::json::parse(v.config, nullptr, false);
    if (!config.is_object() || !config.value("name", nlohmann::json()).is_string() ||
        !config.value("version", nlohmann::json()).is_string()) {
        fail(ErrorCode::spec, origin + " is not a Helm chart: its config has no name and version");
    }
    v.name = config["name"].get<std::string>();
    v.version = config["version"].get<std::string>();
    if (v.version != chart.version) {
        fail(ErrorCode::spec,
             origin + " holds chart version " + v.version + ", not " + chart.version);
    }
    PackagedChart read = read_chart_archive(v.archive, origin);
    const ChartMetadata& md = read.metadata;
    v.files = std::move(read.files);
    if (md.name != v.name || md.version != v.version) {
        fail(ErrorCode::spec, origin + ": the archive holds chart " + md.name + " " + md.version +
                                  " but the config says " + v.name + " " + v.version);
    }
    v.manifest = std::move(raw.bytes);
    v.tag = helm_chart_tag(chart.version);
    v.origin = origin;
    return v;
}

} // namespace

RawManifest VendoredChart::raw_manifest() const {
    return RawManifest{manifest, std::string(manifest_media_type), manifest_digest()};
}

std::vector<ChartBlob> VendoredChart::blobs() const {
    const ImageManifest m = parse_image_manifest(manifest, "chart " + name + " " + version);
    const Digest archive_digest = Digest::of(archive);
    const Digest provenance_digest = provenance.empty() ? Digest() : Digest::of(provenance);
    std::vector<ChartBlob> out;
    out.push_back({m.config, config});
    for (const Descriptor& layer : m.layers) {
        if (layer.digest == archive_digest) {
            out.push_back({layer, archive});
        } else if (!provenance.empty() && layer.digest == provenance_digest) {
            out.push_back({layer, provenance});
        } else {
            fail(ErrorCode::internal,
                 "chart " + name + " " + version + ": no bytes for layer " + layer.digest.str());
        }
    }
    return out;
}

VendoredChart vendor_chart(const SpecChart& chart, const ChartFetchOptions& options) {
    switch (chart.source) {
    case SpecChart::Source::path:
        return vendor_local(chart, options);
    case SpecChart::Source::repo:
        return vendor_from_repository(chart, options);
    case SpecChart::Source::oci:
        if (!chart.oci) {
            fail(ErrorCode::internal, chart.where + ": oci chart without a reference");
        }
        return vendor_from_registry(chart, options);
    }
    fail(ErrorCode::internal, chart.where + ": unknown chart source");
}

} // namespace airlock::builder
