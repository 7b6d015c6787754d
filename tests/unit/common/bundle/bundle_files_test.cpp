#include "common/bundle/bundle_files.hpp"

#include "common/bundle/offsets.hpp"
#include "common/core/error.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

using namespace airlock;

namespace {

// A split bundle written volume by volume (an empty one included, which the
// writer never makes but a copy could), returned joined.
std::string write_split_volumes(const test::ScratchDir& dir,
                                const std::vector<std::string>& parts) {
    std::string whole;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        std::filesystem::path volume = volume_name((dir / "v.airlock").string(), i);
        dir.write(volume.filename(), parts[i]);
        whole += parts[i];
    }
    return whole;
}

// What the spans point at, read back with pread as sendfile would read it.
std::string pread_spans(const std::vector<VolumeSpan>& spans) {
    std::string out;
    for (const VolumeSpan& s : spans) {
        std::string buf(s.length, '\0');
        ssize_t n = ::pread(s.fd, buf.data(), buf.size(), static_cast<off_t>(s.offset));
        REQUIRE(n == static_cast<ssize_t>(buf.size()));
        out += buf;
    }
    return out;
}

} // namespace

TEST_CASE("bundle files: the spans of a range across split volumes read back as the range",
          "[bundle][bundle_files]") {
    test::ScratchDir dir;
    const std::string whole = write_split_volumes(dir, {"0123456789", "", "abcdefghij", "KLMNO"});
    BundleFiles files = BundleFiles::open(dir / "v.airlock");
    REQUIRE(files.split());
    REQUIRE(files.size() == whole.size());

    for (std::uint64_t offset = 0; offset <= whole.size(); ++offset) {
        for (std::uint64_t size = 0; offset + size <= whole.size(); ++size) {
            auto spans = files.spans(offset, size);
            CHECK(pread_spans(spans) == whole.substr(offset, size));
            for (const VolumeSpan& s : spans) {
                CHECK(s.length > 0); // the empty volume never shows up
            }
        }
    }

    // One span per volume touched, each offset within its volume.
    auto across = files.spans(8, 14);
    REQUIRE(across.size() == 3);
    CHECK(across[0].offset == 8);
    CHECK(across[0].length == 2);
    CHECK(across[1].offset == 0);
    CHECK(across[1].length == 10);
    CHECK(across[2].offset == 0);
    CHECK(across[2].length == 2);
    CHECK(across[0].fd != across[1].fd);
    CHECK(files.spans(3, 0).empty());

    // Moved (as VerifiedBundle holds it), the descriptors stay valid.
    BundleFiles moved = std::move(files);
    CHECK(pread_spans(across) == whole.substr(8, 14));
}

TEST_CASE("bundle files: a range past the end fails as read_at does, naming the bundle",
          "[bundle][bundle_files]") {
    test::ScratchDir dir;
    write_split_volumes(dir, {"0123456789", "abc"});
    BundleFiles files = BundleFiles::open(dir / "v.airlock");
    for (auto [offset, size] : std::vector<std::pair<std::uint64_t, std::uint64_t>>{
             {0, 14}, {13, 1}, {14, 0}, {12, UINT64_MAX}, {UINT64_MAX, 2}}) {
        try {
            files.spans(offset, size);
            FAIL("no error for " << offset << "+" << size);
        } catch (const Error& e) {
            CHECK(e.code() == ErrorCode::malformed);
            CHECK_THAT(e.what(), Catch::Contains("v.airlock.00") && Catch::Contains("byte 13"));
        }
    }
    CHECK(files.spans(13, 0).empty());

    dir.write("one.airlock", "xyz");
    BundleFiles single = BundleFiles::open(dir / "one.airlock");
    CHECK(pread_spans(single.spans(1, 2)) == "yz");
    CHECK_THROWS_AS(single.spans(1, 3), Error);
}
