#include "common/bundle/bundle_writer.hpp"
#include "common/bundle/head_reader.hpp"
#include "common/bundle/signature_slot.hpp"
#include "common/bundle/tar_format.hpp"
#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "common/io/file.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace airlock;

namespace {

struct Fixture {
    Bom bom;
    BundleHeadBytes head;
    std::vector<std::string> blobs;
};

Fixture make_fixture() {
    Fixture f;
    f.bom.name = "unit";
    f.bom.version = "1.0.0";
    f.bom.created = "2026-11-23T00:00:00Z";
    f.bom.builder = "test";
    for (int i = 0; i < 5; ++i) {
        std::string b(static_cast<size_t>(1000 * i + 7), static_cast<char>('a' + i));
        f.bom.blobs.push_back({Digest::of(b), static_cast<std::int64_t>(b.size()), "x"});
        f.blobs.push_back(b);
    }
    f.head.index_json = R"({"schemaVersion":2,"manifests":[]})";
    f.bom.layout = {Digest::of(f.head.index_json),
                    static_cast<std::int64_t>(f.head.index_json.size()), "application/json"};
    f.head.bom = f.bom.serialize();
    f.head.signatures = encode_signature_slot({});
    return f;
}

std::filesystem::path write_bundle(const Fixture& f, const std::filesystem::path& out,
                                   std::uint64_t split) {
    BundleOffsets offsets = BundleOffsets::plan(f.head.bom.size(), f.bom);
    BundleWriter w(out, split, offsets, f.head);
    for (size_t i = 0; i < f.blobs.size(); ++i) {
        auto sink = w.blob_sink(BundleOffsets::first_blob_index + i);
        MemoryReader r(f.blobs[i]);
        BlobSink* sinks[] = {sink.get()};
        Descriptor d{"x", f.bom.blobs[i].digest, f.bom.blobs[i].size, {}, {}, {}};
        copy_blob(r, d, sinks, "blob");
    }
    w.commit();
    return out;
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

TEST_CASE("tar headers are standard ustar that tar lists", "[bundle]") {
    test::ScratchDir dir;
    Fixture f = make_fixture();
    auto out = write_bundle(f, dir / "b.airlock", 0);
    std::string cmd = "tar -tvf " + out.string() + " > " + (dir / "list").string() + " 2>&1";
    REQUIRE(std::system(cmd.c_str()) == 0);
    std::string list = slurp(dir / "list");
    CHECK(list.find("airlock/bom.json") != std::string::npos);
    CHECK(list.find("airlock/signatures.json") != std::string::npos);
    CHECK(list.find("blobs/sha256/" + f.bom.blobs[4].digest.hex()) != std::string::npos);
    // Extracted blobs are the bytes written.
    cmd = "cd " + dir.path().string() + " && mkdir x && tar -xf b.airlock -C x";
    REQUIRE(std::system(cmd.c_str()) == 0);
    CHECK(slurp(dir / "x" / "blobs" / "sha256" / f.bom.blobs[3].digest.hex()) == f.blobs[3]);
    CHECK(slurp(dir / "x" / "airlock" / "bom.json") == f.head.bom);
}

TEST_CASE("split volumes concatenate to the unsplit bundle", "[bundle]") {
    test::ScratchDir dir;
    Fixture f = make_fixture();
    auto whole = write_bundle(f, dir / "whole.airlock", 0);
    write_bundle(f, dir / "split.airlock", 4096);
    std::string joined;
    int n = 0;
    for (; std::filesystem::exists(
             volume_name((dir / "split.airlock").string(), static_cast<size_t>(n)));
         ++n) {
        joined += slurp(volume_name((dir / "split.airlock").string(), static_cast<size_t>(n)));
    }
    CHECK(n > 2);
    CHECK_FALSE(std::filesystem::exists(dir / "split.airlock"));
    CHECK(joined == slurp(whole));
    BundleHead head = read_bundle_head(BundleFiles::open(dir / "split.airlock"));
    CHECK(head.bom_bytes == f.head.bom);
    CHECK(head.offsets.total_size == joined.size());
}

TEST_CASE("a failed build leaves nothing under the output name", "[bundle]") {
    test::ScratchDir dir;
    Fixture f = make_fixture();
    {
        BundleOffsets offsets = BundleOffsets::plan(f.head.bom.size(), f.bom);
        BundleWriter w(dir / "b.airlock", 0, offsets, f.head);
        CHECK_THROWS_AS(w.commit(), Error); // no blobs written
    }
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 0);
}

TEST_CASE("a corrupted blob is refused by the pipeline and never committed", "[bundle]") {
    Fixture f = make_fixture();
    std::string bad = f.blobs[2];
    bad[10] ^= 1;
    MemoryReader r(bad);
    struct Probe final : BlobSink {
        bool committed = false;
        void write(std::span<const std::byte>) override {}
        void commit() override { committed = true; }
    } probe;
    BlobSink* sinks[] = {&probe};
    Descriptor d{"x", f.bom.blobs[2].digest, f.bom.blobs[2].size, {}, {}, {}};
    try {
        copy_blob(r, d, sinks, "blob 2");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::integrity);
        CHECK(std::string(e.what()).find("digest mismatch") != std::string::npos);
    }
    CHECK_FALSE(probe.committed);
}

TEST_CASE("head reader refuses a foreign first entry", "[bundle]") {
    test::ScratchDir dir;
    dir.write("evil/airlock/bom.json", "{}");
    std::string cmd = "cd " + (dir / "evil").string() + " && tar -cf ../evil.tar airlock";
    REQUIRE(std::system(cmd.c_str()) == 0);
    CHECK_THROWS_AS(read_bundle_head(BundleFiles::open(dir / "evil.tar")), Error);
}

TEST_CASE("pax size record for entries beyond ustar's limit", "[bundle]") {
    std::uint64_t big = tar::ustar_max_size + 1;
    std::string h = tar::regular_file_header("blobs/sha256/x", big);
    CHECK(h.size() == tar::header_length("blobs/sha256/x", big));
    CHECK(h.find("size=" + std::to_string(big) + "\n") != std::string::npos);
    CHECK(tar::regular_file_header("a", 5).size() == 512);
}

namespace {

// Writes `f` the way create does when the last `tail` blobs are made from
// the others (the SBOMs): planned with placeholders for them and a BOM
// padded to its final size, finished once they exist.
std::filesystem::path write_with_tail(const Fixture& f, const std::filesystem::path& out,
                                      std::uint64_t split, size_t tail) {
    Bom planned = f.bom;
    for (size_t i = planned.blobs.size() - tail; i < planned.blobs.size(); ++i) {
        planned.blobs[i] = {Digest::of(""), 0, "x"};
    }
    BundleHeadBytes head = f.head;
    head.bom = planned.serialize();
    REQUIRE(head.bom.size() <= f.head.bom.size());
    head.bom.insert(head.bom.size() - 1, f.head.bom.size() - head.bom.size(), ' ');
    BundleWriter w(out, split, BundleOffsets::plan(head.bom.size(), planned), head);
    const size_t first_tail = f.blobs.size() - tail;
    for (size_t i = 0; i < first_tail; ++i) {
        auto sink = w.blob_sink(BundleOffsets::first_blob_index + i);
        MemoryReader r(f.blobs[i]);
        BlobSink* sinks[] = {sink.get()};
        copy_blob(r, Descriptor{"x", f.bom.blobs[i].digest, f.bom.blobs[i].size, {}, {}, {}}, sinks,
                  "blob");
    }
    w.finish(BundleOffsets::plan(f.head.bom.size(), f.bom), f.head,
             std::vector<std::string>(f.blobs.begin() + static_cast<std::ptrdiff_t>(first_tail),
                                      f.blobs.end()));
    w.commit();
    return out;
}

std::string joined_volumes(const std::filesystem::path& base) {
    std::string joined;
    for (size_t n = 0; std::filesystem::exists(volume_name(base.string(), n)); ++n) {
        joined += slurp(volume_name(base.string(), n));
    }
    return joined;
}

} // namespace

TEST_CASE("a bundle finished with tail blobs is the bundle written in one go", "[bundle]") {
    test::ScratchDir dir;
    Fixture f = make_fixture();
    const std::string whole = slurp(write_bundle(f, dir / "whole.airlock", 0));
    CHECK(slurp(write_with_tail(f, dir / "tail.airlock", 0, 2)) == whole);
    CHECK(slurp(write_with_tail(f, dir / "none.airlock", 0, 0)) == whole);
    // Split: the tail grows the bundle by volumes the writer did not plan.
    write_with_tail(f, dir / "split.airlock", 4096, 2);
    CHECK(joined_volumes(dir / "split.airlock") == whole);
    BundleHead head = read_bundle_head(BundleFiles::open(dir / "split.airlock"));
    CHECK(head.bom_bytes == f.head.bom);
}

TEST_CASE("finishing refuses a layout that moves a blob already written", "[bundle]") {
    test::ScratchDir dir;
    Fixture f = make_fixture();
    BundleWriter w(dir / "b.airlock", 0, BundleOffsets::plan(f.head.bom.size(), f.bom), f.head);
    Bom moved = f.bom;
    moved.blobs[0].size += 1;
    try {
        w.finish(BundleOffsets::plan(f.head.bom.size(), moved), f.head, {f.blobs[4]});
        FAIL("finish accepted a moved blob");
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::internal);
    }
    CHECK_FALSE(std::filesystem::exists(dir / "b.airlock"));
}
