#include "common/registry/detail/registry_errors.hpp"

#include <catch2/catch.hpp>

TEST_CASE("registry error bodies", "[registry]") {
    auto info = airlock::parse_registry_error(
        R"({"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]})");
    REQUIRE(info);
    CHECK(info->code == "MANIFEST_UNKNOWN");
    CHECK(info->message == "manifest unknown");

    CHECK_FALSE(airlock::parse_registry_error("<html>bad gateway</html>"));
    CHECK_FALSE(airlock::parse_registry_error(R"({"errors":[]})"));
    CHECK_FALSE(airlock::parse_registry_error(""));

    CHECK(airlock::describe_http_failure(
              401, R"({"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]})") ==
          "HTTP 401: authentication required");
    CHECK(airlock::describe_http_failure(503, "") == "HTTP 503");
    CHECK(airlock::describe_http_failure(502, "<html><body>Bad Gateway</body></html>") ==
          "HTTP 502");
    CHECK(
        airlock::describe_http_failure(400, "Client sent an HTTP request to an HTTPS server.\n") ==
        "HTTP 400: Client sent an HTTP request to an HTTPS server.");
    CHECK(airlock::describe_http_failure(400, R"({"errors":[{"code":"DENIED"}]})") ==
          "HTTP 400: DENIED");
    // Messages stay on one line.
    CHECK(airlock::describe_http_failure(500, R"({"errors":[{"message":"a\nb"}]})") ==
          "HTTP 500: a b");
}

TEST_CASE("registry errors that mean not found", "[registry]") {
    CHECK(airlock::means_not_found(404, ""));
    CHECK(airlock::means_not_found(400, R"({"errors":[{"code":"NAME_UNKNOWN"}]})"));
    CHECK(airlock::means_not_found(400, R"({"errors":[{"code":"BLOB_UNKNOWN"}]})"));
    CHECK_FALSE(airlock::means_not_found(401, R"({"errors":[{"code":"UNAUTHORIZED"}]})"));
    CHECK_FALSE(airlock::means_not_found(500, ""));
}
