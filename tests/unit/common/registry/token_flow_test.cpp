// The registry client's authentication against a scripted registry: the
// Docker/OCI token flow, token reuse, the no-egress rule for token services,
// and Basic challenges.
#include "common/core/error.hpp"
#include "common/registry/detail/client_core.hpp"
#include "tests/unit/common/registry/scripted_connector.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <memory>
#include <string>

#include <catch2/catch.hpp>

namespace token_flow_test {

using airlock::ClientCore;
using airlock::Error;
using airlock::ErrorCode;
using airlock::RegistryOptions;
using airlock::test::ScriptedConnector;
using airlock::test::status;

// base64("alice:s3cr3t"), spelled out so the test does not depend on the encoder.
constexpr const char* alice_basic = "Basic YWxpY2U6czNjcjN0";
constexpr const char* manifest_url = "https://reg.test/v2/lib/app/manifests/v1";
constexpr size_t limit = 1 << 20;

airlock::HeaderList challenge(const std::string& value) {
    return {{"www-authenticate", value}};
}

constexpr const char* bearer_for_app =
    R"(Bearer realm="https://auth.test/token",service="reg.test",scope="repository:lib/app:pull")";

// A client with alice's credentials for reg.test (or none), talking to `net`.
struct Fixture {
    airlock::test::ScratchDir dir;
    std::shared_ptr<ScriptedConnector> net = std::make_shared<ScriptedConnector>();
    RegistryOptions options;

    explicit Fixture(bool with_credentials = true) {
        options.max_retries = 0;
        if (with_credentials) {
            options.authfile =
                dir.write("config.json", R"({"auths": {"reg.test": {"auth": "YWxpY2U6czNjcjN0"}}})")
                    .string();
        }
    }
    std::unique_ptr<ClientCore> core() {
        return std::make_unique<ClientCore>(options, net, [](std::chrono::milliseconds) {});
    }
};

std::string fetch_manifest(ClientCore& core, const std::string& repository) {
    return core.fetch(core.manifest_call("GET", "reg.test", repository, "v1"), limit).body;
}

TEST_CASE("bearer challenge: token from the realm, then the request again with it", "[registry]") {
    Fixture f;
    f.net->add({status(401, "", challenge(bearer_for_app)),
                status(200, R"({"token":"tok-1","expires_in":300})"), status(200, "{}")});
    auto core = f.core();
    CHECK(fetch_manifest(*core, "lib/app") == "{}");

    const auto& sent = f.net->sent();
    REQUIRE(sent.size() == 3);
    CHECK(sent[0].request.url == manifest_url);
    CHECK_FALSE(sent[0].has_header("Authorization"));
    CHECK(sent[1].request.method == "GET");
    CHECK(sent[1].request.url ==
          "https://auth.test/token?service=reg.test&scope=repository%3Alib%2Fapp%3Apull");
    CHECK(sent[1].header("Authorization") == alice_basic);
    CHECK(sent[2].request.url == manifest_url);
    CHECK(sent[2].header("Authorization") == "Bearer tok-1");
    CHECK(f.net->unused_replies() == 0);
}

TEST_CASE("bearer: a token is reused for its scope, and fetched up front for a new one",
          "[registry]") {
    Fixture f;
    f.net->add({status(401, "", challenge(bearer_for_app)), status(200, R"({"token":"tok-1"})"),
                status(200, "a")});
    auto core = f.core();
    fetch_manifest(*core, "lib/app");

    // Same scope: no token request, no challenge.
    f.net->add(status(200, "b"));
    CHECK(fetch_manifest(*core, "lib/app") == "b");
    REQUIRE(f.net->sent().size() == 4);
    CHECK(f.net->sent()[3].header("Authorization") == "Bearer tok-1");

    // Another repository on the same token host: its token comes first, saving the 401.
    f.net->add({status(200, R"({"access_token":"tok-2"})"), status(200, "c")});
    CHECK(fetch_manifest(*core, "lib/other") == "c");
    const auto& sent = f.net->sent();
    REQUIRE(sent.size() == 6);
    CHECK(sent[4].request.url ==
          "https://auth.test/token?service=reg.test&scope=repository%3Alib%2Fother%3Apull");
    CHECK(sent[5].request.url == "https://reg.test/v2/lib/other/manifests/v1");
    CHECK(sent[5].header("Authorization") == "Bearer tok-2");
}

TEST_CASE("bearer: the call's scopes when the challenge names none, as repeated parameters",
          "[registry]") {
    Fixture f(false);
    f.net->add({status(401, "", challenge(R"(Bearer realm="https://auth.test/token?a=1")")),
                status(200, R"({"token":"t"})"), status(201)});
    auto core = f.core();
    auto call = core->registry_call(airlock::CallKind::blob, "POST", "reg.test", "lib/app",
                                    "/blobs/uploads/");
    call.scope = airlock::push_scope("lib/app") + " repository:lib/base:pull";
    core->open(call);

    const auto& sent = f.net->sent();
    REQUIRE(sent.size() == 3);
    CHECK(sent[1].request.url == "https://auth.test/token?a=1&scope=repository%3Alib%2Fapp%3Apull%"
                                 "2Cpush&scope=repository%3Alib%2Fbase%3Apull");
    // No credentials configured: the token request is anonymous.
    CHECK_FALSE(sent[1].has_header("Authorization"));
    CHECK(sent[2].header("Authorization") == "Bearer t");
}

TEST_CASE("bearer: credentials do not travel to a plain-HTTP token service of a TLS registry",
          "[registry]") {
    Fixture f;
    f.net->add({status(401, "", challenge(R"(Bearer realm="http://auth.test/token")")),
                status(200, R"({"token":"t"})"), status(200, "{}")});
    auto core = f.core();
    fetch_manifest(*core, "lib/app");
    REQUIRE(f.net->sent().size() == 3);
    CHECK(f.net->sent()[1].request.url.rfind("http://auth.test/token?", 0) == 0);
    CHECK_FALSE(f.net->sent()[1].has_header("Authorization"));
}

TEST_CASE("bearer: under the no-egress rule only announced token services are used", "[registry]") {
    Fixture f;
    f.options.announced_endpoints_only = true;

    SECTION("another host is refused before it is contacted") {
        f.net->add(status(401, "", challenge(bearer_for_app)));
        auto core = f.core();
        try {
            fetch_manifest(*core, "lib/app");
            FAIL("expected an auth error");
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::auth);
            CHECK(std::string(e.what()) ==
                  "registry reg.test sends clients to the token service https://auth.test/token, "
                  "which is not an endpoint of this run; allow it with --token-service auth.test");
        }
        CHECK(f.net->sent().size() == 1);
    }
    SECTION("a listed token host is used") {
        f.options.token_hosts = {"auth.test"};
        f.net->add({status(401, "", challenge(bearer_for_app)), status(200, R"({"token":"t"})"),
                    status(200, "{}")});
        auto core = f.core();
        CHECK(fetch_manifest(*core, "lib/app") == "{}");
        CHECK(f.net->sent().size() == 3);
    }
    SECTION("the registry's own host:port is allowed") {
        f.net->add({status(401, "", challenge(R"(Bearer realm="https://reg.test/auth")")),
                    status(200, R"({"token":"t"})"), status(200, "{}")});
        auto core = f.core();
        CHECK(fetch_manifest(*core, "lib/app") == "{}");
        CHECK(f.net->sent()[1].request.url ==
              "https://reg.test/auth?scope=repository%3Alib%2Fapp%3Apull");
    }
}

TEST_CASE("bearer: what goes wrong with the token service", "[registry]") {
    Fixture f;
    auto core_for = [&](airlock::test::Reply token_reply) {
        f.net->add({status(401, "", challenge(bearer_for_app)), std::move(token_reply)});
        return f.core();
    };
    auto error_of = [&](ClientCore& core) -> Error {
        try {
            fetch_manifest(core, "lib/app");
        } catch (const Error& e) {
            return e;
        }
        FAIL("expected an error");
        return Error(ErrorCode::internal, "unreachable");
    };

    SECTION("a denied token names the service and what to check") {
        auto core = core_for(status(401));
        Error e = error_of(*core);
        CHECK(e.code() == ErrorCode::auth);
        CHECK(std::string(e.what()) ==
              "token service https://auth.test/token denied a token for reg.test/lib/app (HTTP "
              "401); check the credentials for reg.test in " +
                  f.options.authfile + ", and that the repository exists");
    }
    SECTION("a response without a token") {
        auto core = core_for(status(200, R"({"tok":"x"})"));
        Error e = error_of(*core);
        CHECK(e.code() == ErrorCode::auth);
        CHECK(std::string(e.what()) ==
              "token service https://auth.test/token returned no token for reg.test/lib/app");
    }
    SECTION("a response that is not JSON") {
        auto core = core_for(status(200, "<html>"));
        CHECK(error_of(*core).code() == ErrorCode::auth);
    }
    SECTION("a token service failing is a network error") {
        auto core = core_for(status(500));
        Error e = error_of(*core);
        CHECK(e.code() == ErrorCode::network);
        CHECK(std::string(e.what()) ==
              "cannot get token for reg.test/lib/app from https://auth.test/token: HTTP 500");
    }
    SECTION("an unusable realm") {
        f.net->add(status(401, "", challenge(R"(Bearer realm="ftp://auth.test/token")")));
        auto core = f.core();
        Error e = error_of(*core);
        CHECK(e.code() == ErrorCode::auth);
        CHECK(std::string(e.what()) ==
              "registry reg.test names an unusable token realm 'ftp://auth.test/token'");
        CHECK(f.net->sent().size() == 1);
    }
    SECTION("a 401 with a fresh token is not answered again") {
        auto core = core_for(status(200, R"({"token":"t"})"));
        f.net->add(status(401, "", challenge(bearer_for_app)));
        Error e = error_of(*core);
        CHECK(e.code() == ErrorCode::auth);
        CHECK(std::string(e.what()).rfind("registry reg.test denied access to lib/app (HTTP 401)",
                                          0) == 0);
        CHECK(f.net->sent().size() == 3);
    }
}

TEST_CASE("basic challenge: credentials once, then up front; refused ones are final",
          "[registry]") {
    Fixture f;
    f.net->add({status(401, "", challenge(R"(Basic realm="registry")")), status(200, "{}")});
    auto core = f.core();
    CHECK(fetch_manifest(*core, "lib/app") == "{}");
    REQUIRE(f.net->sent().size() == 2);
    CHECK_FALSE(f.net->sent()[0].has_header("Authorization"));
    CHECK(f.net->sent()[1].header("Authorization") == alice_basic);

    // The host is known to want Basic: sent at once, and a refusal is not retried.
    f.net->add(status(401, "", challenge(R"(Basic realm="registry")")));
    try {
        fetch_manifest(*core, "lib/app");
        FAIL("expected an auth error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::auth);
        CHECK(std::string(e.what()) ==
              "registry reg.test denied access to lib/app (HTTP 401); check the credentials for "
              "reg.test in " +
                  f.options.authfile + ", and that the repository exists");
    }
    REQUIRE(f.net->sent().size() == 3);
    CHECK(f.net->sent()[2].header("Authorization") == alice_basic);
}

TEST_CASE("basic challenge without credentials is an auth error at once", "[registry]") {
    Fixture f(false);
    f.net->add(status(401, "", challenge(R"(Basic realm="registry")")));
    auto core = f.core();
    try {
        fetch_manifest(*core, "lib/app");
        FAIL("expected an auth error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::auth);
        CHECK(std::string(e.what()) == "registry reg.test denied access to lib/app (HTTP 401); no "
                                       "authfile was given; or the repository does not exist");
    }
    CHECK(f.net->sent().size() == 1);
}

} // namespace token_flow_test
