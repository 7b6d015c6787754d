#include "common/core/base64.hpp"
#include "common/sign/dsse.hpp"
#include "common/sign/keys.hpp"
#include "tests/unit/support/sign_test_support.hpp"

#include <random>

using airlock::ErrorCode;
using airlock::sign::KeyType;
using airlock::sign::PrivateKey;
using airlock::test::error_code_of;
namespace dsse = airlock::dsse;

namespace {

constexpr const char* hello_type = "http://example.com/HelloWorld";

nlohmann::json hello_envelope_json() {
    return nlohmann::json::parse(R"({"payloadType": "http://example.com/HelloWorld",
        "payload": "aGVsbG8gd29ybGQ=", "signatures": [{"keyid": "k1", "sig": "AAEC"}]})");
}

ErrorCode parse_error_of(const std::string& text) {
    return error_code_of([&] { dsse::parse_envelope(text); });
}

} // namespace

TEST_CASE("PAE matches the DSSE specification's example byte for byte", "[sign][dsse]") {
    CHECK(dsse::pae(hello_type, "hello world") ==
          "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    CHECK(dsse::pae("", "") == "DSSEv1 0  0 ");
    // Lengths count bytes, not characters.
    CHECK(dsse::pae("t", "\xc3\xa9") == "DSSEv1 1 t 2 \xc3\xa9");
    const std::string with_nul("a\0b", 3);
    CHECK(dsse::pae("t", with_nul) == std::string("DSSEv1 1 t 3 a\0b", 16));
}

TEST_CASE("DSSE signatures verify and tampering is detected", "[sign][dsse]") {
    const KeyType type = GENERATE(KeyType::ed25519, KeyType::ecdsa_p256);
    INFO("key type " << airlock::sign::to_string(type));
    const PrivateKey key = PrivateKey::generate(type);
    const PrivateKey other = PrivateKey::generate(type);

    const dsse::Envelope envelope = dsse::sign(hello_type, "hello world", key);
    REQUIRE(envelope.signatures.size() == 1);
    CHECK(envelope.signatures[0].keyid == key.id());
    CHECK(
        key.public_key().verify(dsse::pae(hello_type, "hello world"), envelope.signatures[0].sig));
    CHECK(dsse::is_signed_by(envelope, key.public_key()));
    CHECK_FALSE(dsse::is_signed_by(envelope, other.public_key()));

    SECTION("tampered payload") {
        dsse::Envelope bad = envelope;
        bad.payload = "hello World";
        CHECK_FALSE(dsse::is_signed_by(bad, key.public_key()));
    }
    SECTION("tampered payload type: the type is authenticated too") {
        dsse::Envelope bad = envelope;
        bad.payload_type = "http://example.com/HelloWorld2";
        CHECK_FALSE(dsse::is_signed_by(bad, key.public_key()));
    }
    SECTION("tampered signature") {
        dsse::Envelope bad = envelope;
        bad.signatures[0].sig[bad.signatures[0].sig.size() / 2] ^= 0x01;
        CHECK_FALSE(dsse::is_signed_by(bad, key.public_key()));
    }
    SECTION("truncated and empty signatures") {
        dsse::Envelope bad = envelope;
        bad.signatures[0].sig.pop_back();
        CHECK_FALSE(dsse::is_signed_by(bad, key.public_key()));
        bad.signatures[0].sig.clear();
        CHECK_FALSE(dsse::is_signed_by(bad, key.public_key()));
    }
    SECTION("the keyid narrows the search but an empty one still verifies") {
        dsse::Envelope hinted = envelope;
        hinted.signatures[0].keyid = other.id();
        CHECK_FALSE(dsse::is_signed_by(hinted, key.public_key()));
        hinted.signatures[0].keyid.clear();
        CHECK(dsse::is_signed_by(hinted, key.public_key()));
    }
    SECTION("co-signing adds a second signature") {
        dsse::Envelope both = envelope;
        dsse::add_signature(both, other);
        CHECK(dsse::is_signed_by(both, key.public_key()));
        CHECK(dsse::is_signed_by(both, other.public_key()));
    }
    SECTION("JSON round trip") {
        const std::string text = dsse::serialize(envelope);
        const dsse::Envelope back = dsse::parse_envelope(text);
        CHECK(back == envelope);
        CHECK(dsse::is_signed_by(back, key.public_key()));
        const auto j = nlohmann::json::parse(text);
        CHECK(j.at("payload") == "aGVsbG8gd29ybGQ=");
        CHECK(j.at("payloadType") == hello_type);
        CHECK(j.at("signatures").at(0).at("keyid") == key.id());
    }
}

TEST_CASE("DSSE signatures interoperate with the openssl command", "[sign][dsse][openssl]") {
    airlock::test::TempDir dir;
    const KeyType type = GENERATE(KeyType::ed25519, KeyType::ecdsa_p256);
    INFO("key type " << airlock::sign::to_string(type));
    const PrivateKey key = PrivateKey::generate(type);
    write_private_key(key, dir / "k.key", false);
    write_public_key(key.public_key(), dir / "k.pub", false);
    const std::string message = dsse::pae(hello_type, "hello world");
    airlock::test::write_file(dir / "msg", message);
    airlock::test::write_file(dir / "ours.sig", key.sign(message));

    const std::string pub = airlock::test::quoted(dir / "k.pub");
    const std::string priv = airlock::test::quoted(dir / "k.key");
    const std::string msg = airlock::test::quoted(dir / "msg");
    if (type == KeyType::ed25519) {
        // Ed25519 is one-shot: pkeyutl -rawin signs the message itself.
        CHECK(airlock::test::run_command("openssl pkeyutl -verify -pubin -inkey " + pub +
                                         " -rawin -in " + msg + " -sigfile " +
                                         airlock::test::quoted(dir / "ours.sig") + " >/dev/null")
                  .exit_code == 0);
        REQUIRE(airlock::test::run_command("openssl pkeyutl -sign -inkey " + priv + " -rawin -in " +
                                           msg + " -out " +
                                           airlock::test::quoted(dir / "theirs.sig"))
                    .exit_code == 0);
    } else {
        CHECK(airlock::test::run_command("openssl dgst -sha256 -verify " + pub + " -signature " +
                                         airlock::test::quoted(dir / "ours.sig") + " " + msg +
                                         " >/dev/null")
                  .exit_code == 0);
        REQUIRE(airlock::test::run_command("openssl dgst -sha256 -sign " + priv + " -out " +
                                           airlock::test::quoted(dir / "theirs.sig") + " " + msg)
                    .exit_code == 0);
    }
    const std::string theirs = airlock::test::read_file(dir / "theirs.sig");
    CHECK(key.public_key().verify(message, theirs));
    CHECK_FALSE(key.public_key().verify(message + "x", theirs));
}

TEST_CASE("DSSE parsing accepts what the specification allows", "[sign][dsse]") {
    SECTION("missing keyid means empty; unknown fields are ignored") {
        auto j = hello_envelope_json();
        j["signatures"][0].erase("keyid");
        j["signatures"][0]["cert"] = "ignored";
        j["extension"] = {{"any", 1}};
        const dsse::Envelope e = dsse::parse_envelope(j.dump());
        CHECK(e.payload == "hello world");
        CHECK(e.payload_type == hello_type);
        REQUIRE(e.signatures.size() == 1);
        CHECK(e.signatures[0].keyid.empty());
        CHECK(e.signatures[0].sig == std::string("\x00\x01\x02", 3));
    }
    SECTION("URL-safe and unpadded base64") {
        auto j = hello_envelope_json();
        j["payload"] = "aGVsbG8gd29ybGQ";
        j["signatures"][0]["sig"] = "-_8";
        const dsse::Envelope e = dsse::parse_envelope(j.dump());
        CHECK(e.payload == "hello world");
        CHECK(e.signatures[0].sig == "\xfb\xff");
    }
    SECTION("no signatures parses (and can never verify)") {
        auto j = hello_envelope_json();
        j["signatures"] = nlohmann::json::array();
        const dsse::Envelope e = dsse::parse_envelope(j.dump());
        CHECK(e.signatures.empty());
        CHECK_FALSE(dsse::is_signed_by(e, PrivateKey::generate(KeyType::ed25519).public_key()));
    }
}

TEST_CASE("DSSE parsing rejects malformed envelopes", "[sign][dsse]") {
    auto mutated = [](auto&& change) {
        auto j = hello_envelope_json();
        change(j);
        return j.dump();
    };
    using J = nlohmann::json;
    CHECK(parse_error_of("") == ErrorCode::signature);
    CHECK(parse_error_of("not json") == ErrorCode::signature);
    CHECK(parse_error_of("[]") == ErrorCode::signature);
    CHECK(parse_error_of(hello_envelope_json().dump() + "{}") == ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j.erase("payload"); })) == ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j.erase("payloadType"); })) == ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j.erase("signatures"); })) == ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["payload"] = 5; })) == ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["payload"] = "a*b="; })) == ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["payload"] = "aGVsbG8=="; })) ==
          ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["payload"] = "aGVs+G8_"; })) == ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["payload"] = "aGVsbG9="; })) == ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["payloadType"] = J::array(); })) ==
          ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["signatures"] = J::object(); })) ==
          ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["signatures"][0] = "sig"; })) ==
          ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["signatures"][0].erase("sig"); })) ==
          ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["signatures"][0]["keyid"] = 1; })) ==
          ErrorCode::signature);
    CHECK(parse_error_of(mutated([](J& j) { j["signatures"][0]["keyid"] = nullptr; })) ==
          ErrorCode::signature);
    // Two parsers must not disagree about which payload was meant.
    CHECK(parse_error_of(
              R"({"payloadType":"t","payload":"YQ==","payload":"Yg==","signatures":[]})") ==
          ErrorCode::signature);
}

TEST_CASE("DSSE parsing bounds every size", "[sign][dsse]") {
    using J = nlohmann::json;
    auto with = [](auto&& change) {
        auto j = hello_envelope_json();
        change(j);
        return j.dump();
    };
    CHECK(parse_error_of(std::string(dsse::max_envelope_bytes + 1, ' ')) == ErrorCode::signature);
    const std::string big_payload =
        airlock::base64_encode(std::string(dsse::max_payload_bytes + 1, 'x'));
    CHECK(error_code_of([&] {
              dsse::envelope_from_json(
                  J{{"payloadType", "t"}, {"payload", big_payload}, {"signatures", J::array()}});
          }) == ErrorCode::signature);
    const std::string max_payload =
        airlock::base64_encode(std::string(dsse::max_payload_bytes, 'x'));
    CHECK(dsse::envelope_from_json(
              J{{"payloadType", "t"}, {"payload", max_payload}, {"signatures", J::array()}})
              .payload.size() == dsse::max_payload_bytes);
    CHECK(parse_error_of(with([](J& j) {
              j["signatures"] = J::array();
              for (std::size_t i = 0; i <= dsse::max_signatures; ++i) {
                  j["signatures"].push_back({{"sig", "AA=="}});
              }
          })) == ErrorCode::signature);
    CHECK(parse_error_of(with([](J& j) {
              j["signatures"][0]["sig"] =
                  airlock::base64_encode(std::string(dsse::max_signature_bytes + 1, 's'));
          })) == ErrorCode::signature);
    CHECK(parse_error_of(with([](J& j) {
              j["signatures"][0]["keyid"] = std::string(dsse::max_keyid_bytes + 1, 'k');
          })) == ErrorCode::signature);
    CHECK(parse_error_of(with([](J& j) {
              j["payloadType"] = std::string(dsse::max_payload_type_bytes + 1, 't');
          })) == ErrorCode::signature);
    // Deep nesting in an ignored field is refused before it costs anything.
    CHECK(parse_error_of(R"({"x":)" + std::string(1000, '[') + std::string(1000, ']') + "}") ==
          ErrorCode::signature);
}

TEST_CASE("DSSE parsing survives random corruption", "[sign][dsse]") {
    const PrivateKey key = PrivateKey::generate(KeyType::ed25519);
    const std::string valid = dsse::serialize(dsse::sign(hello_type, "hello world", key));
    std::mt19937 rng(20261123);
    int parsed = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string text = valid;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits; ++e) {
            const std::size_t at = rng() % text.size();
            switch (rng() % 3) {
            case 0:
                text[at] = static_cast<char>(rng() & 0xff);
                break;
            case 1:
                text.erase(at, 1 + rng() % 8);
                break;
            default:
                text.insert(at, 1, static_cast<char>(rng() & 0xff));
                break;
            }
            if (text.empty()) {
                text = "{";
            }
        }
        try {
            const dsse::Envelope e = dsse::parse_envelope(text);
            ++parsed;
            // Whatever parses must still only verify if it is the original.
            if (dsse::is_signed_by(e, key.public_key())) {
                CHECK(e.payload == "hello world");
                CHECK(e.payload_type == hello_type);
            }
        } catch (const airlock::Error& err) {
            CHECK(err.code() == ErrorCode::signature);
        }
    }
    CHECK(parsed > 0);
}

TEST_CASE("base64 encodes RFC 4648 test vectors and decodes strictly", "[sign][dsse]") {
    using airlock::base64_decode;
    using airlock::base64_encode;
    const std::pair<const char*, const char*> vectors[] = {{"", ""},
                                                           {"f", "Zg=="},
                                                           {"fo", "Zm8="},
                                                           {"foo", "Zm9v"},
                                                           {"foob", "Zm9vYg=="},
                                                           {"fooba", "Zm9vYmE="},
                                                           {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        CHECK(base64_encode(plain) == encoded);
        CHECK(base64_decode(encoded, 100) == std::optional<std::string>(plain));
    }
    CHECK(base64_decode("Zm9vYg", 100) == std::optional<std::string>("foob"));
    CHECK_FALSE(base64_decode("Zm9vYg=", 100));
    CHECK_FALSE(base64_decode("Zm9vY", 100));
    CHECK_FALSE(base64_decode("Zm9v\n", 100));
    CHECK_FALSE(base64_decode("Zh==", 100)); // non-zero unused bits
    CHECK_FALSE(base64_decode("+-==", 100)); // mixed alphabets
    CHECK_FALSE(base64_decode("Zm9vYmFy", 5));
    CHECK(base64_decode("Zm9vYmFy", 6) == std::optional<std::string>("foobar"));
}
