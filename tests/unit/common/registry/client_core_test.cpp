// The registry client's request loop against a scripted registry: which
// failures are retried and how often, what each failure becomes as an
// airlock::Error, and where redirects and upload locations may lead.
#include "common/core/error.hpp"
#include "common/registry/detail/blob_stream.hpp"
#include "common/registry/detail/blob_upload.hpp"
#include "common/registry/detail/client_core.hpp"
#include "common/registry/detail/redirect_policy.hpp"
#include "common/registry/retry_policy.hpp"
#include "tests/unit/common/registry/scripted_connector.hpp"

#include <array>
#include <memory>
#include <string>

#include <catch2/catch.hpp>

namespace client_core_test {

using airlock::Call;
using airlock::ClientCore;
using airlock::Error;
using airlock::ErrorCode;
using airlock::RegistryOptions;
using airlock::test::Reply;
using airlock::test::ScriptedConnector;
using airlock::test::status;
using airlock::test::transport_failure;
using airlock::test::WaitLog;
using std::chrono::milliseconds;

constexpr size_t limit = 1 << 20;

struct Fixture {
    std::shared_ptr<ScriptedConnector> net = std::make_shared<ScriptedConnector>();
    WaitLog log;
    RegistryOptions options;

    Fixture() {
        options.max_retries = 3;
        options.initial_backoff = milliseconds(200);
        options.plain_http_hosts = {"plain.test:5000"};
    }
    std::shared_ptr<ClientCore> core() {
        return std::make_shared<ClientCore>(options, net, log.recorder());
    }
};

Call manifest(ClientCore& core, const std::string& host = "reg.test") {
    return core.manifest_call("GET", host, "lib/app", "v1");
}

// The Error that `run` throws; fails the test when it throws none.
template <typename F> Error error_of(F&& run) {
    try {
        run();
    } catch (const Error& e) {
        return e;
    }
    FAIL("expected an airlock::Error");
    return Error(ErrorCode::internal, "unreachable");
}

TEST_CASE("retry: a retryable status is sent again after the backoff", "[registry]") {
    Fixture f;
    f.net->add({status(503), status(200, "{}")});
    auto core = f.core();
    CHECK(core->fetch(manifest(*core), limit).body == "{}");
    REQUIRE(f.net->sent().size() == 2);
    CHECK(f.net->sent()[1].request.url == f.net->sent()[0].request.url);
    // The first retry waits within [initial/2, initial].
    REQUIRE(f.log.waits.size() == 1);
    CHECK(f.log.waits[0] >= milliseconds(100));
    CHECK(f.log.waits[0] <= milliseconds(200));
}

TEST_CASE("retry: which statuses are retried", "[registry]") {
    for (long code : {429L, 500L, 502L, 503L, 504L}) {
        Fixture f;
        f.net->add({status(code), status(200, "{}")});
        auto core = f.core();
        CHECK(core->fetch(manifest(*core), limit).body == "{}");
        CHECK(f.net->sent().size() == 2);
    }
    for (long code : {400L, 405L, 409L, 501L, 505L}) {
        Fixture f;
        f.net->add({status(code), status(200, "{}")});
        auto core = f.core();
        Error e = error_of([&] { core->fetch(manifest(*core), limit); });
        CHECK(e.code() == ErrorCode::network);
        CHECK(f.net->sent().size() == 1);
        CHECK(f.log.waits.empty());
    }
}

TEST_CASE("retry: the budget is max_retries retries, with a doubling backoff", "[registry]") {
    Fixture f;
    f.net->add({status(503), status(503), status(503), status(503), status(200)});
    auto core = f.core();
    Error e = error_of([&] { core->fetch(manifest(*core), limit); });
    CHECK(e.code() == ErrorCode::network);
    CHECK(std::string(e.what()) == "cannot fetch manifest reg.test/lib/app:v1: HTTP 503");
    CHECK(f.net->sent().size() == 4); // the first attempt and three retries
    CHECK(f.net->unused_replies() == 1);
    REQUIRE(f.log.waits.size() == 3);
    for (size_t i = 0; i < 3; ++i) {
        const milliseconds ceiling = milliseconds(200) * (1 << i);
        CHECK(f.log.waits[i] >= ceiling / 2);
        CHECK(f.log.waits[i] <= ceiling);
    }
}

TEST_CASE("retry: Retry-After is waited for, up to the cap", "[registry]") {
    Fixture f;
    f.net->add({status(429, "", {{"retry-after", "7"}}),
                status(503, "", {{"retry-after", "86400"}}), status(200, "{}")});
    auto core = f.core();
    CHECK(core->fetch(manifest(*core), limit).body == "{}");
    REQUIRE(f.log.waits.size() == 2);
    CHECK(f.log.waits[0] == milliseconds(7000));
    CHECK(f.log.waits[1] == airlock::max_retry_wait);
}

TEST_CASE("retry: transport failures that may heal are retried, others are not", "[registry]") {
    SECTION("refused connections and timeouts") {
        Fixture f;
        f.net->add({transport_failure(CURLE_COULDNT_CONNECT, "Connection refused"),
                    transport_failure(CURLE_OPERATION_TIMEDOUT, "Timeout"), status(200, "{}")});
        auto core = f.core();
        CHECK(core->fetch(manifest(*core), limit).body == "{}");
        CHECK(f.net->sent().size() == 3);
        CHECK(f.log.waits.size() == 2);
    }
    SECTION("a name that does not resolve") {
        Fixture f;
        f.net->add(
            {transport_failure(CURLE_COULDNT_RESOLVE_HOST, "Could not resolve host"), status(200)});
        auto core = f.core();
        Error e = error_of([&] { core->fetch(manifest(*core), limit); });
        CHECK(e.code() == ErrorCode::network);
        CHECK(std::string(e.what()) == "cannot reach registry reg.test: Could not resolve host");
        CHECK(f.net->sent().size() == 1);
    }
    SECTION("a TLS alert seen as a receive error") {
        Fixture f;
        f.net->add({transport_failure(CURLE_RECV_ERROR, "SSL routines::tlsv1 alert unknown ca"),
                    status(200)});
        auto core = f.core();
        CHECK(error_of([&] { core->fetch(manifest(*core), limit); }).code() == ErrorCode::network);
        CHECK(f.net->sent().size() == 1);
    }
    SECTION("a TLS handshake with a plain-HTTP server says how to list it") {
        Fixture f;
        f.net->add(transport_failure(CURLE_SSL_CONNECT_ERROR, "wrong version number"));
        auto core = f.core();
        Error e = error_of([&] { core->fetch(manifest(*core), limit); });
        CHECK(std::string(e.what()) ==
              "cannot reach registry reg.test: wrong version number (if reg.test serves plain "
              "HTTP, list it as a plain-HTTP registry)");
    }
    SECTION("every retry spent on refused connections") {
        Fixture f;
        f.options.max_retries = 1;
        f.net->add({transport_failure(CURLE_COULDNT_CONNECT, "Connection refused"),
                    transport_failure(CURLE_COULDNT_CONNECT, "Connection refused")});
        auto core = f.core();
        Error e = error_of([&] { core->open(manifest(*core)); });
        CHECK(std::string(e.what()) == "cannot reach registry reg.test: Connection refused");
        CHECK(f.net->sent().size() == 2);
    }
}

TEST_CASE("retry: a body cut short is fetched again, within the same budget", "[registry]") {
    Fixture f;
    f.options.max_retries = 1;
    Reply cut = status(200, "{\"sche");
    cut.fail_after = 3;
    cut.result = CURLE_PARTIAL_FILE;
    cut.reason = "transfer closed";
    f.net->add({cut, status(200, "{\"schemaVersion\":2}")});
    auto core = f.core();
    CHECK(core->fetch(manifest(*core), limit).body == "{\"schemaVersion\":2}");
    CHECK(f.net->sent().size() == 2);

    // The budget covers the body retries and the request's own.
    f.net->add({status(503), cut, status(200)});
    Error e = error_of([&] { core->fetch(manifest(*core), limit); });
    CHECK(std::string(e.what()) == "cannot fetch manifest reg.test/lib/app:v1: transfer closed");
    CHECK(f.net->sent().size() == 4);
}

TEST_CASE("retry: a body in memory is sent again as the same buffer", "[registry]") {
    Fixture f;
    f.net->add({status(502), status(201)});
    auto core = f.core();
    Call call = core->manifest_call("PUT", "reg.test", "lib/app", "v1");
    call.body = std::make_shared<const std::string>("{\"schemaVersion\":2}");
    call.body_length = static_cast<std::int64_t>(call.body->size());
    core->open(call);
    REQUIRE(f.net->sent().size() == 2);
    for (const auto& sent : f.net->sent()) {
        CHECK(sent.request.method == "PUT");
        CHECK(sent.request.body.get() == call.body.get()); // shared, not copied
        CHECK(sent.request.body_length == call.body_length);
    }
}

TEST_CASE("retry: a streamed body is not sent again", "[registry]") {
    Fixture f;
    auto core = f.core();
    airlock::Descriptor blob;
    blob.digest = airlock::Digest::of("0123456789");
    blob.size = 10;
    airlock::UploadOptions upload;
    upload.monolithic_limit = 0;
    upload.chunk_size = 4;
    f.net->add({status(202, "", {{"location", "/v2/lib/app/blobs/uploads/s1"}}), status(503),
                status(204)});
    {
        airlock::BlobUpload sink(core, "reg.test", "lib/app", blob, upload);
        const std::string bytes = "0123456789";
        Error e =
            error_of([&] { sink.write(std::as_bytes(std::span(bytes.data(), bytes.size()))); });
        CHECK(e.code() == ErrorCode::network);
        CHECK(std::string(e.what()) ==
              "cannot push blob " + blob.digest.str() + " to reg.test/lib/app: HTTP 503");
    } // the uncommitted upload cancels its session
    const auto& sent = f.net->sent();
    REQUIRE(sent.size() == 3);
    CHECK(sent[0].request.method == "POST");
    CHECK(sent[1].request.method == "PATCH");
    CHECK(sent[1].request.url == "https://reg.test/v2/lib/app/blobs/uploads/s1");
    CHECK(sent[1].request.body == nullptr);
    CHECK(sent[1].request.body_length == 4);
    CHECK(sent[1].streamed == "0123");
    CHECK(sent[2].request.method == "DELETE");
    CHECK(f.log.waits.empty());
}

TEST_CASE("retry: a blob stream re-opens only before its first byte", "[registry]") {
    Fixture f;
    auto core = f.core();
    const airlock::HeaderList length{{"content-length", "3"}};
    Reply broken = status(200, "abc", length);
    broken.fail_after = 0;
    broken.result = CURLE_RECV_ERROR;
    broken.reason = "Connection reset by peer";

    SECTION("nothing delivered: opened again") {
        f.net->add({broken, status(200, "abc", length)});
        airlock::RegistryBlobStream stream(
            core, core->blob_call("GET", "reg.test", "lib/app", airlock::Digest::of("abc")), 3);
        std::array<std::byte, 8> buf{};
        CHECK(stream.read(buf) == 3);
        CHECK(stream.read(buf) == 0);
        CHECK(f.net->sent().size() == 2);
        CHECK(f.log.waits.size() == 1);
    }
    SECTION("one byte delivered: the caller is told") {
        broken.fail_after = 1;
        f.net->add({broken, status(200, "abc", length)});
        airlock::RegistryBlobStream stream(
            core, core->blob_call("GET", "reg.test", "lib/app", airlock::Digest::of("abc")), 3);
        std::array<std::byte, 8> buf{};
        CHECK(stream.read(buf) == 1);
        Error e = error_of([&] { stream.read(buf); });
        CHECK(e.code() == ErrorCode::network);
        CHECK(
            std::string(e.what()) ==
            "cannot fetch blob " + airlock::Digest::of("abc").str() +
                " from reg.test/lib/app: transfer failed after 1 bytes: Connection reset by peer");
        CHECK(f.net->sent().size() == 1);
    }
}

TEST_CASE("errors: not found carries the call's message and the registry's reason", "[registry]") {
    Fixture f;
    f.net->add(
        status(404, R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]})"));
    auto core = f.core();
    Error e = error_of([&] { core->open(manifest(*core)); });
    CHECK(e.code() == ErrorCode::not_found);
    CHECK(std::string(e.what()) == "image reg.test/lib/app:v1 not found (manifest unknown)");

    // An error code that means "unknown" counts whatever the status; a body
    // that is not the registry's JSON leaves the status as the reason.
    f.net->add({status(400, R"({"errors":[{"code":"BLOB_UNKNOWN"}]})"), status(404, "<html>")});
    Call blob = core->blob_call("GET", "reg.test", "lib/app", airlock::Digest::of("x"));
    e = error_of([&] { core->open(blob); });
    CHECK(e.code() == ErrorCode::not_found);
    CHECK(std::string(e.what()) == "blob " + airlock::Digest::of("x").str() +
                                       " not found in reg.test/lib/app (BLOB_UNKNOWN)");
    e = error_of([&] { core->open(blob); });
    CHECK(std::string(e.what()) ==
          "blob " + airlock::Digest::of("x").str() + " not found in reg.test/lib/app (HTTP 404)");
    CHECK(f.log.waits.empty());
}

TEST_CASE("errors: 401 and 403 are auth errors, 5xx network errors", "[registry]") {
    Fixture f;
    f.options.max_retries = 0;
    f.net->add(
        {status(
             403,
             R"({"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]})"),
         status(401), status(500, "upstream broke")});
    auto core = f.core();
    Error e = error_of([&] { core->open(manifest(*core)); });
    CHECK(e.code() == ErrorCode::auth);
    CHECK(std::string(e.what()) ==
          "registry reg.test denied access to lib/app (HTTP 403: requested access to the resource "
          "is denied); no authfile was given; or the repository does not exist");
    // A 401 without a challenge cannot be answered.
    CHECK(error_of([&] { core->open(manifest(*core)); }).code() == ErrorCode::auth);
    e = error_of([&] { core->open(manifest(*core)); });
    CHECK(e.code() == ErrorCode::network);
    CHECK(std::string(e.what()) ==
          "cannot fetch manifest reg.test/lib/app:v1: HTTP 500: upstream broke");
    CHECK(f.net->sent().size() == 3);
}

TEST_CASE("errors: malformed responses", "[registry]") {
    Fixture f;
    f.options.max_retries = 0;
    auto core = f.core();

    SECTION("a body over the limit") {
        f.net->add(status(200, std::string(100, 'x')));
        Error e = error_of([&] { core->fetch(manifest(*core), 64); });
        CHECK(e.code() == ErrorCode::integrity);
        CHECK(std::string(e.what()) == "manifest reg.test/lib/app:v1 is larger than 64 bytes");
    }
    SECTION("a 2xx whose transfer then broke") {
        Reply r = status(200, "{}");
        r.fail_after = 1;
        r.result = CURLE_WEIRD_SERVER_REPLY;
        r.reason = "weird server reply";
        f.net->add(r);
        Error e = error_of([&] { core->fetch(manifest(*core), limit); });
        CHECK(e.code() == ErrorCode::network);
        CHECK(std::string(e.what()) ==
              "cannot fetch manifest reg.test/lib/app:v1: weird server reply");
    }
    SECTION("an upload session without a Location") {
        f.net->add(status(202));
        airlock::Descriptor blob;
        blob.digest = airlock::Digest::of("");
        airlock::BlobUpload sink(core, "reg.test", "lib/app", blob, airlock::UploadOptions{});
        Error e = error_of([&] { sink.commit(); });
        CHECK(e.code() == ErrorCode::network);
        CHECK(std::string(e.what()) == "registry reg.test sent no Location for blob " +
                                           blob.digest.str() + " to reg.test/lib/app");
        CHECK(f.net->sent().size() == 1);
    }
}

TEST_CASE("redirects: followed by the transfer unless only announced endpoints may be used",
          "[registry]") {
    Fixture f;
    SECTION("default") {
        f.net->add({status(200), status(200)});
        auto core = f.core();
        core->open(manifest(*core));
        core->open(manifest(*core, "plain.test:5000"));
        const auto& sent = f.net->sent();
        CHECK(sent[0].request.follow_redirects);
        CHECK(sent[0].request.use_proxy_env);
        CHECK_FALSE(sent[0].request.allow_http_redirects);
        CHECK(sent[1].request.url == "http://plain.test:5000/v2/lib/app/manifests/v1");
        CHECK(sent[1].request.allow_http_redirects);
    }
    SECTION("announced endpoints only: a redirect is an error, not followed") {
        f.options.announced_endpoints_only = true;
        f.net->add(status(307, "", {{"location", "https://cdn.test/blob"}}));
        auto core = f.core();
        Error e = error_of([&] { core->open(manifest(*core)); });
        CHECK(e.code() == ErrorCode::network);
        CHECK(
            std::string(e.what()) ==
            "registry reg.test redirects manifest reg.test/lib/app:v1 to 'https://cdn.test/blob'; "
            "not following it: it is not an endpoint of this run");
        REQUIRE(f.net->sent().size() == 1);
        CHECK_FALSE(f.net->sent()[0].request.follow_redirects);
        CHECK_FALSE(f.net->sent()[0].request.use_proxy_env);
    }
}

TEST_CASE("redirects: an upload location must stay on the registry", "[registry]") {
    Fixture f;
    auto core = f.core();
    Call tls_call = core->registry_call(airlock::CallKind::blob, "POST", "reg.test", "lib/app", "");
    tls_call.subject = "upload";
    CHECK(airlock::resolve_location(tls_call, "/v2/lib/app/blobs/uploads/s1?_state=x") ==
          "https://reg.test/v2/lib/app/blobs/uploads/s1?_state=x");
    CHECK(airlock::resolve_location(tls_call, "https://reg.test/v2/u/1") ==
          "https://reg.test/v2/u/1");
    for (const char* elsewhere : {"https://other.test/v2/u/1", "http://reg.test/v2/u/1",
                                  "https://reg.test:8443/v2/u/1", "ftp://reg.test/x"}) {
        Error e = error_of([&] { airlock::resolve_location(tls_call, elsewhere); });
        CHECK(e.code() == ErrorCode::network);
        CHECK(std::string(e.what()) == "registry reg.test sent the upload location '" +
                                           std::string(elsewhere) +
                                           "', which is not on https://reg.test; refusing to "
                                           "contact another endpoint");
    }
    Error e = error_of([&] { airlock::resolve_location(tls_call, ""); });
    CHECK(std::string(e.what()) == "registry reg.test sent no Location for upload");

    Call plain =
        core->registry_call(airlock::CallKind::blob, "POST", "plain.test:5000", "lib/app", "");
    CHECK(airlock::resolve_location(plain, "http://plain.test:5000/v2/u") ==
          "http://plain.test:5000/v2/u");

    // Through an upload: the session on another host is never contacted.
    f.net->add(status(202, "", {{"location", "https://other.test/v2/lib/app/blobs/uploads/s1"}}));
    airlock::Descriptor blob;
    blob.digest = airlock::Digest::of("");
    airlock::BlobUpload sink(core, "reg.test", "lib/app", blob, airlock::UploadOptions{});
    CHECK(error_of([&] { sink.commit(); }).code() == ErrorCode::network);
    CHECK(f.net->sent().size() == 1);
}

} // namespace client_core_test
