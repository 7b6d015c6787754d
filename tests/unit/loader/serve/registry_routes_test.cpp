#include "loader/serve/registry_routes.hpp"

#include "common/io/file.hpp"
#include "common/oci/media_types.hpp"
#include "loader/serve/blob_guard.hpp"
#include "loader/serve/serve_index.hpp"
#include "tests/unit/support/oci_test_bundle.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace airlock;
using namespace airlock::loader;

namespace {

std::optional<std::string> routes_header(const HttpResponse& r, std::string_view name) {
    std::optional<std::string> found;
    for (const auto& [k, v] : r.headers) {
        if (k == name) {
            REQUIRE_FALSE(found); // each header once
            found = v;
        }
    }
    return found;
}

const std::string& routes_text(const HttpResponse& r) {
    REQUIRE(std::holds_alternative<std::string>(r.body));
    return std::get<std::string>(r.body);
}

// The bytes a server would send for a file body, read as it would (pread).
std::string routes_file_bytes(const HttpResponse& r) {
    REQUIRE(std::holds_alternative<FileBody>(r.body));
    std::string out;
    for (const FileSegment& s : std::get<FileBody>(r.body).segments) {
        std::string buf(s.length, '\0');
        REQUIRE(::pread(s.fd, buf.data(), buf.size(), static_cast<off_t>(s.offset)) ==
                static_cast<ssize_t>(buf.size()));
        out += buf;
    }
    REQUIRE(out.size() == r.content_length);
    return out;
}

// The error code of a JSON error body, checking the body's shape.
std::string routes_error_code(const HttpResponse& r) {
    CHECK(routes_header(r, "Content-Type") == "application/json");
    nlohmann::json j = nlohmann::json::parse(routes_text(r));
    REQUIRE(j["errors"].is_array());
    REQUIRE(j["errors"].size() == 1);
    CHECK(j["errors"][0]["message"].is_string());
    CHECK(r.content_length == routes_text(r).size());
    return j["errors"][0]["code"];
}

// A bundle of two images, attachments and a repository whose name holds a
// route marker, served under the names load gives them.
struct RoutesSite {
    test::ScratchDir dir;
    test::OciTestBundle b;
    Descriptor app, tool, sbom;
    std::string layer = "layer app";
    std::unique_ptr<VerifiedBundle> verified;
    ServeIndex index{ServeNaming{}};
    std::vector<BadBlob> bad;
    BlobGuard guard{[this](const BadBlob& found) { bad.push_back(found); }};

    RoutesSite() {
        app = b.simple_image("app");
        tool = b.simple_image("tool");
        sbom = b.blob(
            nlohmann::json({{"schemaVersion", 2},
                            {"mediaType", media::oci_manifest},
                            {"config", b.blob("{}", "application/vnd.oci.empty.v1+json").to_json()},
                            {"layers", {b.blob("sbom text").to_json()}},
                            {"artifactType", "application/spdx+json"},
                            {"subject", app.to_json()}})
                .dump(),
            media::oci_manifest);
        for (const char* tag : {"1.0", "1.1", "2.0", "latest"}) {
            b.name_image(std::string("docker.io/library/app:") + tag, app);
        }
        b.name_image("quay.io/x/blobs/y:1", tool);
        b.bundle.bom().images.front().attachments = {{"referrer", app.digest, sbom.digest,
                                                      sbom.size, sbom.media_type,
                                                      "application/spdx+json", ""}};
        verified = std::make_unique<VerifiedBundle>(b.bundle.write_and_verify(dir));
        index.add(*verified);
    }

    HttpResponse get(std::string target, std::string method = "GET", std::string range = "") {
        HttpRequest request{std::move(method), std::move(target), std::move(range),
                            "127.0.0.1:4000", ""};
        HttpResponse r = registry_response(request, index, guard);
        CHECK(routes_header(r, "Docker-Distribution-API-Version") == "registry/2.0");
        return r;
    }

    // Flips a byte of `bytes` (a blob's content) in the bundle file.
    void corrupt(const std::string& bytes) {
        auto blob = index.blob("library/app", Digest::of(bytes).str());
        REQUIRE(blob.ok());
        const BundleRange& range = std::get<BundleRange>(blob.value->where);
        File f = File::open_read_write(verified->files().volumes().front());
        f.write_at(std::string_view("\x01"), range.offset + 1);
    }
};

std::string routes_blob_url(const std::string& repo, const std::string& bytes) {
    return "/v2/" + repo + "/blobs/" + Digest::of(bytes).str();
}

} // namespace

TEST_CASE("registry routes: /v2/ answers {} with the API version header", "[serve_routes]") {
    RoutesSite s;
    for (const char* target : {"/v2/", "/v2", "http://registry.local:5000/v2/"}) {
        HttpResponse r = s.get(target);
        CHECK(r.status == 200);
        CHECK(routes_text(r) == "{}");
        CHECK(r.content_length == 2);
        CHECK(routes_header(r, "Content-Type") == "application/json");
    }
    HttpResponse head = s.get("/v2/", "HEAD");
    CHECK(head.status == 200);
    CHECK(head.content_length == 2);
}

TEST_CASE("registry routes: manifests by tag and digest, with their headers, GET and HEAD",
          "[serve_routes]") {
    RoutesSite s;
    for (std::string ref :
         {std::string("1.0"), s.app.digest.str(), "sha256%3A" + s.app.digest.hex()}) {
        CAPTURE(ref);
        HttpResponse r = s.get("/v2/library/app/manifests/" + ref);
        REQUIRE(r.status == 200);
        CHECK(routes_header(r, "Content-Type") == media::oci_manifest);
        CHECK(routes_header(r, "Docker-Content-Digest") == s.app.digest.str());
        CHECK(routes_header(r, "ETag") == "\"" + s.app.digest.str() + "\"");
        CHECK(Digest::of(routes_text(r)) == s.app.digest);
        CHECK(r.content_length == static_cast<std::uint64_t>(s.app.size));

        HttpResponse head = s.get("/v2/library/app/manifests/" + ref, "HEAD");
        CHECK(head.status == 200);
        CHECK(head.content_length == r.content_length);
        CHECK(routes_header(head, "Docker-Content-Digest") == s.app.digest.str());
    }
    // A name holding a route marker: the last marker decides.
    HttpResponse marked = s.get("/v2/x/blobs/y/manifests/1");
    REQUIRE(marked.status == 200);
    CHECK(routes_header(marked, "Docker-Content-Digest") == s.tool.digest.str());

    struct Refusal {
        std::string target;
        int status;
        std::string code;
    };
    for (const Refusal& c : std::vector<Refusal>{
             {"/v2/library/app/manifests/9.9", 404, "MANIFEST_UNKNOWN"},
             {"/v2/library/nope/manifests/1.0", 404, "NAME_UNKNOWN"},
             {"/v2/Library/App/manifests/1.0", 400, "NAME_INVALID"},
             {"/v2/library/../app/manifests/1.0", 400, "NAME_INVALID"},
             {"/v2/library/app%00/manifests/1.0", 400, "NAME_INVALID"},
             {"/v2/library/app%zz/manifests/1.0", 400, "NAME_INVALID"},
             {"/v2/library/app%/manifests/1.0", 400, "NAME_INVALID"},
             {"/v2//manifests/1.0", 400, "NAME_INVALID"},
             {"/v2/library/app/manifests/sha256:abc", 400, "DIGEST_INVALID"},
             {"/v2/library/app/manifests/1.0%00", 404, "MANIFEST_UNKNOWN"},
             {"/v2/library/app/manifests/", 404, "NOT_FOUND"},
             {"/v2/library/app/manifests/a/b", 404, "NOT_FOUND"},
         }) {
        CAPTURE(c.target);
        HttpResponse r = s.get(c.target);
        CHECK(r.status == c.status);
        CHECK(routes_error_code(r) == c.code);
        HttpResponse head = s.get(c.target, "HEAD");
        CHECK(head.status == c.status);
    }
}

TEST_CASE("registry routes: a blob is the bundle file's bytes, watched by the guard until good",
          "[serve_routes]") {
    RoutesSite s;
    const std::string url = routes_blob_url("library/app", s.layer);
    HttpResponse r = s.get(url);
    REQUIRE(r.status == 200);
    CHECK(routes_header(r, "Content-Type") == "application/octet-stream");
    CHECK(routes_header(r, "Docker-Content-Digest") == Digest::of(s.layer).str());
    CHECK(routes_header(r, "ETag") == "\"" + Digest::of(s.layer).str() + "\"");
    CHECK(routes_header(r, "Accept-Ranges") == "bytes");
    CHECK_FALSE(routes_header(r, "Content-Range"));
    CHECK(r.content_length == s.layer.size());
    const std::string sent = routes_file_bytes(r);
    CHECK(sent == s.layer);

    auto observer = std::get<FileBody>(r.body).observer;
    REQUIRE(observer);
    CHECK_FALSE(observer->bytes_not_needed());
    observer->see(std::as_bytes(std::span(sent.data(), sent.size())));
    CHECK(observer->finish());
    HttpCompletion whole{200, sent.size(), 0.01, false};
    CHECK(full_blob_served({"GET", url, "", "", ""}, whole));
    CHECK_FALSE(full_blob_served({"HEAD", url, "", "", ""}, whole));
    CHECK_FALSE(full_blob_served({"GET", url, "", "", ""}, {200, 3, 0.01, true}));
    CHECK_FALSE(full_blob_served({"GET", url, "bytes=0-1", "", ""}, {206, 2, 0.01, false}));
    CHECK_FALSE(full_blob_served({"GET", "/v2/library/app/manifests/1.0", "", "", ""}, whole));

    // Known good now: the next download may go out unseen.
    HttpResponse again = s.get(url);
    REQUIRE(again.status == 200);
    CHECK(std::get<FileBody>(again.body).observer->bytes_not_needed());
    CHECK(s.bad.empty());

    // The owner given is the body's.
    auto owner = std::make_shared<int>(7);
    HttpResponse owned = registry_response({"GET", url, "", "", ""}, s.index, s.guard, owner);
    CHECK(std::get<FileBody>(owned.body).owner == owner);

    HttpResponse head = s.get(url, "HEAD");
    CHECK(head.status == 200);
    CHECK(head.content_length == s.layer.size());
    CHECK(routes_header(head, "Docker-Content-Digest") == Digest::of(s.layer).str());

    // A blob of another repository, a manifest's digest in its own repository
    // (served from memory), and refusals.
    CHECK(s.get(routes_blob_url("x/blobs/y", s.layer)).status == 404);
    HttpResponse manifest_blob = s.get("/v2/library/app/blobs/" + s.app.digest.str());
    REQUIRE(manifest_blob.status == 200);
    CHECK(Digest::of(routes_text(manifest_blob)) == s.app.digest);
    CHECK(manifest_blob.content_length == static_cast<std::uint64_t>(s.app.size));
    CHECK(routes_error_code(s.get(routes_blob_url("library/app", "absent"))) == "BLOB_UNKNOWN");
    CHECK(routes_error_code(s.get("/v2/library/app/blobs/sha256:12")) == "DIGEST_INVALID");
    CHECK(routes_error_code(s.get("/v2/library/app/blobs/sha256%3" + std::string(64, 'a'))) ==
          "DIGEST_INVALID");
    CHECK(routes_error_code(s.get("/v2/library/app/blobs/uploads/")) == "BLOB_UPLOAD_UNKNOWN");
    HttpResponse marked = s.get(routes_blob_url("x/blobs/y", "layer tool"));
    CHECK(marked.status == 200);
    CHECK(routes_file_bytes(marked) == "layer tool");
}

TEST_CASE("registry routes: a single byte range is 206, an unsatisfiable one 416, others ignored",
          "[serve_routes]") {
    RoutesSite s;
    const std::string url = routes_blob_url("library/app", s.layer); // "layer app", 9 bytes
    struct Ranged {
        std::string range;
        std::uint64_t first;
        std::uint64_t last;
    };
    for (const Ranged& c : std::vector<Ranged>{{"bytes=2-5", 2, 5},
                                               {"bytes=3-", 3, 8},
                                               {"bytes=-4", 5, 8},
                                               {"bytes=-100", 0, 8},
                                               {"bytes=6-100", 6, 8},
                                               {"Bytes = 0-0", 0, 0},
                                               {"bytes=8-8", 8, 8}}) {
        CAPTURE(c.range);
        HttpResponse r = s.get(url, "GET", c.range);
        REQUIRE(r.status == 206);
        CHECK(routes_header(r, "Content-Range") ==
              "bytes " + std::to_string(c.first) + "-" + std::to_string(c.last) + "/9");
        CHECK(routes_file_bytes(r) == s.layer.substr(c.first, c.last - c.first + 1));
        CHECK(routes_header(r, "Docker-Content-Digest") == Digest::of(s.layer).str());
        // Checked whole before the part went out, so nothing is left to watch.
        CHECK_FALSE(std::get<FileBody>(r.body).observer);
    }
    CHECK(s.guard.state(std::get<BundleRange>(
                            s.index.blob("library/app", Digest::of(s.layer).str()).value->where),
                        Digest::of(s.layer)) == BlobGuard::State::good);

    for (const char* unsatisfiable :
         {"bytes=9-", "bytes=9-20", "bytes=-0", "bytes=99999999999999999999-"}) {
        CAPTURE(unsatisfiable);
        HttpResponse r = s.get(url, "GET", unsatisfiable);
        CHECK(r.status == 416);
        CHECK(routes_header(r, "Content-Range") == "bytes */9");
    }
    for (const char* ignored : {"bytes=5-2", "items=0-1", "bytes=0-1,3-4", "bytes=x-", "bytes=-",
                                "bytes 0-1", "bytes=1-2-3", "bytes=+1-2"}) {
        CAPTURE(ignored);
        HttpResponse r = s.get(url, "GET", ignored);
        CHECK(r.status == 200);
        CHECK_FALSE(routes_header(r, "Content-Range"));
        CHECK(routes_file_bytes(r) == s.layer);
    }
    // HEAD has no ranges (RFC 9110 14.2).
    HttpResponse head = s.get(url, "HEAD", "bytes=0-1");
    CHECK(head.status == 200);
    CHECK(head.content_length == 9);

    // A blob held in memory is ranged the same way.
    HttpResponse memory = s.get("/v2/library/app/blobs/" + s.app.digest.str(), "GET", "bytes=0-0");
    CHECK(memory.status == 206);
    CHECK(routes_text(memory) == "{");
    CHECK(memory.content_length == 1);
}

TEST_CASE("registry routes: a blob whose bytes changed in the file is refused from then on",
          "[serve_routes]") {
    RoutesSite s;
    const std::string url = routes_blob_url("library/app", s.layer);
    s.corrupt(s.layer);

    HttpResponse r = s.get(url);
    REQUIRE(r.status == 200); // not known yet: the download is what finds out
    const std::string sent = routes_file_bytes(r);
    CHECK(sent != s.layer);
    auto observer = std::get<FileBody>(r.body).observer;
    REQUIRE(observer);
    observer->see(std::as_bytes(std::span(sent.data(), sent.size())));
    CHECK_FALSE(observer->finish());
    REQUIRE(s.bad.size() == 1);
    CHECK(s.bad[0].digest == Digest::of(s.layer));
    CHECK(s.bad[0].bundle == s.verified.get());
    CHECK_THAT(s.bad[0].reason, Catch::Contains("shop.airlock"));

    for (const char* method : {"GET", "HEAD"}) {
        HttpResponse refused = s.get(url, method);
        CHECK(refused.status == 404);
        CHECK(routes_error_code(refused) == "BLOB_UNKNOWN");
        nlohmann::json j = nlohmann::json::parse(routes_text(refused));
        CHECK_THAT(j["errors"][0]["detail"].get<std::string>(),
                   Catch::Contains("no longer match the BOM"));
    }
    CHECK(s.get(url, "GET", "bytes=0-1").status == 404);

    // A Range on an unchecked blob checks it whole first.
    const std::string config = "{\"config\":\"app\"}";
    s.corrupt(config);
    HttpResponse part = s.get(routes_blob_url("library/app", config), "GET", "bytes=0-1");
    CHECK(part.status == 404);
    CHECK(routes_error_code(part) == "BLOB_UNKNOWN");
    CHECK(s.bad.size() == 2);
    // Other blobs are still served.
    CHECK(s.get(routes_blob_url("library/app", "layer tool")).status == 404); // not in this repo
    CHECK(s.get(routes_blob_url("x/blobs/y", "layer tool"), "GET", "bytes=0-0").status == 206);
}

TEST_CASE("registry routes: tag lists and the catalog page with a Link to the next page",
          "[serve_routes]") {
    RoutesSite s;
    HttpResponse all = s.get("/v2/library/app/tags/list");
    REQUIRE(all.status == 200);
    CHECK(routes_header(all, "Content-Type") == "application/json");
    nlohmann::json j = nlohmann::json::parse(routes_text(all));
    CHECK(j["name"] == "library/app");
    CHECK(j["tags"] == nlohmann::json({"1.0", "1.1", "2.0", "latest"}));
    CHECK_FALSE(routes_header(all, "Link"));

    HttpResponse first = s.get("/v2/library/app/tags/list?n=2");
    CHECK(nlohmann::json::parse(routes_text(first))["tags"] == nlohmann::json({"1.0", "1.1"}));
    CHECK(routes_header(first, "Link") == "</v2/library/app/tags/list?n=2&last=1.1>; rel=\"next\"");
    HttpResponse second = s.get("/v2/library/app/tags/list?last=1%2E1&n=2");
    CHECK(nlohmann::json::parse(routes_text(second))["tags"] == nlohmann::json({"2.0", "latest"}));
    CHECK_FALSE(routes_header(second, "Link"));
    HttpResponse none = s.get("/v2/library/app/tags/list?n=0");
    CHECK(nlohmann::json::parse(routes_text(none))["tags"].empty());
    CHECK_FALSE(routes_header(none, "Link"));
    CHECK(nlohmann::json::parse(
              routes_text(s.get("/v2/library/app/tags/list?n=99999999999999999999999")))["tags"]
              .size() == 4);
    CHECK(nlohmann::json::parse(routes_text(s.get("/v2/x/blobs/y/tags/list")))["tags"] ==
          nlohmann::json({"1"}));

    for (const char* bad_n : {"n=abc", "n=-1", "n=", "n=1.5", "n=%31x"}) {
        CAPTURE(bad_n);
        HttpResponse r = s.get(std::string("/v2/library/app/tags/list?") + bad_n);
        CHECK(r.status == 400);
        CHECK(routes_error_code(r) == "PAGINATION_NUMBER_INVALID");
        CHECK(s.get(std::string("/v2/_catalog?") + bad_n).status == 400);
    }
    CHECK(routes_error_code(s.get("/v2/library/nope/tags/list")) == "NAME_UNKNOWN");
    CHECK(routes_error_code(s.get("/v2/UP/tags/list")) == "NAME_INVALID");

    HttpResponse catalog = s.get("/v2/_catalog");
    REQUIRE(catalog.status == 200);
    CHECK(nlohmann::json::parse(routes_text(catalog))["repositories"] ==
          nlohmann::json({"library/app", "x/blobs/y"}));
    HttpResponse c1 = s.get("/v2/_catalog?n=1");
    CHECK(nlohmann::json::parse(routes_text(c1))["repositories"] ==
          nlohmann::json({"library/app"}));
    // The slash of the name is encoded in the Link's query.
    CHECK(routes_header(c1, "Link") == "</v2/_catalog?n=1&last=library%2Fapp>; rel=\"next\"");
    HttpResponse c2 = s.get("/v2/_catalog?n=1&last=library%2Fapp");
    CHECK(nlohmann::json::parse(routes_text(c2))["repositories"] == nlohmann::json({"x/blobs/y"}));
    CHECK_FALSE(routes_header(c2, "Link"));
}

TEST_CASE("registry routes: referrers, filtered by artifactType", "[serve_routes]") {
    RoutesSite s;
    const std::string url = "/v2/library/app/referrers/" + s.app.digest.str();
    HttpResponse r = s.get(url);
    REQUIRE(r.status == 200);
    CHECK(routes_header(r, "Content-Type") == "application/vnd.oci.image.index.v1+json");
    CHECK_FALSE(routes_header(r, "OCI-Filters-Applied"));
    nlohmann::json j = nlohmann::json::parse(routes_text(r));
    REQUIRE(j["manifests"].size() == 1);
    CHECK(j["manifests"][0]["digest"] == s.sbom.digest.str());

    HttpResponse filtered = s.get(url + "?artifactType=application%2Fspdx%2Bjson");
    CHECK(routes_header(filtered, "OCI-Filters-Applied") == "artifactType");
    CHECK(nlohmann::json::parse(routes_text(filtered))["manifests"].size() == 1);
    HttpResponse literal = s.get(url + "?artifactType=application/spdx+json");
    CHECK(nlohmann::json::parse(routes_text(literal))["manifests"].size() == 1);
    HttpResponse other = s.get(url + "?artifactType=text%2Fplain");
    CHECK(routes_header(other, "OCI-Filters-Applied") == "artifactType");
    CHECK(nlohmann::json::parse(routes_text(other))["manifests"].empty());
    CHECK_FALSE(routes_header(s.get(url + "?artifactType="), "OCI-Filters-Applied"));

    CHECK(routes_error_code(s.get("/v2/library/app/referrers/sha256:1")) == "DIGEST_INVALID");
    CHECK(routes_error_code(s.get("/v2/library/nope/referrers/" + s.app.digest.str())) ==
          "NAME_UNKNOWN");
}

TEST_CASE("registry routes: writes and other methods are 405 with Allow, other paths 404",
          "[serve_routes]") {
    RoutesSite s;
    for (const char* method : {"POST", "PUT", "PATCH", "DELETE", "OPTIONS", "get", "TRACE"}) {
        for (const std::string& target : std::vector<std::string>{
                 "/v2/", "/v2/library/app/blobs/uploads/", "/v2/library/app/manifests/1.0",
                 routes_blob_url("library/app", s.layer), "/v2/nothing"}) {
            CAPTURE(method, target);
            HttpResponse r = s.get(target, method);
            CHECK(r.status == 405);
            CHECK(routes_header(r, "Allow") == "GET, HEAD");
            CHECK(routes_error_code(r) == "UNSUPPORTED");
        }
    }
    for (const char* target : {"/", "/metrics", "/v2x", "/v1/", "*", "", "/v2/library/app",
                               "/v2/library/app/tags", "/v2/library/app/tags/list/x"}) {
        CAPTURE(target);
        HttpResponse r = s.get(target);
        CHECK(r.status == 404);
        CHECK(routes_error_code(r) == "NOT_FOUND");
    }
    CHECK(s.get("/", "POST").status == 404);
    CHECK_FALSE(routes_header(s.get("/v2/"), "Allow"));
    // Bytes that are not UTF-8 end up in no exception.
    CHECK(s.get(std::string("/v2/\xff\xfe/manifests/\x80")).status == 400);
    CHECK(s.get(std::string("/\xff\0x", 4)).status == 404);
}
