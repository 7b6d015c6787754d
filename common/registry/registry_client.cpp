#include "common/registry/registry_client.hpp"

#include "common/core/error.hpp"
#include "common/json/strict_json.hpp"
#include "common/log/log.hpp"
#include "common/oci/media_types.hpp"
#include "common/registry/detail/blob_stream.hpp"
#include "common/registry/detail/client_core.hpp"
#include "common/registry/detail/curl_exchange.hpp"

#include <nlohmann/json.hpp>

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

namespace {

constexpr std::size_t max_listing_bytes = 16 * 1024 * 1024;
constexpr std::size_t max_listing_pages = 100000;

// The next page of a paginated listing, from its Link header
// (`</v2/_catalog?last=x&n=1000>; rel="next"`), as a path below the host;
// empty on the last page.
std::string next_page(const HeaderList& headers) {
    const std::string link = find_header(headers, "Link");
    const size_t open = link.find('<');
    const size_t close = link.find('>', open);
    if (open == std::string::npos || close == std::string::npos ||
        link.find("rel=\"next\"", close) == std::string::npos) {
        return {};
    }
    std::string target = link.substr(open + 1, close - open - 1);
    // Only a path of the same registry is followed, never another host.
    return target.starts_with("/v2/") ? target : std::string();
}

// The names under `key` of every page, starting at `call`.
std::vector<std::string> read_listing(ClientCore& core, Call call, const char* key) {
    std::vector<std::string> out;
    const std::string origin = call.url.substr(0, call.url.find("/v2/"));
    for (std::size_t page = 0; page < max_listing_pages; ++page) {
        Document doc = core.fetch(call, max_listing_bytes);
        nlohmann::json j =
            parse_strict_json(doc.body, max_listing_bytes, 8, ErrorCode::network, call.subject);
        if (!j.is_object()) {
            fail(ErrorCode::network, call.subject + ": not a JSON object");
        }
        if (auto it = j.find(key); it != j.end() && !it->is_null()) {
            if (!it->is_array()) {
                fail(ErrorCode::network, call.subject + ": '" + key + "' is not a list");
            }
            for (const nlohmann::json& name : *it) {
                if (!name.is_string()) {
                    fail(ErrorCode::network, call.subject + ": '" + key + "' holds a non-string");
                }
                out.push_back(name.get<std::string>());
            }
        }
        std::string next = next_page(doc.headers);
        if (next.empty()) {
            return out;
        }
        call.url = origin + next;
    }
    fail(ErrorCode::network,
         call.subject + ": more than " + std::to_string(max_listing_pages) + " pages");
}

} // namespace

std::vector<std::string> RegistryClient::list_repositories(const std::string& host) const {
    Call call = core_->registry_call(CallKind::manifest, "GET", host, "", "");
    call.url += "_catalog?n=1000";
    call.scope = "registry:catalog:*";
    call.subject = "repository catalog of " + host;
    call.missing = "registry " + host + " has no catalog API";
    return read_listing(*core_, call, "repositories");
}

std::vector<std::string> RegistryClient::list_tags(const std::string& host,
                                                   const std::string& repository) const {
    Call call = core_->registry_call(CallKind::manifest, "GET", host, repository, "/tags/list");
    call.url += "?n=1000";
    call.subject = "tags of " + host + "/" + repository;
    call.missing = call.subject + ": not found";
    try {
        return read_listing(*core_, call, "tags");
    } catch (const Error& e) {
        if (e.code() == ErrorCode::not_found) {
            return {};
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
