#pragma once
// The names a registry target gives a bundle's content, as a Destination that
// only answers place() and place_artifact(), exactly as RegistryDestination
// maps them (target_namespace), and what a delta's planner asks of its base:
// has_blob and read_manifest, answered from the base bundles being served
// (verified, and each manifest checked against its digest). Writes throw
// Error(internal): plan_load through it stays pure.
#include "common/transport/destination.hpp"
#include "loader/verify/verified_bundle.hpp"

#include <map>
#include <string>
#include <vector>

namespace airlock::loader {

struct ServeNaming {
    std::string prefix; // repository prefix, may be empty (load's registry://HOST/PREFIX)
    bool keep_host = false;
};

class NamingDestination final : public Destination {
  public:
    explicit NamingDestination(ServeNaming naming,
                               const std::vector<const VerifiedBundle*>& bases = {});

    std::string describe() const override;
    Placement place(const std::string& canonical_ref) const override;
    Placement place_artifact(const std::string& path, const std::string& tag) const override;
    bool has_blob(const std::string& repo, const Descriptor& blob) override;
    std::optional<RawManifest> read_manifest(const std::string& repo,
                                             const Descriptor& manifest) override;
    std::unique_ptr<BlobSink> blob_sink(const std::string& repo, const Descriptor& blob) override;
    void put_manifest(const std::string& repo, const RawManifest& manifest) override;
    void tag(const std::string& repo, const std::string& name,
             const RawManifest& manifest) override;
    void commit() override;

    // The base bundle carrying `digest` with `size`, and the blob's index in its BOM.
    std::optional<std::pair<const VerifiedBundle*, std::size_t>>
    find_in_bases(const Digest& digest, std::int64_t size) const;

  private:
    ServeNaming naming_;
    // Every blob the bases carry, found once: the planner asks per blob.
    std::map<Digest, std::pair<const VerifiedBundle*, std::size_t>> base_blobs_;
};

} // namespace airlock::loader
