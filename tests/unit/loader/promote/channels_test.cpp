#include "loader/promote/channels.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

#include <fstream>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::ScratchDir;

TEST_CASE("channels: a channel is a registry tag", "[promote]") {
    CHECK(channel_tag_problem("prod").empty());
    CHECK(channel_tag_problem("staging-2.v1_x").empty());
    CHECK(channel_tag_problem("_canary").empty());
    CHECK_FALSE(channel_tag_problem("").empty());
    CHECK_FALSE(channel_tag_problem("-prod").empty());
    CHECK_FALSE(channel_tag_problem(".prod").empty());
    CHECK_FALSE(channel_tag_problem("pro:d").empty());
    CHECK_FALSE(channel_tag_problem("pro/d").empty());
    CHECK_FALSE(channel_tag_problem(std::string(129, 'a')).empty());
    CHECK(channel_tag_problem(std::string(128, 'a')).empty());
}

TEST_CASE("channels: written atomically and read back; none when absent", "[promote]") {
    ScratchDir dir;
    CHECK(read_channels(dir.path()).empty());
    CHECK(channels_text({}).empty());
    CHECK(channels_prometheus({}).empty());
    Channels c;
    c[{"shop", "prod"}] = {"prod", "shop", "2.0.0", "sha256:ab", "2026-12-06T10:00:00Z"};
    c[{"shop", "staging"}] = {"staging", "shop", "3.0.0", "sha256:cd", "2026-12-06T11:00:00Z"};
    // Another bundle's prod is its own record.
    c[{"edge", "prod"}] = {"prod", "edge", "1.0.0", "sha256:ef", "2026-12-06T12:00:00Z"};
    write_channels(dir.path(), c);
    Channels back = read_channels(dir.path());
    REQUIRE(back.size() == 3);
    CHECK(back[{"shop", "prod"}].version == "2.0.0");
    CHECK(back[{"edge", "prod"}].version == "1.0.0");
    CHECK(back[{"shop", "staging"}].bom_digest == "sha256:cd");
    CHECK(back[{"shop", "staging"}].promoted_at == "2026-12-06T11:00:00Z");
    CHECK(channels_text(back).find("  prod  edge 1.0.0 (sha256:ef") != std::string::npos);
    CHECK(channels_text(back).find("  prod  shop 2.0.0 (sha256:ab") != std::string::npos);
    CHECK(channels_prometheus(back).find(
              "airlock_channel_info{channel=\"prod\",name=\"shop\",version=\"2.0.0\"") !=
          std::string::npos);
}

TEST_CASE("channels: the first format, keyed by channel alone, still reads", "[promote]") {
    ScratchDir dir;
    {
        std::ofstream(dir.path() / "channels.json")
            << R"({"channels": {"prod": {"name": "shop", "version": "2.0.0", )"
            << R"("bomDigest": "sha256:ab", "promotedAt": "2026-12-06T10:00:00Z"}}})";
    }
    Channels back = read_channels(dir.path());
    REQUIRE(back.size() == 1);
    CHECK(back.begin()->first == ChannelKey{"shop", "prod"});
    CHECK(back.begin()->second.channel == "prod");
    CHECK(back.begin()->second.version == "2.0.0");
}

TEST_CASE("channels: an altered file is an I/O error naming it", "[promote]") {
    ScratchDir dir;
    { std::ofstream(dir.path() / "channels.json") << R"({"channels": {"prod": {"name": "x"}}})"; }
    std::string message;
    CHECK(test::error_code_of([&] { read_channels(dir.path()); }, &message) == ErrorCode::io);
    CHECK(message.find("channels.json") != std::string::npos);
    { std::ofstream(dir.path() / "channels.json") << "not json"; }
    CHECK(test::error_code_of([&] { read_channels(dir.path()); }) == ErrorCode::io);
}
