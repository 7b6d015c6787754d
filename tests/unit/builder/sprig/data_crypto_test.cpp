// Hashes, bcrypt, derivePassword and random values: sprig v3.3.0's
// crypto.go, golang.org/x/crypto/bcrypt, and what helm v4.1.4 prints.
#include "builder/sprig/detail/blowfish.hpp"
#include "data_test_support.hpp"

#include <catch2/catch.hpp>
#include <regex>
#include <set>

using namespace airlock::sprig_data_test;

namespace {

// bcrypt's base64 (./A-Za-z0-9, no padding) back to bytes.
std::string data_crypto_bcrypt_decode(std::string_view text) {
    static constexpr std::string_view alphabet =
        "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    std::uint32_t buffer = 0;
    int bits = 0;
    for (const char c : text) {
        buffer = (buffer << 6) | static_cast<std::uint32_t>(alphabet.find(c));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFF);
        }
    }
    return out;
}

std::string data_crypto_rehash(std::string_view password, std::string_view hash) {
    const int cost = std::stoi(std::string(hash.substr(4, 2)));
    return airlock::sprig::data_detail::bcrypt_hash(password, cost,
                                                    data_crypto_bcrypt_decode(hash.substr(7, 22)));
}

} // namespace

TEST_CASE("sprig sha1sum, sha256sum, sha512sum, adler32sum", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("sha1sum", {s("abc")}) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(fns.print("sha256sum", {s("abc")}) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(fns.print("sha512sum", {s("")}) == "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a"
                                             "921d36ce9ce47d0d13c5d85f2b0ff8318d2877"
                                             "eec2f63b931bd47417a81a538327af927da3e");
    CHECK(fns.print("adler32sum", {s("abc")}) == "38600999");
    CHECK(fns.print("adler32sum", {s("")}) == "1");
}

TEST_CASE("bcrypt hashes match Go's and the OpenBSD vectors for a given salt", "[sprig-data]") {
    // Made by helm v4.1.4: {{ bcrypt "password" }} and {{ htpasswd "admin" "s3cret" }}.
    const std::string helm_hash = "$2a$10$tFu0jH5p2xed4zPxgLi.feyAHFN00mcppZ8VGzEcVVZbYLOiHkbMm";
    CHECK(data_crypto_rehash("password", helm_hash) == helm_hash);
    const std::string helm_htpasswd =
        "$2a$10$tIRagWRQBbhX4Y/P2RQ3ROgheKKHP1yBhKiuhw7XFogLlx2Lh44p.";
    CHECK(data_crypto_rehash("s3cret", helm_htpasswd) == helm_htpasswd);
    CHECK(data_crypto_rehash("wrong", helm_htpasswd) != helm_htpasswd);
    const std::string openbsd = "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
    CHECK(data_crypto_rehash("U*U", openbsd) == openbsd);
    const std::string empty = "$2a$06$DCq7YPn5Rq63x1Lad4cll.TV4S6ytwfsfvkgY8jIucDrjc8deX1s.";
    CHECK(data_crypto_rehash("", empty) == empty);
}

TEST_CASE("sprig bcrypt and htpasswd: fresh salts, Go's messages", "[sprig-data]") {
    DataFunctions fns;
    const std::string a = fns.print("bcrypt", {s("password")});
    const std::string b = fns.print("bcrypt", {s("password")});
    CHECK(std::regex_match(a, std::regex(R"(\$2a\$10\$[./A-Za-z0-9]{53})")));
    CHECK(a != b);
    CHECK(data_crypto_rehash("password", a) == a);
    const std::string line = fns.print("htpasswd", {s("user"), s("pass")});
    CHECK(line.size() == 65);
    CHECK(line.rfind("user:$2a$10$", 0) == 0);
    CHECK(data_crypto_rehash("pass", line.substr(5)) == line.substr(5));
    CHECK(fns.print("htpasswd", {s("a:b"), s("x")}) == "invalid username: a:b");
    CHECK(fns.print("bcrypt", {s(std::string(73, 'a'))}) ==
          "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes");
    CHECK(fns.print("bcrypt", {s(std::string(72, 'a'))}).size() == 60);
}

TEST_CASE("sprig derivePassword gives Master Password's results", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("derivePassword", {i(1), s("long"), s("password"), s("user"),
                                       s("example.com")}) == "ZedaFaxcZaso9*");
    CHECK(fns.print("derivePassword", {i(1), s("maximum"), s("password"), s("user"),
                                       s("example.com")}) == "pf4zS1LjCg&LjhsZ7T2~");
    CHECK(fns.print("derivePassword", {i(0), s("basic"), s(""), s(""), s("")}) == "tLA7wHk7");
    CHECK(fns.print("derivePassword", {i(1), s("nope"), s("a"), s("b"), s("c")}) ==
          "cannot find password template nope");
    CHECK(fns.error("derivePassword", {i(-1), s("pin"), s("a"), s("b"), s("c")}) ==
          "expected unsigned integer; found -1");
}

TEST_CASE("sprig randInt, randBytes, uuidv4 have Go's shapes and errors", "[sprig-data]") {
    DataFunctions fns;
    std::set<std::int64_t> seen;
    for (int n = 0; n < 200; ++n) {
        const Value v = fns.call("randInt", {i(5), i(8)});
        CHECK(v.type_name() == "int");
        seen.insert(v.as_int());
    }
    CHECK(seen == std::set<std::int64_t>{5, 6, 7});
    CHECK(fns.print("randInt", {i(-3), i(-2)}) == "-3");
    CHECK(fns.error("randInt", {i(5), i(5)}) == "invalid argument to Intn");
    CHECK(fns.error("randInt", {i(6), i(5)}) == "invalid argument to Intn");
    CHECK(fns.print("randBytes", {i(5)}).size() == 8);
    CHECK(fns.print("randBytes", {i(0)}).empty());
    CHECK(std::regex_match(fns.print("randBytes", {i(32)}), std::regex("[A-Za-z0-9+/]{43}=")));
    CHECK(fns.error("randBytes", {i(-1)}) == "runtime error: makeslice: len out of range");
    const std::string uuid = fns.print("uuidv4");
    CHECK(std::regex_match(
        uuid, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")));
    CHECK(uuid != fns.print("uuidv4"));
}
