#include "common/core/error.hpp"
#include "common/registry/detail/cert_dir.hpp"

#include <filesystem>
#include <fstream>
#include <random>

#include <catch2/catch.hpp>

namespace fs = std::filesystem;
using airlock::find_tls_files;

namespace {

class TempDir {
  public:
    TempDir() {
        std::random_device rd;
        path_ = fs::temp_directory_path() / ("airlock-certs-" + std::to_string(rd()));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

void touch(const fs::path& p) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "x";
}

} // namespace

TEST_CASE("cert dir: CA files and a client pair", "[registry]") {
    TempDir dir;
    auto host = dir.path() / "reg.example:5000";
    touch(host / "ca.crt");
    touch(host / "extra.crt");
    touch(host / "client.cert");
    touch(host / "client.key");
    touch(host / "README");
    fs::create_directories(host / "sub.crt"); // a directory is not a CA

    auto files = find_tls_files(dir.path(), "reg.example:5000");
    REQUIRE(files.ca_files.size() == 2);
    CHECK(files.ca_files[0] == host / "ca.crt");
    CHECK(files.ca_files[1] == host / "extra.crt");
    CHECK(files.client_cert == host / "client.cert");
    CHECK(files.client_key == host / "client.key");
}

TEST_CASE("cert dir: host matching is exact, port included", "[registry]") {
    TempDir dir;
    touch(dir.path() / "reg.example" / "ca.crt");
    CHECK(find_tls_files(dir.path(), "reg.example:5000").empty());
    CHECK(find_tls_files(dir.path(), "reg.example").ca_files.size() == 1);
    CHECK(find_tls_files(dir.path(), "other.example").empty());
    CHECK(find_tls_files("", "reg.example").empty());
    CHECK(find_tls_files(dir.path() / "absent", "reg.example").empty());
    // Hosts are never paths.
    CHECK(find_tls_files(dir.path() / "reg.example", "..").empty());
    CHECK(find_tls_files(dir.path(), "../x").empty());
}

TEST_CASE("cert dir: only a CA, only a client pair", "[registry]") {
    TempDir dir;
    touch(dir.path() / "a" / "ca.crt");
    auto a = find_tls_files(dir.path(), "a");
    CHECK(a.ca_files.size() == 1);
    CHECK(a.client_cert.empty());

    touch(dir.path() / "b" / "me.cert");
    touch(dir.path() / "b" / "me.key");
    auto b = find_tls_files(dir.path(), "b");
    CHECK(b.ca_files.empty());
    CHECK(b.client_cert.filename() == "me.cert");
    CHECK(b.client_key.filename() == "me.key");
    CHECK_FALSE(b.empty());
}

TEST_CASE("cert dir: unpaired client files are errors", "[registry]") {
    TempDir dir;
    touch(dir.path() / "c" / "client.cert");
    try {
        (void)find_tls_files(dir.path(), "c");
        FAIL("no error for a certificate without key");
    } catch (const airlock::Error& e) {
        CHECK(e.code() == airlock::ErrorCode::spec);
        CHECK(std::string(e.what()).find("client.key") != std::string::npos);
    }
    touch(dir.path() / "d" / "client.key");
    CHECK_THROWS_AS(find_tls_files(dir.path(), "d"), airlock::Error);
}

TEST_CASE("cert dir: symlinked files count", "[registry]") {
    TempDir dir;
    touch(dir.path() / "store" / "real-ca.pem");
    fs::create_directories(dir.path() / "e");
    fs::create_symlink(dir.path() / "store" / "real-ca.pem", dir.path() / "e" / "ca.crt");
    CHECK(find_tls_files(dir.path(), "e").ca_files.size() == 1);
}
