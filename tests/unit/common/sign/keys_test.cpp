#include "common/digest/digest.hpp"
#include "common/sign/keys.hpp"
#include "tests/unit/support/sign_test_support.hpp"

#include <sys/stat.h>

using airlock::ErrorCode;
using airlock::sign::KeyType;
using airlock::sign::PrivateKey;
using airlock::sign::PublicKey;
using airlock::test::error_code_of;
using airlock::test::error_message_of;
using airlock::test::quoted;
using airlock::test::run_command;

namespace {

unsigned file_mode(const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return static_cast<unsigned>(st.st_mode & 07777);
}

// openssl's view of a key id: sha256 of the DER SubjectPublicKeyInfo.
std::string openssl_key_id(const std::filesystem::path& pub) {
    const auto r =
        run_command("openssl pkey -pubin -in " + quoted(pub) + " -outform DER | sha256sum");
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.out.size() >= 64);
    return r.out.substr(0, 64);
}

void require_openssl(const std::string& command) {
    INFO(command);
    REQUIRE(run_command(command + " 2>/dev/null").exit_code == 0);
}

} // namespace

TEST_CASE("key types parse from their command-line names", "[sign][keys]") {
    CHECK(airlock::sign::parse_key_type("ed25519") == KeyType::ed25519);
    CHECK(airlock::sign::parse_key_type("ecdsa-p256") == KeyType::ecdsa_p256);
    CHECK(airlock::sign::to_string(KeyType::ecdsa_p256) == "ecdsa-p256");
    CHECK(error_code_of([] { airlock::sign::parse_key_type("rsa"); }) == ErrorCode::usage);
    CHECK(error_code_of([] { airlock::sign::parse_key_type("ED25519"); }) == ErrorCode::usage);
}

TEST_CASE("keys round-trip through PEM", "[sign][keys]") {
    const KeyType type = GENERATE(KeyType::ed25519, KeyType::ecdsa_p256);
    INFO("key type " << airlock::sign::to_string(type));
    const PrivateKey key = PrivateKey::generate(type);
    CHECK(key.type() == type);
    CHECK(key.id().size() == 64);
    CHECK(key.id() == airlock::Digest::of(key.public_key().spki_der()).hex());

    const std::string private_pem = key.pem();
    CHECK(private_pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    const PrivateKey loaded = PrivateKey::from_pem(private_pem, "test");
    CHECK(loaded.id() == key.id());
    CHECK(loaded.type() == type);

    const std::string public_pem = key.public_key().pem();
    CHECK(public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    const PublicKey pub = PublicKey::from_pem(public_pem, "test");
    CHECK(pub.id() == key.id());
    CHECK(pub.spki_der() == key.public_key().spki_der());

    // The reloaded private key signs for the original public key and back.
    CHECK(pub.verify("message", loaded.sign("message")));
    CHECK(loaded.public_key().verify("message", key.sign("message")));
    CHECK_FALSE(pub.verify("message", PrivateKey::generate(type).sign("message")));
    CHECK(PrivateKey::generate(type).id() != key.id());
    if (type == KeyType::ed25519) {
        CHECK(key.sign("m").size() == 64);
        CHECK(key.sign("m") == key.sign("m")); // Ed25519 is deterministic
    }
}

TEST_CASE("key files are written atomically with the right modes", "[sign][keys]") {
    airlock::test::TempDir dir;
    const PrivateKey key = PrivateKey::generate(KeyType::ed25519);
    write_private_key(key, dir / "k.key", false);
    write_public_key(key.public_key(), dir / "k.pub", false);
    CHECK(file_mode(dir / "k.key") == 0600);
    CHECK(file_mode(dir / "k.pub") == 0644);
    CHECK(PrivateKey::load(dir / "k.key").id() == key.id());
    CHECK(PublicKey::load(dir / "k.pub").id() == key.id());

    SECTION("an existing key is never overwritten unless asked") {
        const std::string before = airlock::test::read_file(dir / "k.key");
        const PrivateKey other = PrivateKey::generate(KeyType::ed25519);
        CHECK(error_code_of([&] { write_private_key(other, dir / "k.key", false); }) ==
              ErrorCode::io);
        CHECK(airlock::test::read_file(dir / "k.key") == before);
        write_private_key(other, dir / "k.key", true);
        CHECK(PrivateKey::load(dir / "k.key").id() == other.id());
        CHECK(file_mode(dir / "k.key") == 0600);
    }
    SECTION("no temporary files are left behind") {
        CHECK(error_code_of([&] { write_public_key(key.public_key(), dir / "k.pub", false); }) ==
              ErrorCode::io);
        std::size_t entries = 0;
        for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) {
            ++entries;
        }
        CHECK(entries == 2);
    }
    SECTION("a missing folder is an I/O error") {
        CHECK(error_code_of([&] { write_private_key(key, dir / "no/such/k.key", false); }) ==
              ErrorCode::io);
    }
}

TEST_CASE("our PEM files interoperate with openssl", "[sign][keys][openssl]") {
    airlock::test::TempDir dir;
    const KeyType type = GENERATE(KeyType::ed25519, KeyType::ecdsa_p256);
    INFO("key type " << airlock::sign::to_string(type));
    const PrivateKey key = PrivateKey::generate(type);
    write_private_key(key, dir / "k.key", false);
    write_public_key(key.public_key(), dir / "k.pub", false);

    // openssl derives the same public key from our private key file...
    const auto derived = run_command("openssl pkey -in " + quoted(dir / "k.key") + " -pubout");
    REQUIRE(derived.exit_code == 0);
    CHECK(derived.out == airlock::test::read_file(dir / "k.pub"));
    CHECK(PublicKey::from_pem(derived.out, "openssl output").id() == key.id());
    // ...and computes the same key id from our public key file.
    CHECK(openssl_key_id(dir / "k.pub") == key.id());
    const auto text = run_command("openssl pkey -in " + quoted(dir / "k.key") + " -noout -text");
    CHECK(text.exit_code == 0);
    CHECK(text.out.find(type == KeyType::ed25519 ? "ED25519" : "NIST CURVE: P-256") !=
          std::string::npos);
}

TEST_CASE("keys made by openssl load", "[sign][keys][openssl]") {
    airlock::test::TempDir dir;
    const auto key_file = dir / "k.pem";
    const auto pub_file = dir / "k.pub";
    SECTION("Ed25519") {
        require_openssl("openssl genpkey -algorithm ed25519 -out " + quoted(key_file));
        require_openssl("openssl pkey -in " + quoted(key_file) + " -pubout -out " +
                        quoted(pub_file));
        const PrivateKey key = PrivateKey::load(key_file);
        CHECK(key.type() == KeyType::ed25519);
        CHECK(key.id() == openssl_key_id(pub_file));
        CHECK(PublicKey::load(pub_file).verify("m", key.sign("m")));
    }
    SECTION("ECDSA P-256") {
        require_openssl("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " +
                        quoted(key_file));
        require_openssl("openssl pkey -in " + quoted(key_file) + " -pubout -out " +
                        quoted(pub_file));
        const PrivateKey key = PrivateKey::load(key_file);
        CHECK(key.type() == KeyType::ecdsa_p256);
        CHECK(key.id() == openssl_key_id(pub_file));
        CHECK(PublicKey::load(pub_file).verify("m", key.sign("m")));
    }
}

TEST_CASE("unusable key files fail with a clear error naming the file", "[sign][keys][openssl]") {
    airlock::test::TempDir dir;
    const auto file = dir / "bad.pem";
    auto private_error = [&] { return error_message_of([&] { PrivateKey::load(file); }); };
    auto private_code = [&] { return error_code_of([&] { PrivateKey::load(file); }); };

    SECTION("missing file") {
        CHECK(private_code() == ErrorCode::io);
        CHECK(private_error().find(file.string()) != std::string::npos);
        CHECK(error_code_of([&] { PublicKey::load(file); }) == ErrorCode::io);
    }
    SECTION("not PEM") {
        airlock::test::write_file(file, "hello\n");
        CHECK(private_code() == ErrorCode::spec);
        CHECK(private_error().find(file.string()) != std::string::npos);
    }
    SECTION("encrypted") {
        require_openssl("openssl genpkey -algorithm ed25519 -aes-256-cbc -pass pass:secret -out " +
                        quoted(file));
        CHECK(private_code() == ErrorCode::spec);
        CHECK(private_error().find("encrypted") != std::string::npos);
        CHECK(private_error().find(file.string()) != std::string::npos);
    }
    SECTION("RSA") {
        require_openssl("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out " +
                        quoted(file));
        CHECK(private_code() == ErrorCode::spec);
        CHECK(private_error().find("unsupported key algorithm") != std::string::npos);
    }
    SECTION("the wrong curve") {
        require_openssl("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out " +
                        quoted(file));
        CHECK(private_code() == ErrorCode::spec);
        CHECK(private_error().find("P-256") != std::string::npos);
    }
    SECTION("legacy SEC1 EC key") {
        require_openssl("openssl ecparam -name prime256v1 -genkey -noout -out " + quoted(file));
        CHECK(private_code() == ErrorCode::spec);
        CHECK(private_error().find("pkcs8") != std::string::npos);
    }
    SECTION("a public key where a private key belongs, and the reverse") {
        const PrivateKey key = PrivateKey::generate(KeyType::ed25519);
        write_public_key(key.public_key(), file, false);
        CHECK(private_code() == ErrorCode::spec);
        CHECK(private_error().find("public key") != std::string::npos);
        write_private_key(key, dir / "k.key", false);
        CHECK(error_code_of([&] { PublicKey::load(dir / "k.key"); }) == ErrorCode::spec);
    }
    SECTION("two keys in one file") {
        const std::string pem = PrivateKey::generate(KeyType::ed25519).pem();
        airlock::test::write_file(file, pem + pem);
        CHECK(private_code() == ErrorCode::spec);
        CHECK(private_error().find("more than one") != std::string::npos);
    }
    SECTION("corrupted DER inside valid PEM armour") {
        airlock::test::write_file(file,
                                  "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        CHECK(private_code() == ErrorCode::spec);
        airlock::test::write_file(file,
                                  "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        CHECK(error_code_of([&] { PublicKey::load(file); }) == ErrorCode::spec);
    }
    SECTION("oversized") {
        airlock::test::write_file(file, std::string(100 * 1024, 'A'));
        CHECK(private_code() == ErrorCode::spec);
    }
}

TEST_CASE("verification rejects malformed signatures without throwing", "[sign][keys]") {
    const KeyType type = GENERATE(KeyType::ed25519, KeyType::ecdsa_p256);
    const PrivateKey key = PrivateKey::generate(type);
    const PublicKey& pub = key.public_key();
    CHECK_FALSE(pub.verify("m", ""));
    CHECK_FALSE(pub.verify("m", std::string(64, '\0')));
    CHECK_FALSE(pub.verify("m", std::string(72, '\xff')));
    CHECK_FALSE(pub.verify("m", std::string(100000, 'x')));
    std::string sig = key.sign("m");
    CHECK(pub.verify("m", sig));
    CHECK_FALSE(pub.verify("m", sig + "x"));
}
