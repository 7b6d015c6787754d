#include "common/registry/registry_destination.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/reference/reference.hpp"

#include <algorithm>

namespace airlock {

RegistryDestination::RegistryDestination(RegistryOptions client, RegistryTarget target,
                                         UploadOptions upload, SessionObserver observer)
    : client_(std::move(client)), target_(std::move(target)), upload_(std::move(upload)),
      observer_(std::move(observer)) {}

std::string RegistryDestination::describe() const {
    return "registry://" + target_.host + (target_.prefix.empty() ? "" : "/" + target_.prefix);
}

std::string target_namespace(const std::string& prefix, const std::string& upstream_host,
                             bool keep_host) {
    if (!keep_host) {
        return prefix;
    }
    std::string host = upstream_host;
    std::replace(host.begin(), host.end(), ':', '_');
    return prefix.empty() ? host : prefix + "/" + host;
}

Placement registry_placement(const std::string& prefix, bool keep_host,
                             const std::string& canonical_ref) {
    Reference ref = Reference::parse(canonical_ref);
    std::string ns = target_namespace(prefix, ref.registry, keep_host);
    return Placement{ns.empty() ? ref.repository : ns + "/" + ref.repository, ref.tag};
}

Placement registry_artifact_placement(const std::string& prefix, const std::string& path,
                                      const std::string& tag) {
    return Placement{prefix.empty() ? path : prefix + "/" + path, tag};
}

Placement RegistryDestination::place(const std::string& canonical_ref) const {
    return registry_placement(target_.prefix, target_.keep_host, canonical_ref);
}

std::string RegistryDestination::pull_repository(const std::string& canonical_ref) const {
    return target_.host + "/" + place(canonical_ref).repo;
}

Placement RegistryDestination::place_artifact(const std::string& path,
                                              const std::string& tag) const {
    return registry_artifact_placement(target_.prefix, path, tag);
}

bool RegistryDestination::has_blob(const std::string& repo, const Descriptor& blob) {
    auto size = client_.head_blob(target_.host, repo, blob.digest);
    // A registry that sends no length is trusted on the digest alone.
    return size && (*size < 0 || *size == blob.size);
}

std::unique_ptr<BlobSink> RegistryDestination::blob_sink(const std::string& repo,
                                                         const Descriptor& blob) {
    UploadOptions options = upload_;
    if (observer_) {
        options.on_session = [observer = observer_, repo, digest = blob.digest](
                                 const std::string& session) { observer(repo, digest, session); };
    }
    return client_.upload_blob(target_.host, repo, blob, options);
}

bool RegistryDestination::link_blob(const std::string& repo, const std::string& from,
                                    const Descriptor& blob) {
    return client_.mount_blob(target_.host, repo, blob.digest, from);
}

bool RegistryDestination::has_manifest(const std::string& repo, const Descriptor& manifest) {
    auto head = client_.head_manifest(target_.host, repo, manifest.digest.str());
    return head && (head->digest.empty() || head->digest == manifest.digest);
}

bool RegistryDestination::has_tag(const std::string& repo, const std::string& name,
                                  const Descriptor& manifest) {
    auto head = client_.head_manifest(target_.host, repo, name);
    // Without Docker-Content-Digest the tag cannot be compared: tag again.
    return head && head->digest == manifest.digest;
}

std::optional<RawManifest> RegistryDestination::get_tagged(const std::string& repo,
                                                           const std::string& name) {
    try {
        return client_.get_manifest(target_.host, repo, name);
    } catch (const Error& e) {
        if (e.code() == ErrorCode::not_found) {
            return std::nullopt;
        }
        throw;
    }
}

std::optional<RawManifest> RegistryDestination::read_manifest(const std::string& repo,
                                                              const Descriptor& manifest) {
    std::optional<RawManifest> m = get_tagged(repo, manifest.digest.str());
    if (m) {
        check_read_back(*m, manifest, target_.host + "/" + repo);
    }
    return m;
}

std::vector<std::string> RegistryDestination::names(const std::string& repo) {
    return client_.list_tags(target_.host, repo);
}

bool RegistryDestination::delete_manifest(const std::string& repo, const Digest& digest) {
    return client_.delete_manifest(target_.host, repo, digest);
}

std::vector<std::string> RegistryDestination::repositories() {
    try {
        return client_.list_repositories(target_.host);
    } catch (const Error& e) {
        // Without the catalog (not offered, or not granted to these
        // credentials) only the repositories the caller knows are searched.
        if (e.code() != ErrorCode::not_found && e.code() != ErrorCode::auth) {
            throw;
        }
        log::warn(std::string(e.what()) + "; other repositories are not searched");
        return {};
    }
}

bool RegistryDestination::lists_referrers(const std::string& repo, const Digest& subject) {
    return client_.get_referrers(target_.host, repo, subject).has_value();
}

void RegistryDestination::put_manifest(const std::string& repo, const RawManifest& manifest) {
    client_.put_manifest(target_.host, repo, manifest.digest.str(), manifest);
}

void RegistryDestination::tag(const std::string& repo, const std::string& name,
                              const RawManifest& manifest) {
    client_.put_manifest(target_.host, repo, name, manifest);
}

bool RegistryDestination::cancel_interrupted_upload(const std::string& repo,
                                                    const std::string& session) {
    client_.cancel_upload(target_.host, repo, session);
    return true;
}

} // namespace airlock
