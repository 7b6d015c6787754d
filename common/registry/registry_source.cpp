#include "common/registry/registry_source.hpp"

namespace airlock {

RegistrySource::RegistrySource(std::shared_ptr<RegistryClient> client, std::string registry)
    : client_(std::move(client)), registry_(std::move(registry)) {}

std::string RegistrySource::describe() const {
    return "registry " + registry_;
}

RawManifest RegistrySource::get_manifest(const Reference& ref) {
    return client_->get_manifest(ref.api_host(), ref.repository, ref.identifier());
}

RawManifest RegistrySource::get_manifest(const Reference& ref, const Digest& digest) {
    return client_->get_manifest(ref.api_host(), ref.repository, digest.str());
}

std::unique_ptr<BlobReader> RegistrySource::open_blob(const Reference& ref,
                                                      const Descriptor& blob) {
    return client_->open_blob(ref.api_host(), ref.repository, blob.digest, blob.size);
}

std::optional<std::string> RegistrySource::referrers(const Reference& ref, const Digest& subject) {
    return client_->get_referrers(ref.api_host(), ref.repository, subject);
}

} // namespace airlock
