#include "common/core/error.hpp"
#include "common/layout/layout_garbage.hpp"
#include "common/layout/oci_layout_destination.hpp"
#include "common/oci/media_types.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

using airlock::Digest;
using airlock::ErrorCode;
using airlock::OciLayoutDestination;
using airlock::RawManifest;
using airlock::test::ScratchDir;

namespace {

// A layout written by hand: blobs by content, index.json from `names`.
class Layout {
  public:
    explicit Layout(const std::filesystem::path& dir) : dir_(dir) {
        std::filesystem::create_directories(dir_ / "blobs" / "sha256");
        write(dir_ / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
    }

    nlohmann::json blob(const std::string& bytes, const std::string& media_type) {
        Digest d = Digest::of(bytes);
        write(dir_ / "blobs" / "sha256" / d.hex(), bytes);
        return {{"mediaType", media_type}, {"digest", d.str()}, {"size", bytes.size()}};
    }

    nlohmann::json image(const std::vector<nlohmann::json>& layers, const std::string& tag,
                         const std::optional<nlohmann::json>& subject = std::nullopt) {
        nlohmann::json m = {{"schemaVersion", 2},
                            {"mediaType", airlock::media::oci_manifest},
                            {"config", blob("{\"tag\":\"" + tag + "\"}", "application/json")},
                            {"layers", layers}};
        if (subject) {
            m["subject"] = *subject;
        }
        return blob(m.dump(), std::string(airlock::media::oci_manifest));
    }

    void name(const nlohmann::json& descriptor, const std::string& ref) {
        nlohmann::json d = descriptor;
        d["annotations"] = {{"org.opencontainers.image.ref.name", ref}};
        index_.push_back(d);
        write(dir_ / "index.json",
              nlohmann::json{{"schemaVersion", 2}, {"manifests", index_}}.dump());
    }

    bool has(const nlohmann::json& d) const {
        return std::filesystem::exists(dir_ / "blobs" / "sha256" /
                                       Digest::parse(d["digest"].get<std::string>()).hex());
    }

  private:
    static void write(const std::filesystem::path& p, const std::string& bytes) {
        std::ofstream(p, std::ios::binary) << bytes;
    }
    std::filesystem::path dir_;
    nlohmann::json index_ = nlohmann::json::array();
};

Digest digest_of(const nlohmann::json& d) {
    return Digest::parse(d["digest"].get<std::string>());
}

std::set<Digest> digests(const airlock::LayoutGarbage& g) {
    std::set<Digest> out;
    for (const auto& b : g.blobs) {
        out.insert(b.digest);
    }
    return out;
}

} // namespace

TEST_CASE("layout garbage: what only a removed image referenced, never what another shares",
          "[layout_garbage]") {
    ScratchDir dir;
    Layout l(dir / "l");
    auto base = l.blob("base layer", "application/vnd.oci.image.layer.v1.tar");
    auto own1 = l.blob("layer of one", "application/vnd.oci.image.layer.v1.tar");
    auto own2 = l.blob("layer of two", "application/vnd.oci.image.layer.v1.tar");
    auto one = l.image({base, own1}, "1");
    auto two = l.image({base, own2}, "2");
    auto sig = l.image({l.blob("signature", "application/json")}, "sig", one);
    auto stray = l.blob("not referenced by anything", "application/octet-stream");
    l.name(one, "app:1");
    l.name(two, "app:2");
    l.name(sig, "app:sha256-1.sig");

    // Removing `one` alone: its signature still names it as subject, so it stays.
    CHECK(airlock::find_layout_garbage(dir / "l", {digest_of(one)}).blobs.empty());

    // Removing a referrer does not nominate its subject.
    auto only_sig = digests(airlock::find_layout_garbage(dir / "l", {digest_of(sig)}));
    CHECK(only_sig.count(digest_of(sig)) == 1);
    CHECK(only_sig.count(digest_of(one)) == 0);

    auto g = airlock::find_layout_garbage(dir / "l", {digest_of(one), digest_of(sig)});
    std::set<Digest> expected = {digest_of(one),
                                 digest_of(own1),
                                 digest_of(sig),
                                 Digest::of("{\"tag\":\"1\"}"),
                                 Digest::of("{\"tag\":\"sig\"}"),
                                 Digest::of("signature")};
    CHECK(digests(g) == expected);
    CHECK(airlock::remove_layout_garbage(dir / "l", g) == g.bytes);
    CHECK_FALSE(l.has(own1));
    CHECK(l.has(base));
    CHECK(l.has(two));
    CHECK(l.has(stray)); // no removed manifest referenced it: not gc's to take
}

TEST_CASE("layout garbage refuses to guess past a manifest that does not match its digest",
          "[layout_garbage]") {
    ScratchDir dir;
    Layout l(dir / "l");
    auto layer = l.blob("layer", "application/vnd.oci.image.layer.v1.tar");
    auto one = l.image({layer}, "1");
    auto two = l.image({layer}, "2");
    l.name(one, "app:1");
    l.name(two, "app:2");
    std::ofstream(dir / "l" / "blobs" / "sha256" / digest_of(two).hex(), std::ios::trunc)
        << "{\"layers\":[]}";
    std::string message;
    CHECK(airlock::test::error_code_of(
              [&] { airlock::find_layout_garbage(dir / "l", {digest_of(one)}); }, &message) ==
          ErrorCode::integrity);
    CHECK(message.find(digest_of(two).hex()) != std::string::npos);
}

TEST_CASE("oci destination lists names, reads by digest and deletes index entries",
          "[layout_garbage]") {
    ScratchDir dir;
    Layout l(dir / "l");
    auto one = l.image({l.blob("layer", "application/vnd.oci.image.layer.v1.tar")}, "1");
    l.name(one, "app:1");
    l.name(one, "copy:1");
    OciLayoutDestination dest(dir / "l");
    CHECK(dest.names("") == std::vector<std::string>{"app:1", "copy:1"});
    std::optional<RawManifest> m = dest.get_tagged("", digest_of(one).str());
    REQUIRE(m);
    CHECK(m->digest == digest_of(one));
    CHECK(m->media_type == airlock::media::oci_manifest);
    CHECK_FALSE(dest.get_tagged("", Digest::of("layer").str())); // a layer names no manifest
    CHECK(dest.delete_manifest("", digest_of(one)));
    CHECK(dest.names("").empty());
    CHECK(l.has(one)); // blobs are layout_garbage's to remove
    CHECK_FALSE(dest.delete_manifest("", Digest::of("never here")));
}
