#pragma once
// The names a registry target gives a bundle's content, as a Destination that
// only answers place() and place_artifact(), exactly as RegistryDestination
// maps them (target_namespace), and can do nothing else: every other call
// throws Error(internal). The planner of a full bundle asks a destination
// only for names, so plan_load through it is pure; a delta's planner would
// ask the target what its base left, which this refuses.
#include "common/transport/destination.hpp"

#include <string>

namespace airlock::loader {

struct ServeNaming {
    std::string prefix; // repository prefix, may be empty (load's registry://HOST/PREFIX)
    bool keep_host = false;
};

class NamingDestination final : public Destination {
  public:
    explicit NamingDestination(ServeNaming naming) : naming_(std::move(naming)) {}

    std::string describe() const override;
    Placement place(const std::string& canonical_ref) const override;
    Placement place_artifact(const std::string& path, const std::string& tag) const override;
    bool has_blob(const std::string& repo, const Descriptor& blob) override;
    std::unique_ptr<BlobSink> blob_sink(const std::string& repo, const Descriptor& blob) override;
    void put_manifest(const std::string& repo, const RawManifest& manifest) override;
    void tag(const std::string& repo, const std::string& name,
             const RawManifest& manifest) override;
    void commit() override;

  private:
    ServeNaming naming_;
};

} // namespace airlock::loader
