#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "common/io/file.hpp"
#include "common/io/file_reader.hpp"
#include "common/io/temp_file.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>
#include <thread>
#include <unistd.h>

#include <cstring>
#include <functional>
#include <sys/stat.h>

using airlock::Error;
using airlock::ErrorCode;
using airlock::File;
using airlock::FileReader;
using airlock::TempFile;
using airlock::test::ScratchDir;

namespace {

std::string pattern(size_t n) {
    std::string s(n, '\0');
    std::uint32_t x = 12345;
    for (auto& c : s) {
        x = x * 1103515245u + 12345u;
        c = static_cast<char>(x >> 24);
    }
    return s;
}

std::string drain(airlock::BlobReader& r, size_t chunk) {
    std::string out;
    std::vector<std::byte> buf(chunk);
    for (;;) {
        size_t n = r.read(buf);
        if (n == 0) {
            return out;
        }
        out.append(reinterpret_cast<const char*>(buf.data()), n);
    }
}

ErrorCode code_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    FAIL("expected an airlock::Error");
    return ErrorCode::internal;
}

} // namespace

TEST_CASE("File writes, reads at offsets, reports size", "[io]") {
    ScratchDir dir;
    File f = File::create(dir / "a.bin", 0600);
    f.write("hello ");
    f.write("world");
    f.write_at("W", 6);
    CHECK(f.size() == 11);
    std::string buf(5, '\0');
    f.read_exact_at(std::as_writable_bytes(std::span(buf.data(), buf.size())), 6);
    CHECK(buf == "World");
    // Reading past the end returns what is there, read_exact_at refuses.
    std::string tail(10, '\0');
    CHECK(f.read_at(std::as_writable_bytes(std::span(tail.data(), tail.size())), 8) == 3);
    CHECK_THROWS_AS(f.read_exact_at(std::as_writable_bytes(std::span(tail.data(), tail.size())), 8),
                    Error);
    f.fsync();
    f.close();
    CHECK(!f.is_open());
    struct stat st {};
    REQUIRE(::stat((dir / "a.bin").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    CHECK(dir.read("a.bin") == "hello World");
}

TEST_CASE("File errors name the path", "[io]") {
    ScratchDir dir;
    try {
        File::open_read(dir / "missing.bin");
        FAIL("no throw");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::not_found);
        CHECK_THAT(e.what(), Catch::Contains("missing.bin") && Catch::Contains("No such file"));
    }
    dir.write("exists", "x");
    CHECK(code_of([&] { File::create_exclusive(dir / "exists"); }) == ErrorCode::io);
    CHECK(code_of([&] { File::create(dir / "no/such/dir/file"); }) == ErrorCode::not_found);
}

TEST_CASE("File is move-only and closes once", "[io]") {
    ScratchDir dir;
    File a = File::create(dir / "m");
    int fd = a.fd();
    File b = std::move(a);
    CHECK(!a.is_open());
    CHECK(b.fd() == fd);
    b.write("x");
    File c;
    c = std::move(b);
    CHECK(c.size() == 1);
}

TEST_CASE("read_file enforces its limit", "[io]") {
    ScratchDir dir;
    dir.write("doc", std::string(100, 'a'));
    CHECK(airlock::read_file(dir / "doc", 100).size() == 100);
    CHECK(code_of([&] { airlock::read_file(dir / "doc", 99); }) == ErrorCode::io);
}

TEST_CASE("read_named_file names the file's role; too large is invalid input", "[io]") {
    ScratchDir dir;
    dir.write("spec.yaml", std::string(10, 'a'));
    CHECK(airlock::read_named_file(dir / "spec.yaml", "spec", 10) == std::string(10, 'a'));
    auto refusal = [&](const std::filesystem::path& path, std::size_t limit) {
        try {
            airlock::read_named_file(path, "spec", limit, airlock::FileContents::secret);
        } catch (const Error& e) {
            return std::pair(e.code(), std::string(e.what()));
        }
        FAIL("expected an airlock::Error");
        return std::pair(ErrorCode::internal, std::string());
    };
    const auto [missing_code, missing] = refusal(dir / "absent.yaml", 10);
    CHECK(missing_code == ErrorCode::io); // a missing file too, not not_found
    CHECK(missing.starts_with("cannot read spec: cannot open "));
    CHECK(missing.find("absent.yaml") != std::string::npos);
    const auto [large_code, large] = refusal(dir / "spec.yaml", 9);
    CHECK(large_code == ErrorCode::spec);
    CHECK(large.starts_with("cannot read spec: "));
    CHECK(large.find("9 byte limit") != std::string::npos);
    const auto [dir_code, directory] = refusal(dir.path(), 9);
    CHECK(dir_code == ErrorCode::io);
}

TEST_CASE("read_file reads a pipe to its end, under the same limit", "[io]") {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const std::string text(100 * 1024, 'k'); // more than a pipe buffer's first read
    std::thread writer([&] {
        std::size_t done = 0;
        while (done < text.size()) {
            const ssize_t n = ::write(fds[1], text.data() + done, text.size() - done);
            if (n <= 0) {
                break;
            }
            done += static_cast<std::size_t>(n);
        }
        ::close(fds[1]);
    });
    const std::string path = "/proc/self/fd/" + std::to_string(fds[0]);
    CHECK(airlock::read_named_file(path, "private key", text.size(),
                                   airlock::FileContents::secret) == text);
    writer.join();
    ::close(fds[0]);
}

TEST_CASE("TempFile is removed unless committed", "[io]") {
    ScratchDir dir;
    std::filesystem::path temp_path;
    {
        TempFile t(dir.path());
        temp_path = t.path();
        t.write("partial");
        CHECK(std::filesystem::exists(temp_path));
        CHECK(temp_path.parent_path() == dir.path());
    }
    CHECK(!std::filesystem::exists(temp_path));
    CHECK(std::filesystem::is_empty(dir.path()));

    dir.write("target", "old");
    {
        TempFile t(dir.path(), 0640);
        t.write("new contents");
        t.commit(dir / "target");
        CHECK_THROWS_AS(t.commit(dir / "target"), Error);
    }
    CHECK(dir.read("target") == "new contents");
    struct stat st {};
    REQUIRE(::stat((dir / "target").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0640);
    // Only the target is left: no stray temporary.
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                        std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("TempFile in a missing directory is an io error", "[io]") {
    ScratchDir dir;
    CHECK(code_of([&] { TempFile t(dir / "nope"); }) == ErrorCode::io);
}

TEST_CASE("failed commit leaves no temporary behind", "[io]") {
    ScratchDir dir;
    {
        TempFile t(dir.path());
        t.write("x");
        CHECK(code_of([&] { t.commit(dir / "missing-dir" / "target"); }) == ErrorCode::io);
    }
    CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("write_file_atomic replaces the file", "[io]") {
    ScratchDir dir;
    airlock::write_file_atomic(dir / "state.json", "{\"v\":1}", 0600);
    airlock::write_file_atomic(dir / "state.json", "{\"v\":2}", 0600);
    CHECK(dir.read("state.json") == "{\"v\":2}");
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()),
                        std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("FileReader streams a whole file with any chunk size", "[io]") {
    ScratchDir dir;
    std::string data = pattern(3 * FileReader::buffer_size + 12345);
    dir.write("blob", data);
    for (size_t chunk :
         {size_t{7}, size_t{4096}, FileReader::buffer_size, FileReader::buffer_size * 2}) {
        FileReader r(dir / "blob");
        CHECK(r.remaining() == data.size());
        std::string got = drain(r, chunk);
        CHECK(got.size() == data.size());
        CHECK(airlock::Digest::of(got) == airlock::Digest::of(data));
        CHECK(r.remaining() == 0);
    }
}

TEST_CASE("FileReader reads a byte range", "[io]") {
    ScratchDir dir;
    std::string data = pattern(2 * FileReader::buffer_size + 999);
    dir.write("blob", data);
    const std::uint64_t offset = 1000003;
    const std::uint64_t length = FileReader::buffer_size + 77;
    FileReader r(dir / "blob", offset, length);
    std::string got = drain(r, 5000);
    CHECK(got == data.substr(offset, length));

    FileReader empty(dir / "blob", 10, 0);
    CHECK(drain(empty, 10).empty());

    // Readers sharing one File do not disturb each other.
    auto shared = std::make_shared<const File>(File::open_read(dir / "blob"));
    FileReader r1(shared, 0, 100);
    FileReader r2(shared, 500, 100);
    std::byte b1[60];
    std::byte b2[100];
    CHECK(r1.read(b1) == 60);
    CHECK(r2.read(b2) == 100);
    CHECK(std::memcmp(b2, data.data() + 500, 100) == 0);
    CHECK(drain(r1, 100) == data.substr(60, 40));
}

TEST_CASE("FileReader past the end of the file is an io error", "[io]") {
    ScratchDir dir;
    dir.write("short", "0123456789");
    FileReader r(dir / "short", 5, 20);
    try {
        drain(r, 64);
        FAIL("no throw");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::io);
        CHECK_THAT(e.what(), Catch::Contains("short") && Catch::Contains("end of file"));
    }
}

TEST_CASE("write_file_atomic without replace never overwrites, and keeps the mode", "[io]") {
    ScratchDir dir;
    const auto target = dir / "key.pem";
    airlock::write_file_atomic(target, "first", 0600, false);
    struct stat st {};
    REQUIRE(::stat(target.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0600);
    CHECK(airlock::read_file(target, 100) == "first");
    try {
        airlock::write_file_atomic(target, "second", 0600, false);
        FAIL("an existing file was overwritten");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::io);
        CHECK(std::string(e.what()).find("already exists; refusing to overwrite it") !=
              std::string::npos);
    }
    CHECK(airlock::read_file(target, 100) == "first");
    // Nothing but the target is left in the folder: the temporary is gone.
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        ++entries;
    }
    CHECK(entries == 1);
    airlock::write_file_atomic(target, "third", 0644);
    CHECK(airlock::read_file(target, 100) == "third");
}
