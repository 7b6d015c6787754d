#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "loader/receipt/held_content.hpp"
#include "loader/receipt/held_media.hpp"
#include "tests/unit/support/oci_fixture.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

using namespace airlock;
using namespace airlock::loader;
using airlock::test::FixtureImage;
using airlock::test::ScratchDir;

namespace {

// An in-memory registry: repositories of tags, manifests and blobs, each
// blob present in the repositories listed for it.
class FakeHeldContent final : public HeldContent {
  public:
    std::string describe() const override { return "registry://fake"; }

    std::vector<HeldRoot> roots() override { return tags; }

    RawManifest manifest(const std::string& scope, const std::string& identifier) override {
        ++manifest_reads;
        std::string id = identifier;
        if (auto t = tag_digests.find(scope + ":" + identifier); t != tag_digests.end()) {
            id = t->second;
        }
        auto it = manifests.find(id);
        if (it == manifests.end()) {
            fail(ErrorCode::not_found, scope + "@" + identifier + ": manifest unknown");
        }
        if (it->second == "garbage") {
            fail(ErrorCode::integrity, scope + "@" + identifier + ": not a manifest");
        }
        RawManifest m;
        m.bytes = served_instead.contains(id) ? served_instead[id] : it->second;
        m.digest = Digest::of(m.bytes);
        m.media_type = detect_media_type(m.bytes, "", id);
        return m;
    }

    std::optional<std::int64_t> blob_size(const std::string& scope, const Digest& digest) override {
        ++blob_heads;
        if (network_down) {
            fail(ErrorCode::network, "connection refused");
        }
        auto it = blobs.find(digest.str());
        if (it == blobs.end() || !it->second.second.contains(scope)) {
            return std::nullopt;
        }
        return it->second.first;
    }

    // Adds an image manifest under repository:tag; its blobs are in `repo`.
    Digest add_image(const std::string& repo, const std::string& tag, const FixtureImage& img) {
        manifests[img.digest.str()] = img.manifest;
        add_blob(repo, img.config);
        for (const std::string& layer : img.layers) {
            add_blob(repo, layer);
        }
        if (!tag.empty()) {
            tag_root(repo, tag, img.digest);
        }
        return img.digest;
    }

    void add_blob(const std::string& repo, const std::string& bytes) {
        auto& entry = blobs[Digest::of(bytes).str()];
        entry.first = static_cast<std::int64_t>(bytes.size());
        entry.second.insert(repo);
    }

    Digest add_index(const std::string& repo, const std::string& tag,
                     const std::vector<Digest>& children) {
        nlohmann::ordered_json index = {{"schemaVersion", 2},
                                        {"mediaType", media::oci_index},
                                        {"manifests", nlohmann::json::array()}};
        for (const Digest& d : children) {
            index["manifests"].push_back(
                {{"mediaType", media::oci_manifest},
                 {"digest", d.str()},
                 {"size", manifests.count(d.str()) != 0 ? manifests[d.str()].size() : 10}});
        }
        const std::string bytes = index.dump();
        manifests[Digest::of(bytes).str()] = bytes;
        tag_root(repo, tag, Digest::of(bytes));
        return Digest::of(bytes);
    }

    void tag_root(const std::string& repo, const std::string& tag, const Digest& d) {
        tags.push_back({repo, tag});
        tag_digests[repo + ":" + tag] = d.str();
    }

    std::vector<HeldRoot> tags;
    std::map<std::string, std::string> tag_digests;
    std::map<std::string, std::string> manifests; // digest -> bytes
    std::map<std::string, std::string> served_instead;
    std::map<std::string, std::pair<std::int64_t, std::set<std::string>>> blobs;
    bool network_down = false;
    int manifest_reads = 0;
    int blob_heads = 0;
};

FixtureImage fake_image(int seed, int layers = 2) {
    std::vector<std::string> bytes;
    for (int i = 0; i < layers; ++i) {
        bytes.push_back(
            test::noise(100 + static_cast<size_t>(i), static_cast<std::uint32_t>(seed * 10 + i)));
    }
    return test::make_image(bytes, "amd64");
}

std::set<Digest> digests_of(const HeldContentWalk& w) {
    std::set<Digest> out;
    for (const BomBlob& b : w.blobs) {
        out.insert(b.digest);
    }
    return out;
}

} // namespace

TEST_CASE("receipt walk: every manifest, child, config and layer reachable from a tag",
          "[site_receipt][receipt_walk]") {
    FakeHeldContent c;
    const FixtureImage a = fake_image(1), b = fake_image(2), d = fake_image(3);
    c.add_image("app/a", "1.0", a);
    // Children are stored by digest only; the index names them.
    c.add_image("app/multi", "", b);
    c.add_image("app/multi", "", d);
    const Digest index = c.add_index("app/multi", "2.0", {b.digest, d.digest});
    // The same image under a second tag is read once.
    c.tag_root("app/a", "latest", a.digest);

    HeldContentWalk w = walk_held_content(c);
    CHECK(w.roots == 3);
    CHECK(w.manifests == 4);
    CHECK(w.skipped.empty());
    std::set<Digest> want{a.digest, b.digest, d.digest, index};
    for (const FixtureImage* img : {&a, &b, &d}) {
        want.insert(Digest::of(img->config));
        for (const std::string& l : img->layers) {
            want.insert(Digest::of(l));
        }
    }
    CHECK(digests_of(w) == want);
    // Sorted by digest, each once, sizes and media types from the descriptors.
    for (size_t i = 1; i < w.blobs.size(); ++i) {
        CHECK(w.blobs[i - 1].digest < w.blobs[i].digest);
    }
    for (const BomBlob& blob : w.blobs) {
        if (blob.digest == index) {
            CHECK(blob.media_type == media::oci_index);
            CHECK(blob.size == static_cast<std::int64_t>(c.manifests[index.str()].size()));
        }
        if (blob.digest == Digest::of(a.config)) {
            CHECK(blob.media_type == media::oci_config);
            CHECK(blob.size == static_cast<std::int64_t>(a.config.size()));
        }
    }
    CHECK(c.manifest_reads == 5); // 3 tags + 2 children; the second tag of a is read, not walked
}

TEST_CASE("receipt walk: what is absent, odd or of another size is left out, not fatal",
          "[site_receipt][receipt_walk]") {
    FakeHeldContent c;
    const FixtureImage a = fake_image(1), b = fake_image(2), child = fake_image(4);
    c.add_image("app/a", "1.0", a);
    // A layer the manifest names but the repository lacks.
    c.blobs.erase(Digest::of(a.layers[1]).str());
    // A config present with another size than its descriptor says.
    c.add_image("app/b", "1.0", b);
    c.blobs[Digest::of(b.config).str()].first += 1;
    // A tag whose manifest went away, one that is not a manifest, and an
    // index with a missing child and a child served with other bytes.
    c.tags.push_back({"app/gone", "1.0"});
    c.manifests[Digest::of("junk").str()] = "garbage";
    c.tag_root("app/junk", "1.0", Digest::of("junk"));
    c.add_image("app/idx", "", child);
    c.served_instead[child.digest.str()] = a.manifest;
    const Digest index = c.add_index("app/idx", "1.0", {Digest::of("missing"), child.digest});

    HeldContentWalk w = walk_held_content(c);
    const std::set<Digest> got = digests_of(w);
    CHECK(got.contains(a.digest));
    CHECK(got.contains(Digest::of(a.layers[0])));
    CHECK_FALSE(got.contains(Digest::of(a.layers[1])));
    CHECK(got.contains(b.digest));
    CHECK_FALSE(got.contains(Digest::of(b.config)));
    CHECK(got.contains(index));
    CHECK_FALSE(got.contains(child.digest));
    REQUIRE(w.skipped.size() == 6);
    auto mentions = [&](const std::string& needle) {
        for (const std::string& s : w.skipped) {
            if (s.find(needle) != std::string::npos) {
                return true;
            }
        }
        return false;
    };
    CHECK(mentions("registry://fake/app/a blob " + Digest::of(a.layers[1]).str() +
                   ": not there (named by registry://fake/app/a:1.0)"));
    CHECK(mentions("registry://fake/app/b blob " + Digest::of(b.config).str()));
    CHECK(mentions("registry://fake/app/gone:1.0: app/gone@1.0: manifest unknown"));
    CHECK(mentions("registry://fake/app/junk:1.0"));
    CHECK(mentions("registry://fake/app/idx@" + Digest::of("missing").str()));
    CHECK(mentions("the medium served bytes of " + a.digest.str()));
}

TEST_CASE("receipt walk: network and auth errors are fatal", "[site_receipt][receipt_walk]") {
    FakeHeldContent c;
    c.add_image("app/a", "1.0", fake_image(1));
    c.network_down = true;
    CHECK(test::error_code_of([&] { walk_held_content(c); }) == ErrorCode::network);
}

TEST_CASE("receipt walk: indexes nested deeper than the bound are not followed",
          "[site_receipt][receipt_walk]") {
    FakeHeldContent c;
    const FixtureImage img = fake_image(7);
    c.add_image("deep", "", img);
    Digest inner = img.digest;
    for (int i = 0; i < max_held_index_depth; ++i) {
        inner = c.add_index("deep", "level" + std::to_string(i), {inner});
        c.tags.pop_back(); // only the outermost is tagged
    }
    c.tags.push_back({"deep", "top"});
    c.tag_digests["deep:top"] = inner.str();
    HeldContentWalk w = walk_held_content(c);
    CHECK(w.manifests == static_cast<size_t>(max_held_index_depth));
    REQUIRE(w.skipped.size() == 1);
    CHECK(w.skipped[0].find("nested deeper than") != std::string::npos);
}

TEST_CASE("receipt walk over an OCI layout: index.json entries, blobs by file",
          "[site_receipt][receipt_walk]") {
    ScratchDir dir;
    const FixtureImage a = fake_image(1), b = fake_image(2);
    test::write_layout(dir, "site", {{"a:1.0", a}, {"b:1.0", b}});
    std::filesystem::remove(dir / "site" / "blobs" / "sha256" / Digest::of(b.layers[0]).hex());
    std::unique_ptr<HeldContent> c = layout_held_content(dir / "site");
    CHECK(c->describe() == "oci:" + (dir / "site").string());
    HeldContentWalk w = walk_held_content(*c);
    CHECK(w.roots == 2);
    CHECK(w.manifests == 2);
    CHECK(w.blobs.size() == 7);
    REQUIRE(w.skipped.size() == 1);
    CHECK(w.skipped[0].find(Digest::of(b.layers[0]).str() + ": not there") != std::string::npos);

    CHECK(test::error_code_of([&] { layout_held_content(dir / "nothing"); }) !=
          ErrorCode::internal);
    dir.write("plain/file", "x");
    CHECK(test::error_code_of([&] { layout_held_content(dir / "plain"); }) == ErrorCode::spec);
}
