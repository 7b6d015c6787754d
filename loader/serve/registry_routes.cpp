#include "loader/serve/registry_routes.hpp"

#include "common/core/text.hpp"
#include "common/oci/media_types.hpp"
#include "loader/serve/distribution_error.hpp"

#include <nlohmann/json.hpp>

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace airlock::loader {

namespace {

constexpr std::string_view routes_json_type = "application/json";
constexpr std::string_view routes_v2_marker_manifests = "/manifests/";
constexpr std::string_view routes_v2_marker_blobs = "/blobs/";
constexpr std::string_view routes_v2_marker_referrers = "/referrers/";
constexpr std::string_view routes_v2_suffix_tags = "/tags/list";

// Request text can hold any bytes; dump() would throw on invalid UTF-8.
std::string routes_dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

HttpResponse routes_answer(int status) {
    HttpResponse r;
    r.status = status;
    r.headers.emplace_back("Docker-Distribution-API-Version", "registry/2.0");
    return r;
}

void routes_set_body(HttpResponse& r, std::string body, std::string_view content_type) {
    r.headers.emplace_back("Content-Type", std::string(content_type));
    r.content_length = body.size();
    r.body = std::move(body);
}

HttpResponse routes_error(int status, std::string_view code, std::string_view message,
                          std::string_view detail = {}) {
    nlohmann::json e = {{"code", code}, {"message", message}};
    if (!detail.empty()) {
        e["detail"] = detail;
    }
    HttpResponse r = routes_answer(status);
    routes_set_body(r, routes_dump({{"errors", {e}}}), routes_json_type);
    return r;
}

HttpResponse routes_error(DistributionError error, std::string_view detail = {}) {
    return routes_error(http_status(error), code_string(error), default_message(error), detail);
}

HttpResponse routes_json(const nlohmann::json& j) {
    HttpResponse r = routes_answer(200);
    routes_set_body(r, routes_dump(j), routes_json_type);
    return r;
}

// RFC 3986 percent-decoding ('+' stays '+': media types contain it). Text
// that is not well encoded is kept as sent: its '%' then fails every grammar
// it is checked against (names, tags, digests), which is the answer it
// deserves, and a `last` or an artifactType that matches nothing is harmless.
std::string routes_decoded(std::string_view text) {
    return percent_decode(text).value_or(std::string(text));
}

// The query's parameters, decoded; the first of a repeated name counts.
class RoutesQuery {
  public:
    explicit RoutesQuery(std::string_view query) {
        while (!query.empty()) {
            std::size_t amp = query.find('&');
            std::string_view part = query.substr(0, amp);
            query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
            if (part.empty()) {
                continue;
            }
            std::size_t eq = part.find('=');
            std::string name = routes_decoded(part.substr(0, eq));
            std::string value =
                eq == std::string_view::npos ? std::string() : routes_decoded(part.substr(eq + 1));
            bool seen = false;
            for (const auto& p : params_) {
                seen = seen || p.first == name;
            }
            if (!seen) {
                params_.emplace_back(std::move(name), std::move(value));
            }
        }
    }
    std::optional<std::string> get(std::string_view name) const {
        for (const auto& [k, v] : params_) {
            if (k == name) {
                return v;
            }
        }
        return std::nullopt;
    }

  private:
    std::vector<std::pair<std::string, std::string>> params_;
};

// `n`: absent, or a non-negative decimal integer (a huge one means "all").
// False when present and not one.
bool routes_parse_n(const RoutesQuery& query, std::optional<std::size_t>& n) {
    std::optional<std::string> text = query.get("n");
    if (!text) {
        return true;
    }
    if (text->empty()) {
        return false;
    }
    std::size_t value = 0;
    for (char c : *text) {
        if (c < '0' || c > '9') {
            return false;
        }
        auto digit = static_cast<std::size_t>(c - '0');
        value = value > (std::numeric_limits<std::size_t>::max() - digit) / 10
                    ? std::numeric_limits<std::size_t>::max()
                    : value * 10 + digit;
    }
    n = value;
    return true;
}

HttpResponse routes_page(const nlohmann::json& j, const Page& page, const std::string& base_url,
                         std::optional<std::size_t> n) {
    HttpResponse r = routes_json(j);
    if (page.next_last && n) {
        r.headers.emplace_back("Link", "<" + base_url + "?n=" + std::to_string(*n) + "&last=" +
                                           percent_encode(*page.next_last) + ">; rel=\"next\"");
    }
    return r;
}

// A single byte range of RFC 9110 ("bytes=a-b", "bytes=a-", "bytes=-n").
struct RoutesByteRange {
    enum class Kind { ignored, unsatisfiable, satisfiable } kind = Kind::ignored;
    std::uint64_t first = 0;
    std::uint64_t length = 0;
};

// Digits as a number, saturating (a position past any blob is just that).
std::optional<std::uint64_t> routes_range_number(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        auto digit = static_cast<std::uint64_t>(c - '0');
        value = value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10
                    ? std::numeric_limits<std::uint64_t>::max()
                    : value * 10 + digit;
    }
    return value;
}

std::string_view routes_trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

// Malformed and multi-range headers are ignored (RFC 9110 14.2 lets a
// server answer them 200 with the whole body), which keeps multipart out.
RoutesByteRange routes_parse_range(std::string_view header, std::uint64_t size) {
    using Kind = RoutesByteRange::Kind;
    header = routes_trimmed(header);
    std::size_t eq = header.find('=');
    if (eq == std::string_view::npos) {
        return {};
    }
    std::string_view unit = routes_trimmed(header.substr(0, eq));
    if (unit.size() != 5 || (unit[0] | 0x20) != 'b' || (unit[1] | 0x20) != 'y' ||
        (unit[2] | 0x20) != 't' || (unit[3] | 0x20) != 'e' || (unit[4] | 0x20) != 's') {
        return {};
    }
    std::string_view spec = routes_trimmed(header.substr(eq + 1));
    std::size_t dash = spec.find('-');
    if (spec.find(',') != std::string_view::npos || dash == std::string_view::npos) {
        return {};
    }
    std::string_view first_text = spec.substr(0, dash);
    std::string_view last_text = spec.substr(dash + 1);
    if (first_text.empty()) { // suffix: the last n bytes
        auto n = routes_range_number(last_text);
        if (!n) {
            return {};
        }
        if (*n == 0 || size == 0) {
            return {Kind::unsatisfiable, 0, 0};
        }
        std::uint64_t length = std::min(*n, size);
        return {Kind::satisfiable, size - length, length};
    }
    auto first = routes_range_number(first_text);
    if (!first) {
        return {};
    }
    std::optional<std::uint64_t> last;
    if (!last_text.empty()) {
        last = routes_range_number(last_text);
        if (!last || *last < *first) {
            return {};
        }
    }
    if (*first >= size) {
        return {Kind::unsatisfiable, 0, 0};
    }
    std::uint64_t end = last ? std::min(*last, size - 1) : size - 1;
    return {Kind::satisfiable, *first, end - *first + 1};
}

std::vector<FileSegment> routes_segments(const VerifiedBundle& bundle, std::uint64_t offset,
                                         std::uint64_t size) {
    std::vector<FileSegment> out;
    for (const VolumeSpan& s : bundle.files().spans(offset, size)) {
        out.push_back({s.fd, s.offset, s.length});
    }
    return out;
}

HttpResponse routes_bad_blob(const Digest& digest) {
    return routes_error(DistributionError::blob_unknown,
                        "the bytes of " + digest.str() +
                            " in the bundle file no longer match the BOM: the bundle changed "
                            "since it was verified");
}

struct RoutesContext {
    const HttpRequest& request;
    const ServeIndex& index;
    BlobGuard& guard;
    const std::shared_ptr<const void>& owner;
    bool head = false;
};

HttpResponse routes_manifest(const RoutesContext& c, const std::string& name,
                             const std::string& reference) {
    auto answer = c.index.manifest(name, reference);
    if (!answer.ok()) {
        return routes_error(answer.error);
    }
    const ServedManifest& m = *answer.value;
    HttpResponse r = routes_answer(200);
    r.headers.emplace_back("Docker-Content-Digest", m.digest.str());
    r.headers.emplace_back("ETag", "\"" + m.digest.str() + "\"");
    routes_set_body(r, *m.bytes, m.media_type);
    return r;
}

HttpResponse routes_blob(const RoutesContext& c, const std::string& name,
                         const std::string& digest_text) {
    auto answer = c.index.blob(name, digest_text);
    if (!answer.ok()) {
        return routes_error(answer.error);
    }
    const ServedBlob& blob = *answer.value;
    const auto* range = std::get_if<BundleRange>(&blob.where);
    if (range != nullptr && c.guard.is_bad(*range, blob.digest)) {
        return routes_bad_blob(blob.digest);
    }
    const auto size = static_cast<std::uint64_t>(blob.size);
    auto with_blob_headers = [&](int status) {
        HttpResponse r = routes_answer(status);
        r.headers.emplace_back("Content-Type", "application/octet-stream");
        r.headers.emplace_back("Docker-Content-Digest", blob.digest.str());
        r.headers.emplace_back("ETag", "\"" + blob.digest.str() + "\"");
        r.headers.emplace_back("Accept-Ranges", "bytes");
        return r;
    };
    if (c.head) {
        HttpResponse r = with_blob_headers(200);
        r.content_length = size;
        return r;
    }

    RoutesByteRange wanted;
    if (!c.request.range.empty()) {
        wanted = routes_parse_range(c.request.range, size);
    }
    if (wanted.kind == RoutesByteRange::Kind::unsatisfiable) {
        HttpResponse r = routes_answer(416);
        r.headers.emplace_back("Content-Range", "bytes */" + std::to_string(size));
        return r;
    }
    const bool partial = wanted.kind == RoutesByteRange::Kind::satisfiable;
    const std::uint64_t first = partial ? wanted.first : 0;
    const std::uint64_t length = partial ? wanted.length : size;
    // Part of a blob cannot be checked on its own, so the whole is checked
    // before any of it goes out.
    if (partial && range != nullptr && !c.guard.check_now(*range, blob.digest)) {
        return routes_bad_blob(blob.digest);
    }
    HttpResponse r = with_blob_headers(partial ? 206 : 200);
    if (partial) {
        r.headers.emplace_back("Content-Range", "bytes " + std::to_string(first) + "-" +
                                                    std::to_string(first + length - 1) + "/" +
                                                    std::to_string(size));
    }
    r.content_length = length;
    if (range != nullptr) {
        FileBody body;
        body.segments = routes_segments(*range->bundle, range->offset + first, length);
        if (!partial) {
            body.observer = c.guard.observe(*range, blob.digest);
        }
        body.owner = c.owner;
        r.body = std::move(body);
    } else {
        const std::string& bytes = *std::get<std::shared_ptr<const std::string>>(blob.where);
        r.body = bytes.substr(static_cast<std::size_t>(first), static_cast<std::size_t>(length));
    }
    return r;
}

HttpResponse routes_tags(const RoutesContext& c, const std::string& name, const RoutesQuery& q) {
    std::optional<std::size_t> n;
    if (!routes_parse_n(q, n)) {
        return routes_error(DistributionError::pagination_number_invalid,
                            "n must be a non-negative integer");
    }
    std::optional<std::string> last = q.get("last");
    auto answer =
        c.index.tags(name, n, last ? std::optional<std::string_view>(*last) : std::nullopt);
    if (!answer.ok()) {
        return routes_error(answer.error);
    }
    nlohmann::json j = {{"name", name}, {"tags", answer.value->entries}};
    return routes_page(j, *answer.value, "/v2/" + name + "/tags/list", n);
}

HttpResponse routes_catalog(const RoutesContext& c, const RoutesQuery& q) {
    std::optional<std::size_t> n;
    if (!routes_parse_n(q, n)) {
        return routes_error(DistributionError::pagination_number_invalid,
                            "n must be a non-negative integer");
    }
    std::optional<std::string> last = q.get("last");
    Page page = c.index.catalog(n, last ? std::optional<std::string_view>(*last) : std::nullopt);
    nlohmann::json j = {{"repositories", page.entries}};
    return routes_page(j, page, "/v2/_catalog", n);
}

HttpResponse routes_referrers(const RoutesContext& c, const std::string& name,
                              const std::string& subject, const RoutesQuery& q) {
    std::optional<std::string> artifact_type = q.get("artifactType");
    if (artifact_type && artifact_type->empty()) {
        artifact_type.reset(); // "?artifactType=" filters on nothing
    }
    auto answer = c.index.referrers(name, subject,
                                    artifact_type ? std::optional<std::string_view>(*artifact_type)
                                                  : std::nullopt);
    if (!answer.ok()) {
        return routes_error(answer.error);
    }
    HttpResponse r = routes_answer(200);
    if (answer.value->filtered) {
        r.headers.emplace_back("OCI-Filters-Applied", "artifactType");
    }
    routes_set_body(r, std::move(answer.value->bytes), media::oci_index);
    return r;
}

HttpResponse routes_not_found(std::string_view path) {
    return routes_error(404, "NOT_FOUND", "not found",
                        "no registry route for " + std::string(path));
}

// The path of an origin-form target; an absolute-form one
// ("http://host/v2/") is reduced to its path, as RFC 9112 asks of servers.
std::string_view routes_path_of(std::string_view target, std::string_view& query) {
    for (std::string_view scheme : {"http://", "https://"}) {
        if (target.starts_with(scheme)) {
            std::size_t slash = target.find('/', scheme.size());
            target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
            break;
        }
    }
    std::size_t q = target.find('?');
    query = q == std::string_view::npos ? std::string_view{} : target.substr(q + 1);
    return target.substr(0, q);
}

bool routes_under_v2(std::string_view path) {
    return path == "/v2" || path.starts_with("/v2/");
}

// Which route a /v2 path names, with its parts still percent-encoded.
struct RoutesPath {
    enum class Kind { unknown, base, catalog, manifest, blob, uploads, tags, referrers };
    Kind kind = Kind::unknown;
    std::string_view name;
    std::string_view arg; // the reference or digest
};

RoutesPath routes_parse_path(std::string_view path) {
    using Kind = RoutesPath::Kind;
    if (!routes_under_v2(path)) {
        return {};
    }
    std::string_view rest = path.size() > 3 ? path.substr(4) : std::string_view{};
    if (rest.empty()) {
        return {Kind::base, {}, {}};
    }
    if (rest == "_catalog") {
        return {Kind::catalog, {}, {}};
    }
    // The route is the marker that comes last: a repository may be called
    // "a/blobs/b", and no tag or digest contains a slash.
    std::string_view marker;
    std::size_t at = std::string_view::npos;
    for (std::string_view m :
         {routes_v2_marker_manifests, routes_v2_marker_blobs, routes_v2_marker_referrers}) {
        std::size_t p = rest.rfind(m);
        if (p != std::string_view::npos && (at == std::string_view::npos || p > at)) {
            at = p;
            marker = m;
        }
    }
    if (rest.ends_with(routes_v2_suffix_tags) &&
        (at == std::string_view::npos || rest.size() - routes_v2_suffix_tags.size() > at)) {
        return {Kind::tags, rest.substr(0, rest.size() - routes_v2_suffix_tags.size()), {}};
    }
    if (at == std::string_view::npos) {
        return {};
    }
    std::string_view name = rest.substr(0, at);
    std::string_view arg = rest.substr(at + marker.size());
    if (marker == routes_v2_marker_blobs && (arg == "uploads" || arg.starts_with("uploads/"))) {
        return {Kind::uploads, name, {}};
    }
    if (arg.empty() || arg.find('/') != std::string_view::npos) {
        return {};
    }
    Kind kind = marker == routes_v2_marker_manifests ? Kind::manifest
                : marker == routes_v2_marker_blobs   ? Kind::blob
                                                     : Kind::referrers;
    return {kind, name, arg};
}

HttpResponse routes_dispatch(const RoutesContext& c) {
    using Kind = RoutesPath::Kind;
    std::string_view query;
    std::string_view path = routes_path_of(c.request.target, query);
    if (!routes_under_v2(path)) {
        return routes_not_found(path);
    }
    if (c.request.method != "GET" && c.request.method != "HEAD") {
        HttpResponse r = routes_error(DistributionError::unsupported,
                                      "this registry is read-only: only GET and HEAD");
        r.headers.emplace_back("Allow", "GET, HEAD");
        return r;
    }
    RoutesPath route = routes_parse_path(path);
    RoutesQuery q(query);
    const std::string name = routes_decoded(route.name);
    const std::string arg = routes_decoded(route.arg);
    switch (route.kind) {
    case Kind::unknown:
        return routes_not_found(path);
    case Kind::base:
        return routes_json(nlohmann::json::object());
    case Kind::catalog:
        return routes_catalog(c, q);
    case Kind::manifest:
        return routes_manifest(c, name, arg);
    case Kind::blob:
        return routes_blob(c, name, arg);
    case Kind::uploads:
        return routes_error(DistributionError::blob_upload_unknown,
                            "this registry is read-only: it takes no uploads");
    case Kind::tags:
        return routes_tags(c, name, q);
    case Kind::referrers:
        return routes_referrers(c, name, arg, q);
    }
    return routes_not_found(path);
}

} // namespace

HttpResponse registry_response(const HttpRequest& request, const ServeIndex& index,
                               BlobGuard& guard, std::shared_ptr<const void> owner) {
    try {
        return routes_dispatch(
            RoutesContext{request, index, guard, owner, request.method == "HEAD"});
    } catch (const std::exception&) {
        // The handler must answer; what failed is the server's to log, and
        // its message may name files the client has no business knowing.
        return routes_error(500, "UNKNOWN", "unknown error");
    }
}

bool full_blob_served(const HttpRequest& request, const HttpCompletion& how) {
    std::string_view query;
    return request.method == "GET" && how.status == 200 && !how.cut &&
           routes_parse_path(routes_path_of(request.target, query)).kind == RoutesPath::Kind::blob;
}

} // namespace airlock::loader
