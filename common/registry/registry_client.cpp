#include "common/registry/registry_client.hpp"

#include "common/core/error.hpp"
#include "common/log/log.hpp"
#include "common/oci/media_types.hpp"
#include "common/registry/detail/blob_stream.hpp"
#include "common/registry/detail/client_core.hpp"
#include "common/registry/detail/curl_exchange.hpp"

namespace airlock {

namespace {

std::string media_type_of(const std::string& content_type) {
    std::string_view mt = content_type;
    mt = mt.substr(0, mt.find(';'));
    while (!mt.empty() && mt.back() == ' ') {
        mt.remove_suffix(1);
    }
    return std::string(mt);
}

} // namespace

RegistryClient::RegistryClient(RegistryOptions options)
    : core_(std::make_shared<ClientCore>(std::move(options), std::make_shared<CurlConnector>())) {}

RegistryClient::~RegistryClient() = default;

std::optional<ManifestHead> RegistryClient::head_manifest(const std::string& host,
                                                          const std::string& repository,
                                                          const std::string& identifier) const {
    Call call = core_->manifest_call("HEAD", host, repository, identifier);
    std::unique_ptr<Exchange> exchange;
    try {
        exchange = core_->open(call);
    } catch (const Error& e) {
        if (e.code() == ErrorCode::not_found) {
            return std::nullopt;
        }
        throw;
    }
    ManifestHead head;
    std::string digest = find_header(exchange->headers(), "docker-content-digest");
    if (!digest.empty()) {
        try {
            head.digest = Digest::parse(digest);
        } catch (const Error&) {
            // Only sha256 is supported; the GET computes the digest anyway.
            log::debug(call.subject + ": ignoring Docker-Content-Digest '" + digest + "'");
        }
    }
    head.media_type = media_type_of(find_header(exchange->headers(), "content-type"));
    head.size = exchange->content_length();
    return head;
}

RawManifest RegistryClient::get_manifest(const std::string& host, const std::string& repository,
                                         const std::string& identifier) const {
    Call call = core_->manifest_call("GET", host, repository, identifier);
    Document doc = core_->fetch(call, max_manifest_bytes);
    RawManifest manifest;
    manifest.media_type = detect_media_type(
        doc.body, media_type_of(find_header(doc.headers, "content-type")), call.subject);
    manifest.digest = Digest::of(doc.body);
    manifest.bytes = std::move(doc.body);
    return manifest;
}

std::optional<std::string> RegistryClient::get_referrers(const std::string& host,
                                                         const std::string& repository,
                                                         const Digest& subject) const {
    Call call = core_->registry_call(CallKind::manifest, "GET", host, repository,
                                     "/referrers/" + subject.str());
    call.headers.push_back("Accept: " + std::string(media::oci_index));
    call.subject = "referrers of " + host + "/" + repository + "@" + subject.str();
    call.missing = call.subject + ": not found";
    try {
        return core_->fetch(call, max_manifest_bytes).body;
    } catch (const Error& e) {
        if (e.code() == ErrorCode::not_found) {
            return std::nullopt;
        }
        throw;
    }
}

std::optional<std::int64_t> RegistryClient::head_blob(const std::string& host,
                                                      const std::string& repository,
                                                      const Digest& digest) const {
    Call call = core_->blob_call("HEAD", host, repository, digest);
    try {
        return core_->open(call)->content_length();
    } catch (const Error& e) {
        if (e.code() == ErrorCode::not_found) {
            return std::nullopt;
        }
        throw;
    }
}

std::unique_ptr<BlobReader> RegistryClient::open_blob(const std::string& host,
                                                      const std::string& repository,
                                                      const Digest& digest,
                                                      std::int64_t expected_size) const {
    return std::make_unique<RegistryBlobStream>(
        core_, core_->blob_call("GET", host, repository, digest), expected_size);
}

std::string RegistryClient::fetch_url(const std::string& url, size_t max_bytes) const {
    Call call = core_->url_call(url);
    return core_->fetch(call, max_bytes).body;
}

} // namespace airlock
