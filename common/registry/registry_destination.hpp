#pragma once
// A registry as a Destination: images land in repositories PREFIX/<upstream
// path> (what containerd's hosts.toml mirrors ask for), or PREFIX/<upstream
// host>/<path> with keep_host. Blobs already in a repository are skipped
// (HEAD); a blob another repository of this load already holds is mounted
// rather than sent again; the rest is pushed through BlobUpload. Tags are
// visible as soon as tag() returns, which is why the pipeline tags last.
#include "common/registry/registry_client.hpp"
#include "common/transport/destination.hpp"

#include <functional>
#include <string>

namespace airlock {

struct RegistryTarget {
    std::string host;   // "host[:port]"
    std::string prefix; // repository prefix, may be empty
    bool keep_host = false;
};

// Where an upstream registry's repositories live in a target: PREFIX,
// PREFIX/<upstream host> with keep_host ("host:port" written "host_port",
// since a repository path has no ':'), or "" for the target's root. The one
// mapping that loads, mirror configuration and the resolver share.
std::string target_namespace(const std::string& prefix, const std::string& upstream_host,
                             bool keep_host);

// Where the image `canonical_ref` names lands in such a target, and where an
// artifact airlock names itself (`path`) does: the placements every load and
// every served bundle share.
Placement registry_placement(const std::string& prefix, bool keep_host,
                             const std::string& canonical_ref);
Placement registry_artifact_placement(const std::string& prefix, const std::string& path,
                                      const std::string& tag);

class RegistryDestination final : public Destination {
  public:
    // Told each upload session as it opens or moves, and "" when it ends.
    using SessionObserver = std::function<void(const std::string& repo, const Digest& blob,
                                               const std::string& session)>;

    RegistryDestination(RegistryOptions client, RegistryTarget target, UploadOptions upload,
                        SessionObserver observer = {});

    std::string describe() const override;
    Placement place(const std::string& canonical_ref) const override;
    Placement place_artifact(const std::string& path, const std::string& tag) const override;
    // "host[:port]/<repository of place()>".
    std::string pull_repository(const std::string& canonical_ref) const override;
    bool has_blob(const std::string& repo, const Descriptor& blob) override;
    std::unique_ptr<BlobSink> blob_sink(const std::string& repo, const Descriptor& blob) override;
    bool link_blob(const std::string& repo, const std::string& from,
                   const Descriptor& blob) override;
    bool has_manifest(const std::string& repo, const Descriptor& manifest) override;
    bool has_tag(const std::string& repo, const std::string& name,
                 const Descriptor& manifest) override;
    std::optional<RawManifest> get_tagged(const std::string& repo,
                                          const std::string& name) override;
    bool lists_referrers(const std::string& repo, const Digest& subject) override;
    std::optional<RawManifest> read_manifest(const std::string& repo,
                                             const Descriptor& manifest) override;
    // The catalog, or nothing (logged) when the registry does not offer one.
    std::vector<std::string> repositories() override;
    void put_manifest(const std::string& repo, const RawManifest& manifest) override;
    void tag(const std::string& repo, const std::string& name,
             const RawManifest& manifest) override;
    bool delete_manifest(const std::string& repo, const Digest& digest) override;
    std::vector<std::string> names(const std::string& repo) override;
    void commit() override {}
    bool concurrent_puts() const override { return true; }
    // DELETE on the session's upload URL; the registry then drops its partial data.
    bool cancel_interrupted_upload(const std::string& repo, const std::string& session) override;

  private:
    RegistryClient client_;
    RegistryTarget target_;
    UploadOptions upload_;
    SessionObserver observer_;
};

} // namespace airlock
