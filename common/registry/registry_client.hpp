#pragma once
// A client for the OCI distribution API (pull side): manifests and blobs of
// any repository on any host, with the Docker/OCI token flow, Basic auth,
// per-host TLS material and retries. Safe to use from several threads at
// once; connections, DNS answers and TLS sessions are reused across calls.
//
// `host` is the host to contact ("127.0.0.1:5000", "registry-1.docker.io";
// see Reference::api_host) and `repository` its path ("library/nginx").
// Errors are airlock::Error: not_found, auth, network, integrity.
#include "common/digest/digest.hpp"
#include "common/oci/model.hpp"
#include "common/registry/registry_options.hpp"
#include "common/transport/blob_reader.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace airlock {

class ClientCore;
class BlobSink;

// How blobs are pushed; see upload_blob().
struct UploadOptions {
    // Blobs up to this size go in one request from memory; larger ones are
    // streamed in chunks.
    std::uint64_t monolithic_limit = 4 * 1024 * 1024;
    // The most bytes one PATCH request carries.
    std::uint64_t chunk_size = 64 * 1024 * 1024;
    // Told the URL of each upload session as it changes, and "" once the
    // session is committed or cancelled, so that a caller can clean up the
    // sessions of a process that was killed (see cancel_upload()).
    std::function<void(const std::string& session)> on_session;
};

// What a manifest HEAD tells: the registry's digest (Docker-Content-Digest;
// empty when not sent), Content-Type and Content-Length (-1 when not sent).
struct ManifestHead {
    Digest digest;
    std::string media_type;
    std::int64_t size = -1;
};

class RegistryClient {
  public:
    // Reads options.authfile now: Error(io) or Error(spec) when it is unusable.
    explicit RegistryClient(RegistryOptions options = {});
    ~RegistryClient();
    RegistryClient(const RegistryClient&) = delete;
    RegistryClient& operator=(const RegistryClient&) = delete;

    // nullopt when the manifest does not exist. `identifier` is a tag or a digest.
    std::optional<ManifestHead> head_manifest(const std::string& host,
                                              const std::string& repository,
                                              const std::string& identifier) const;

    // The manifest's exact bytes (at most max_manifest_bytes), with the digest
    // computed over them and the media type detected from them.
    RawManifest get_manifest(const std::string& host, const std::string& repository,
                             const std::string& identifier) const;

    // The referrers of `subject` in `repository` (the OCI distribution 1.1
    // referrers API): the image index the registry answers with, at most
    // max_manifest_bytes. nullopt when the registry has no such API (it
    // answers 404); callers then read the referrers tag schema instead.
    std::optional<std::string> get_referrers(const std::string& host, const std::string& repository,
                                             const Digest& subject) const;

    // Every repository of `host` (GET /v2/_catalog, following its Link
    // pagination). Error(not_found) when the registry has no catalog API.
    std::vector<std::string> list_repositories(const std::string& host) const;
    // Every tag of `repository` (GET /v2/<name>/tags/list, paginated the
    // same way); empty when the repository has none or does not exist.
    std::vector<std::string> list_tags(const std::string& host,
                                       const std::string& repository) const;

    // The blob's size (-1 when the registry sends no Content-Length), or
    // nullopt when the blob does not exist there.
    std::optional<std::int64_t> head_blob(const std::string& host, const std::string& repository,
                                          const Digest& digest) const;

    // Streams a blob in constant memory. Not found and auth errors are thrown
    // here; transient failures are retried until the first byte is returned,
    // after which a failure throws Error(network) and the caller re-opens.
    // With expected_size >= 0 a different length is Error(integrity). The
    // bytes are not verified against `digest`; the copy pipeline does that.
    // The reader may outlive this client.
    std::unique_ptr<BlobReader> open_blob(const std::string& host, const std::string& repository,
                                          const Digest& digest,
                                          std::int64_t expected_size = -1) const;

    // ---- plain HTTP(S) ----

    // The body of `url` (http:// or https://), at most max_bytes (more is
    // Error(integrity)), fetched with this client's TLS files, credentials,
    // proxy, redirect and retry settings for the URL's host[:port]. For Helm
    // chart repositories (index.yaml, chart archives). A 404 is
    // Error(not_found); an unreachable host is Error(network) naming the URL.
    std::string fetch_url(const std::string& url, size_t max_bytes) const;

    // ---- push ----

    // Makes `digest`, present in `from` of the same host, a blob of
    // `repository` without sending its bytes. False when the registry does
    // not mount it (nothing then changed).
    bool mount_blob(const std::string& host, const std::string& repository, const Digest& digest,
                    const std::string& from) const;

    // A sink for the copy pipeline that pushes `blob` to `repository`: the
    // blob is committed (and visible by digest) only when the sink's commit()
    // runs; an uncommitted sink cancels its upload session. Monolithic for
    // small blobs, chunked for large ones (see UploadOptions).
    std::unique_ptr<BlobSink> upload_blob(const std::string& host, const std::string& repository,
                                          const Descriptor& blob,
                                          const UploadOptions& options) const;

    // Best effort: cancels an upload session left by an earlier process.
    void cancel_upload(const std::string& host, const std::string& repository,
                       const std::string& session) const;

    // Stores a manifest under `reference` (its digest, or a tag).
    void put_manifest(const std::string& host, const std::string& repository,
                      const std::string& reference, const RawManifest& manifest) const;

    // Deletes the manifest `digest` from `repository` (DELETE
    // /v2/<name>/manifests/<digest>; the registry drops the tags naming it).
    // False when it is not there (404). A registry that does not allow
    // deletes answers 405 (Distribution: UNSUPPORTED): Error(network) naming it.
    bool delete_manifest(const std::string& host, const std::string& repository,
                         const Digest& digest) const;

  private:
    std::shared_ptr<ClientCore> core_;
};

} // namespace airlock
