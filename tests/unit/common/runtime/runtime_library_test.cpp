#include "common/core/error.hpp"
#include "common/runtime/runtime_library.hpp"

#include <catch2/catch.hpp>

#include <sodium.h>

#include <string>

using airlock::Error;
using airlock::ErrorCode;
namespace runtime = airlock::runtime;

TEST_CASE("a library loaded on first use gives the address of its function", "[runtime]") {
    void* address = runtime::symbol(runtime::libsodium, "sodium_version_string");
    REQUIRE(address != nullptr);
    auto version = reinterpret_cast<const char* (*)()>(address);
    // The forwarders and dlsym reach the same library the header describes.
    CHECK(std::string(version()) == SODIUM_VERSION_STRING);
}

TEST_CASE("a missing library or symbol fails in one line naming the package", "[runtime]") {
    const runtime::RuntimeLibrary absent{"libairlock-absent.so.9", "airlock-absent"};
    try {
        runtime::symbol(absent, "anything");
        FAIL("no error for a missing library");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::internal);
        const std::string what = e.what();
        CHECK(what.find("libairlock-absent.so.9") != std::string::npos);
        CHECK(what.find("install the airlock-absent package") != std::string::npos);
        CHECK(what.find('\n') == std::string::npos);
    }
    try {
        runtime::symbol(runtime::libsodium, "airlock_no_such_function");
        FAIL("no error for a missing symbol");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("lacks airlock_no_such_function") != std::string::npos);
    }
}
