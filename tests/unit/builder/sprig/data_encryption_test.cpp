// encryptAES / decryptAES against ciphertexts helm v4.1.4 made, and
// getHostByName's documented empty answer.
#include "data_test_support.hpp"

#include <catch2/catch.hpp>
#include <regex>

using namespace airlock::sprig_data_test;

TEST_CASE("sprig decryptAES reads what Helm's encryptAES wrote", "[sprig-data]") {
    DataFunctions fns;
    // {{ encryptAES "secretkey" "plaintext" }} in helm v4.1.4.
    CHECK(fns.print("decryptAES",
                    {s("secretkey"), s("/SMNZPdwUBao50OFxujkNrv4TQvpsA6+4hFV856pdrs=")}) ==
          "plaintext");
    // A password longer than 32 bytes is cut; a full block of padding.
    CHECK(fns.print("decryptAES",
                    {s("0123456789abcdef0123456789abcdefXYZ"),
                     s("EWCRTA7jSfHsWXmU94GHDQAaR1X/i1wekjmoUNYaDxiA3gDHmLT7xnXwOysxZ6To")}) ==
          "exactly sixteen!");
}

TEST_CASE("sprig encryptAES: random IV, PKCS#7 padding, base64", "[sprig-data]") {
    DataFunctions fns;
    const std::string a = fns.print("encryptAES", {s("k"), s("abc")});
    CHECK(a.size() == 44); // 16 bytes of IV and one block
    CHECK(std::regex_match(a, std::regex("[A-Za-z0-9+/]{43}=")));
    CHECK(a != fns.print("encryptAES", {s("k"), s("abc")}));
    CHECK(fns.print("decryptAES", {s("k"), s(a)}) == "abc");
    CHECK(fns.print("encryptAES", {s("k"), s("0123456789abcdef")}).size() == 64);
    const std::string long_password(40, 'k');
    CHECK(fns.print("decryptAES",
                    {s(long_password), fns.call("encryptAES", {s(long_password), s("x")})}) == "x");
    CHECK(fns.print("encryptAES", {s("k"), s("")}).empty());
    CHECK(fns.print("decryptAES", {s("k"), s("")}).empty());
}

TEST_CASE("sprig decryptAES fails on malformed input as Go panics", "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.error("decryptAES", {s("k"), s("!!!")}) == "illegal base64 data at input byte 0");
    CHECK(fns.error("decryptAES", {s("k"), s("YWJj")}) ==
          "runtime error: slice bounds out of range [:16] with capacity 3");
    CHECK(fns.error("decryptAES", {s("k"), s("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZQ==")}) ==
          "crypto/cipher: input not full blocks");
    CHECK(fns.error("decryptAES", {s("k"), s("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")}) ==
          "runtime error: slice bounds out of range [:-233]");
    CHECK(fns.error("decryptAES", {s("k"), s("MDEyMzQ1Njc4OWFiY2RlZg==")}) ==
          "runtime error: index out of range [-1]");
}

TEST_CASE("sprig getHostByName never resolves: empty, as helm without --enable-dns",
          "[sprig-data]") {
    DataFunctions fns;
    CHECK(fns.print("getHostByName", {s("localhost")}).empty());
    CHECK(fns.print("getHostByName", {s("example.com")}).empty());
}
