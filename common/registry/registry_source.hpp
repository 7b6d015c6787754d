#pragma once
// A registry as a Source: manifests and blobs of the references it is given,
// fetched from each reference's API host (Reference::api_host).
#include "common/registry/registry_client.hpp"
#include "common/transport/source.hpp"

#include <memory>
#include <string>

namespace airlock {

class RegistrySource final : public Source {
  public:
    // `registry` names the registry in describe() ("docker.io", "127.0.0.1:5000").
    RegistrySource(std::shared_ptr<RegistryClient> client, std::string registry);

    std::string describe() const override;
    RawManifest get_manifest(const Reference& ref) override;
    RawManifest get_manifest(const Reference& ref, const Digest& digest) override;
    // Passes blob.size on, so a registry sending another length fails early.
    std::unique_ptr<BlobReader> open_blob(const Reference& ref, const Descriptor& blob) override;
    std::optional<std::string> referrers(const Reference& ref, const Digest& subject) override;
    bool concurrent_reads() const override { return true; }

  private:
    std::shared_ptr<RegistryClient> client_;
    std::string registry_;
};

} // namespace airlock
