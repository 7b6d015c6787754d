// The push half of RegistryClient (the pull half is registry_client.cpp).
#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/registry/detail/blob_upload.hpp"
#include "common/registry/detail/client_core.hpp"
#include "common/registry/detail/redirect_policy.hpp"
#include "common/registry/registry_client.hpp"

namespace airlock {

bool RegistryClient::mount_blob(const std::string& host, const std::string& repository,
                                const Digest& digest, const std::string& from) const {
    Call call = core_->registry_call(CallKind::blob, "POST", host, repository,
                                     "/blobs/uploads/?mount=" + digest.str() + "&from=" + from);
    call.scope = push_scope(repository) + " repository:" + from + ":pull";
    call.verb = "mount";
    call.subject = "blob " + digest.str() + " from " + from + " into " + host + "/" + repository;
    call.missing = "repository " + host + "/" + repository + " refused a mount";
    auto exchange = core_->open(call);
    const long status = exchange->status();
    std::string location = find_header(exchange->headers(), "location");
    drain(*exchange);
    if (status == 201) {
        return true;
    }
    // 202: the registry opened an ordinary upload session instead; close it.
    if (!location.empty()) {
        cancel_upload(host, repository, resolve_location(call, location));
    }
    return false;
}

std::unique_ptr<BlobSink> RegistryClient::upload_blob(const std::string& host,
                                                      const std::string& repository,
                                                      const Descriptor& blob,
                                                      const UploadOptions& options) const {
    return std::make_unique<BlobUpload>(core_, host, repository, blob, options);
}

void RegistryClient::cancel_upload(const std::string& host, const std::string& repository,
                                   const std::string& session) const {
    try {
        Call call = core_->registry_call(CallKind::blob, "DELETE", host, repository, "");
        call.url = resolve_location(call, session);
        call.scope = push_scope(repository);
        call.verb = "cancel";
        call.subject = "upload session in " + host + "/" + repository;
        auto exchange = core_->begin(call);
        exchange->await_response();
        drain(*exchange);
    } catch (const std::exception& e) {
        log::debug(std::string("cannot cancel an upload session: ") + e.what());
    }
}

void RegistryClient::put_manifest(const std::string& host, const std::string& repository,
                                  const std::string& reference, const RawManifest& manifest) const {
    Call call = core_->manifest_call("PUT", host, repository, reference);
    call.scope = push_scope(repository);
    call.verb = "push";
    call.headers.push_back("Content-Type: " + manifest.media_type);
    call.body = std::make_shared<const std::string>(manifest.bytes);
    call.body_length = static_cast<std::int64_t>(manifest.bytes.size());
    auto exchange = core_->open(call);
    drain(*exchange);
    // A registry that stored other bytes than ours would serve another digest.
    std::string digest = find_header(exchange->headers(), "docker-content-digest");
    if (!digest.empty() && digest != manifest.digest.str()) {
        fail(ErrorCode::integrity, call.subject + ": the registry stored it as " + digest +
                                       ", expected " + manifest.digest.str());
    }
}

bool RegistryClient::delete_manifest(const std::string& host, const std::string& repository,
                                     const Digest& digest) const {
    Call call = core_->manifest_call("DELETE", host, repository, digest.str());
    call.scope = "repository:" + repository + ":delete";
    call.verb = "delete";
    try {
        auto exchange = core_->open(call);
        drain(*exchange);
    } catch (const Error& e) {
        if (e.code() == ErrorCode::not_found) {
            return false;
        }
        throw;
    }
    return true;
}

} // namespace airlock
