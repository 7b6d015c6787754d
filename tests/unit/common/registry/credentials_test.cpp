#include "common/core/base64.hpp"
#include "common/core/error.hpp"
#include "common/registry/detail/credentials.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

using airlock::AuthConfig;

namespace {

// base64("user:pass") and friends, spelled out so the test does not depend on the encoder.
constexpr const char* alice_secret = "YWxpY2U6czNjcjN0"; // alice:s3cr3t
constexpr const char* bob_colon = "Ym9iOnA6dw==";        // bob:p:w

} // namespace

TEST_CASE("base64 round trip and rejects", "[registry]") {
    CHECK(airlock::base64_encode("") == "");
    CHECK(airlock::base64_encode("f") == "Zg==");
    CHECK(airlock::base64_encode("fo") == "Zm8=");
    CHECK(airlock::base64_encode("foo") == "Zm9v");
    CHECK(airlock::base64_encode("alice:s3cr3t") == alice_secret);
    CHECK(airlock::base64_decode("Zm8=") == "fo");
    CHECK(airlock::base64_decode("Zm8") == "fo");
    CHECK(airlock::base64_decode(bob_colon) == "bob:p:w");
    CHECK_FALSE(airlock::base64_decode("Zm9v!"));
    CHECK_FALSE(airlock::base64_decode("Z"));
}

TEST_CASE("registry host normalisation", "[registry]") {
    CHECK(airlock::normalize_registry_host("quay.io") == "quay.io");
    CHECK(airlock::normalize_registry_host("127.0.0.1:5000") == "127.0.0.1:5000");
    CHECK(airlock::normalize_registry_host("https://index.docker.io/v1/") == "docker.io");
    CHECK(airlock::normalize_registry_host("http://Reg.Example:8443/v2/") == "reg.example:8443");
    CHECK(airlock::normalize_registry_host("reg.example/team/app") == "reg.example");
    CHECK(airlock::normalize_registry_host("registry-1.docker.io") == "docker.io");
}

TEST_CASE("config.json: every key form and value form", "[registry]") {
    auto config = AuthConfig::parse(std::string(R"({"auths": {
        "quay.io": {"auth": ")") + alice_secret +
                                        R"("},
        "127.0.0.1:5000": {"auth": ")" + bob_colon +
                                        R"("},
        "https://index.docker.io/v1/": {"username": "hub", "password": "hubpw"},
        "http://plain.example:8080/v1/": {"username": "p", "password": "q"},
        "tokenonly.example": {"identitytoken": "refresh-me"}
    }, "credsStore": "desktop"})",
                                    "test config");
    auto quay = config.find("quay.io");
    REQUIRE(quay);
    CHECK(quay->username == "alice");
    CHECK(quay->password == "s3cr3t");

    auto local = config.find("127.0.0.1:5000");
    REQUIRE(local);
    CHECK(local->username == "bob");
    CHECK(local->password == "p:w"); // only the first ':' separates

    for (const char* hub : {"docker.io", "registry-1.docker.io", "index.docker.io"}) {
        auto creds = config.find(hub);
        REQUIRE(creds);
        CHECK(creds->username == "hub");
    }
    auto plain = config.find("plain.example:8080");
    REQUIRE(plain);
    CHECK(plain->password == "q");

    // The port is part of a registry's identity.
    CHECK_FALSE(config.find("127.0.0.1"));
    CHECK_FALSE(config.find("127.0.0.1:5001"));
    CHECK_FALSE(config.find("quay.io:443"));
    CHECK_FALSE(config.find("plain.example"));
    // Identity tokens are not supported, so that host has no credentials.
    CHECK_FALSE(config.find("tokenonly.example"));
    CHECK_FALSE(config.find("elsewhere.example"));
}

TEST_CASE("config.json: empty and malformed documents", "[registry]") {
    CHECK(AuthConfig::parse("{}", "x").empty());
    CHECK(AuthConfig::parse(R"({"auths": {}})", "x").empty());
    auto expect_spec = [](const std::string& text) {
        try {
            (void)AuthConfig::parse(text, "authfile /tmp/c.json");
            FAIL("no error for " << text);
        } catch (const airlock::Error& e) {
            CHECK(e.code() == airlock::ErrorCode::spec);
            CHECK(std::string(e.what()).find("authfile /tmp/c.json") != std::string::npos);
        }
    };
    expect_spec("not json");
    expect_spec("[]");
    expect_spec(R"({"auths": []})");
    expect_spec(R"({"auths": {"h": "x"}})");
    expect_spec(R"({"auths": {"h": {"auth": "!!!"}}})");
    expect_spec(R"({"auths": {"h": {"auth": "bm9jb2xvbg=="}}})"); // "nocolon"
    expect_spec(R"({"auths": {"h": {"username": 5}}})");
}

TEST_CASE("config.json: load from a file", "[registry]") {
    auto dir =
        std::filesystem::temp_directory_path() / ("airlock-creds-" + std::to_string(std::rand()));
    std::filesystem::create_directories(dir);
    auto path = (dir / "config.json").string();
    std::ofstream(path) << R"({"auths": {"reg:5000": {"username": "u", "password": "p"}}})";
    auto config = AuthConfig::load(path);
    REQUIRE(config.find("reg:5000"));
    CHECK(config.find("reg:5000")->username == "u");
    try {
        (void)AuthConfig::load((dir / "missing.json").string());
        FAIL("no error for a missing authfile");
    } catch (const airlock::Error& e) {
        CHECK(e.code() == airlock::ErrorCode::io);
    }
    std::filesystem::remove_all(dir);
}
