#include "loader/egress/egress_target.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::error_code_of;
using airlock::test::error_message_of;

TEST_CASE("egress targets: the default list is the public registries on 443", "[egress]") {
    const std::vector<EgressTarget> d = default_egress_targets();
    REQUIRE(d.size() == 8);
    CHECK(d.front() == EgressTarget{"registry-1.docker.io", 443});
    CHECK(d.back() == EgressTarget{"mcr.microsoft.com", 443});
}

TEST_CASE("egress targets: HOST[:PORT] lists, IPv6 in brackets, duplicates once", "[egress]") {
    const std::vector<EgressTarget> t =
        parse_egress_targets("quay.io,127.0.0.1:5000,[::1]:8443,::1,quay.io:443");
    REQUIRE(t.size() == 4);
    CHECK(t[0] == EgressTarget{"quay.io", 443});
    CHECK(t[1] == EgressTarget{"127.0.0.1", 5000});
    CHECK(t[2] == EgressTarget{"::1", 8443});
    CHECK(t[3] == EgressTarget{"::1", 443});
    CHECK(t[2].str() == "[::1]:8443");
    CHECK(t[1].str() == "127.0.0.1:5000");
}

TEST_CASE("egress targets: anything but host and port is a usage error", "[egress]") {
    for (const char* bad : {"", "quay.io,", ",quay.io", "quay.io:0", "quay.io:65536", "quay.io:x",
                            "quay.io:", "https://quay.io", "quay.io/v2", "user@quay.io", "-quay.io",
                            "quay..io", "[::1", "[quay.io]:443", "[::1]443", "1:2:zz", "a b"}) {
        INFO(bad);
        CHECK(error_code_of([&] { parse_egress_targets(bad); }) == ErrorCode::usage);
    }
    CHECK(error_message_of([] {
              parse_egress_targets("quay.io,gcr.io:99999");
          }).find("'gcr.io:99999'") != std::string::npos);
}
