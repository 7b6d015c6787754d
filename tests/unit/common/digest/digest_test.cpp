#include "common/core/error.hpp"
#include "common/digest/digest.hpp"

#include <catch2/catch.hpp>

using airlock::Digest;

TEST_CASE("sha256 of known inputs") {
    CHECK(Digest::of("").str() ==
          "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(Digest::of("abc").hex() ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("streaming equals one-shot") {
    std::string data(100000, 'x');
    airlock::Sha256 h;
    for (size_t i = 0; i < data.size(); i += 777) {
        h.update(std::string_view(data).substr(i, 777));
    }
    CHECK(h.finish() == Digest::of(data));
}

TEST_CASE("digest parsing rejects bad input") {
    CHECK_THROWS_AS(Digest::parse("md5:abc"), airlock::Error);
    CHECK_THROWS_AS(Digest::parse("sha256:ABC"), airlock::Error);
    CHECK_THROWS_AS(Digest::parse("sha256:" + std::string(63, 'a')), airlock::Error);
    CHECK(Digest::parse("sha256:" + std::string(64, 'a')).hex() == std::string(64, 'a'));
}
