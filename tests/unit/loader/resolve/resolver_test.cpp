// The layered resolver against real registries: Debian's docker-registry on
// loopback, one per role (mirror, fallback), filled through the loader's own
// registry destination.
#include "loader/resolve/resolver.hpp"

#include "common/copy/copy.hpp"
#include "common/core/error.hpp"
#include "loader/load/target.hpp"
#include "tests/unit/support/local_server.hpp"
#include "tests/unit/support/oci_fixture.hpp"
#include "tests/unit/support/scratch_dir.hpp"

#include <catch2/catch.hpp>

namespace resolver_test {

using airlock::Bom;
using airlock::BomImage;
using airlock::Descriptor;
using airlock::Digest;
using airlock::ErrorCode;
using airlock::RawManifest;
using airlock::loader::RecordedImages;
using airlock::loader::Resolution;
using airlock::loader::Resolver;
using airlock::loader::ResolverOptions;
using airlock::test::FixtureImage;
using airlock::test::LocalServer;
using airlock::test::ScratchDir;

// Pushes `image` to repository `repo` of the registry at `host`, tagged `tag`.
void push(const std::string& host, const std::string& repo, const std::string& tag,
          const FixtureImage& image) {
    airlock::loader::DestinationOptions options;
    options.plain_http = true;
    auto to = airlock::loader::make_destination(airlock::loader::parse_target("registry://" + host),
                                                options);
    std::vector<std::pair<std::string, std::string>> blobs{
        {image.config, std::string(airlock::media::oci_config)}};
    for (const std::string& layer : image.layers) {
        blobs.emplace_back(layer, std::string(airlock::media::oci_layer));
    }
    for (const auto& [bytes, media_type] : blobs) {
        Descriptor d{media_type, Digest::of(bytes), static_cast<std::int64_t>(bytes.size()), {}, {},
                     {}};
        auto sink = to->blob_sink(repo, d);
        airlock::MemoryReader reader(bytes);
        airlock::BlobSink* sinks[] = {sink.get()};
        airlock::copy_blob(reader, d, sinks, "test blob");
    }
    RawManifest m;
    m.bytes = image.manifest;
    m.media_type = std::string(airlock::media::oci_manifest);
    m.digest = image.digest;
    to->put_manifest(repo, m);
    to->tag(repo, tag, m);
    to->commit();
}

FixtureImage image_with(const std::string& text) {
    return airlock::test::make_image({"layer of " + text}, "amd64");
}

// A verified bundle recorded `ref` at `digest`.
RecordedImages recorded(const std::string& ref, const Digest& digest) {
    Bom bom;
    BomImage img;
    img.ref = ref;
    img.digest = digest;
    bom.images.push_back(img);
    return RecordedImages({bom});
}

ResolverOptions through(const LocalServer& mirror, const std::string& prefix = {}) {
    ResolverOptions o;
    o.mirror = airlock::loader::parse_mirror_url("http://" + mirror.host() +
                                                 (prefix.empty() ? "" : "/" + prefix));
    return o;
}

std::string notes_of(const Resolution& r) {
    std::string all;
    for (const std::string& n : r.notes) {
        all += n + "\n";
    }
    return all;
}

TEST_CASE("resolver: an image on the mirror resolves at layer 1, recorded when a bundle "
          "recorded that digest",
          "[resolve]") {
    ScratchDir dir;
    auto mirror = airlock::test::start_registry(dir);
    FixtureImage app = image_with("app");
    push(mirror->host(), "library/app", "1.0", app);

    Resolver known(through(*mirror), recorded("docker.io/library/app:1.0", app.digest));
    Resolution r = known.resolve("app:1.0");
    CHECK(r.ok());
    CHECK(r.layer == 1);
    CHECK(r.canonical == "docker.io/library/app:1.0");
    CHECK(r.source == mirror->host() + "/library/app");
    CHECK(r.digest == app.digest);
    CHECK(r.recorded);

    // The mirror is the loader's own: what no bundle recorded still resolves, flagged.
    Resolver unknown(through(*mirror), RecordedImages({}));
    Resolution u = unknown.resolve("app:1.0");
    CHECK(u.layer == 1);
    CHECK_FALSE(u.recorded);
}

TEST_CASE("resolver: a mirror serving other content than recorded fails closed without asking "
          "a fallback",
          "[resolve]") {
    ScratchDir dir;
    ScratchDir fallback_dir;
    auto mirror = airlock::test::start_registry(dir);
    auto fallback = airlock::test::start_registry(fallback_dir);
    FixtureImage genuine = image_with("genuine");
    push(mirror->host(), "x/app", "1", image_with("swapped"));
    push(fallback->host(), "x/app", "1", genuine);

    ResolverOptions o = through(*mirror);
    o.fallbacks.push_back(airlock::loader::parse_mirror_url("http://" + fallback->host()));
    Resolution r =
        Resolver(o, recorded("quay.io/x/app:1", genuine.digest)).resolve("quay.io/x/app:1");
    CHECK_FALSE(r.ok());
    CHECK(r.layer == 3);
    CHECK(r.failure == ErrorCode::integrity);
    CHECK(notes_of(r).find("but verified bundles recorded " + genuine.digest.str()) !=
          std::string::npos);
    CHECK(notes_of(r).find("fallback") == std::string::npos);
}

TEST_CASE("resolver: a fallback answers at layer 2 only with the digest a bundle recorded",
          "[resolve]") {
    ScratchDir dir;
    ScratchDir fallback_dir;
    auto mirror = airlock::test::start_registry(dir);
    auto fallback = airlock::test::start_registry(fallback_dir);
    FixtureImage genuine = image_with("genuine");
    push(fallback->host(), "x/app", "1", genuine);
    push(fallback->host(), "x/app", "2", image_with("unrecorded"));
    ResolverOptions o = through(*mirror);
    o.fallbacks.push_back(airlock::loader::parse_mirror_url("http://" + fallback->host()));

    SECTION("the recorded digest is accepted") {
        Resolution r =
            Resolver(o, recorded("quay.io/x/app:1", genuine.digest)).resolve("quay.io/x/app:1");
        CHECK(r.layer == 2);
        CHECK(r.source == fallback->host() + "/x/app");
        CHECK(r.digest == genuine.digest);
        CHECK(r.recorded);
        CHECK(notes_of(r).find("mirror " + mirror->host() + "/x/app: not there") !=
              std::string::npos);
    }
    SECTION("other content under a recorded tag is refused") {
        Resolution r =
            Resolver(o, recorded("quay.io/x/app:2", genuine.digest)).resolve("quay.io/x/app:2");
        CHECK(r.layer == 3);
        CHECK(r.failure == ErrorCode::integrity);
        CHECK(notes_of(r).find(": refused") != std::string::npos);
    }
    SECTION("a tag no bundle recorded is not fetched from a fallback at all") {
        Resolution r = Resolver(o, RecordedImages({})).resolve("quay.io/x/app:1");
        CHECK(r.layer == 3);
        CHECK(r.failure == ErrorCode::not_found);
        CHECK(notes_of(r).find("no fallback is trusted for it") != std::string::npos);
    }
}

TEST_CASE("resolver: a reference by digest resolves to exactly that digest", "[resolve]") {
    ScratchDir dir;
    auto mirror = airlock::test::start_registry(dir);
    FixtureImage app = image_with("pinned");
    push(mirror->host(), "x/app", "1", app);
    Resolver resolver(through(*mirror), recorded("quay.io/x/app:1", app.digest));
    Resolution r = resolver.resolve("quay.io/x/app@" + app.digest.str());
    CHECK(r.layer == 1);
    CHECK(r.digest == app.digest);
    CHECK(r.recorded);
    Resolution other = resolver.resolve("quay.io/x/app@" + Digest::of(std::string("x")).str());
    CHECK(other.layer == 3);
    CHECK(other.failure == ErrorCode::not_found);
}

TEST_CASE("resolver: repositories are looked up under the mirror's PREFIX, with the host only "
          "under keep_host",
          "[resolve]") {
    ScratchDir dir;
    auto mirror = airlock::test::start_registry(dir);
    FixtureImage flat = image_with("flat");
    FixtureImage kept = image_with("kept");
    push(mirror->host(), "site/library/app", "1", flat);
    push(mirror->host(), "site/docker.io/library/app", "1", kept);
    ResolverOptions o = through(*mirror, "site");
    CHECK(Resolver(o, RecordedImages({})).resolve("app:1").digest == flat.digest);
    o.keep_host = true;
    Resolution r = Resolver(o, RecordedImages({})).resolve("app:1");
    CHECK(r.digest == kept.digest);
    CHECK(r.source == mirror->host() + "/site/docker.io/library/app");
}

TEST_CASE("resolver: nothing anywhere fails closed at layer 3 and says why", "[resolve]") {
    ScratchDir dir;
    auto mirror = airlock::test::start_registry(dir);
    Resolution r = Resolver(through(*mirror), RecordedImages({})).resolve("quay.io/x/none:1");
    CHECK_FALSE(r.ok());
    CHECK(r.layer == 3);
    CHECK(r.failure == ErrorCode::not_found);
    CHECK_FALSE(r.digest.has_value());
    CHECK(notes_of(r) ==
          "mirror " + mirror->host() + "/x/none: not there\nno fallback configured\n");
    CHECK(r.to_text().find("layer 3: failed closed") != std::string::npos);
}

TEST_CASE("resolver: a reference that does not parse is a usage error; endpoints list what "
          "may be contacted",
          "[resolve]") {
    ResolverOptions o;
    o.mirror = airlock::loader::parse_mirror_url("https://mirror.site:5000/p");
    o.fallbacks.push_back(airlock::loader::parse_mirror_url("http://fallback.site"));
    o.token_services.push_back("auth.site:443");
    Resolver resolver(o, RecordedImages({}));
    CHECK(airlock::test::error_code_of([&] { resolver.resolve("UPPER/Case:1"); }) ==
          ErrorCode::usage);
    CHECK(resolver.endpoints() == std::vector<std::string>{"https://mirror.site:5000",
                                                           "http://fallback.site",
                                                           "token service auth.site:443"});
}

} // namespace resolver_test
