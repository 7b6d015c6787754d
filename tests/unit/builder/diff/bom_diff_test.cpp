#include "builder/diff/bom_diff.hpp"

#include "common/bundle/bom_document.hpp"
#include "common/oci/media_types.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using airlock::Bom;
using airlock::BomBase;
using airlock::BomBlob;
using airlock::BomChart;
using airlock::BomDocument;
using airlock::BomFile;
using airlock::BomImage;
using airlock::Digest;
using airlock::builder::BomDiff;
using airlock::builder::diff_bom_documents;
using airlock::builder::diff_boms;
using airlock::builder::diff_charts;
using airlock::builder::diff_files;
using airlock::builder::diff_images;
using airlock::builder::ImageDiff;
namespace media = airlock::media;

namespace {

Digest dg(const std::string& seed) {
    return Digest::of(seed);
}

// A single-manifest image: its one platform's manifest is the image itself.
BomImage manifest_image(const std::string& ref, const std::string& seed,
                        const std::string& platform = "linux/amd64") {
    BomImage i;
    i.ref = ref;
    i.digest = dg(seed);
    i.media_type = std::string(media::oci_manifest);
    i.platforms = {platform};
    return i;
}

// An index image; each child is {platform, seed of its manifest}.
BomImage index_image(const std::string& ref, const std::string& seed,
                     const std::vector<std::pair<std::string, std::string>>& children) {
    BomImage i;
    i.ref = ref;
    i.digest = dg(seed);
    i.media_type = std::string(media::oci_index);
    for (const auto& [platform, child] : children) {
        i.platforms.push_back(platform);
        i.manifests.push_back(dg(child));
    }
    return i;
}

BomFile file(const std::string& name, const std::string& seed, std::int64_t size = 10) {
    return {name, dg(seed), size, "application/yaml"};
}

BomChart chart(const std::string& name, const std::string& version, const std::string& seed) {
    BomChart c;
    c.name = name;
    c.version = version;
    c.digest = dg(seed);
    return c;
}

BomBlob blob(const std::string& seed, std::int64_t size) {
    return {dg(seed), size, std::string(media::oci_layer)};
}

const std::string reg = "registry.example/";

} // namespace

TEST_CASE("diff: an image whose tag names another digest is changed, platform by platform",
          "[bom_diff]") {
    ImageDiff d = diff_images(
        {index_image(reg + "app:1.0", "idx1",
                     {{"linux/amd64", "amd-1"}, {"linux/arm64", "arm"}, {"linux/s390x", "s390"}})},
        {index_image(reg + "app:1.0", "idx2",
                     {{"linux/amd64", "amd-2"}, {"linux/arm64", "arm"}, {"linux/arm/v7", "v7"}})});
    REQUIRE(d.changed.size() == 1);
    CHECK(d.added.empty());
    CHECK(d.removed.empty());
    CHECK(d.retagged.empty());
    CHECK(d.unchanged == 0);
    const auto& c = d.changed.front();
    CHECK(c.old_image.ref == reg + "app:1.0");
    CHECK(c.old_image.digest == dg("idx1"));
    CHECK(c.new_image.digest == dg("idx2"));
    CHECK(c.per_platform);
    REQUIRE(c.platforms_changed.size() == 1);
    CHECK(c.platforms_changed[0].platform == "linux/amd64");
    CHECK(c.platforms_changed[0].old_manifest == dg("amd-1"));
    CHECK(c.platforms_changed[0].new_manifest == dg("amd-2"));
    CHECK(c.platforms_added == std::vector<std::string>{"linux/arm/v7"});
    CHECK(c.platforms_removed == std::vector<std::string>{"linux/s390x"});
}

TEST_CASE("diff: the same digest under another tag is a retag, not a change", "[bom_diff]") {
    Bom old_bom;
    Bom new_bom;
    old_bom.images = {manifest_image(reg + "app:1.0", "m")};
    new_bom.images = {manifest_image(reg + "app:stable", "m")};
    BomDiff d = diff_boms(old_bom, new_bom);
    REQUIRE(d.images.retagged.size() == 1);
    CHECK(d.images.retagged[0].old_ref == reg + "app:1.0");
    CHECK(d.images.retagged[0].new_ref == reg + "app:stable");
    CHECK(d.images.retagged[0].digest == dg("m"));
    CHECK(d.images.changed.empty());
    CHECK(d.changes() == 0);
}

TEST_CASE("diff: the same tag and digest is unchanged", "[bom_diff]") {
    ImageDiff d = diff_images(
        {manifest_image(reg + "app:1.0", "m"), manifest_image(reg + "x@" + dg("x").str(), "x")},
        {manifest_image(reg + "app:1.0", "m"), manifest_image(reg + "x@" + dg("x").str(), "x")});
    CHECK(d.unchanged == 2);
    CHECK(d.changed.empty());
    CHECK(d.retagged.empty());
}

TEST_CASE("diff: images of other repositories are added and removed", "[bom_diff]") {
    ImageDiff d = diff_images({manifest_image(reg + "old:1.0", "o")},
                              {manifest_image(reg + "new:1.0", "n", "linux/arm64")});
    REQUIRE(d.added.size() == 1);
    REQUIRE(d.removed.size() == 1);
    CHECK(d.added[0].ref == reg + "new:1.0");
    CHECK(d.added[0].digest == dg("n"));
    CHECK(d.added[0].platforms == std::vector<std::string>{"linux/arm64"});
    CHECK(d.removed[0].ref == reg + "old:1.0");
    CHECK(d.changed.empty());
}

TEST_CASE("diff: one image of a repository on each side pairs whatever the tags", "[bom_diff]") {
    ImageDiff d =
        diff_images({manifest_image(reg + "app:1.3", "a")}, {manifest_image(reg + "app:1.4", "b")});
    REQUIRE(d.changed.size() == 1);
    CHECK(d.changed[0].old_image.ref == reg + "app:1.3");
    CHECK(d.changed[0].new_image.ref == reg + "app:1.4");
    REQUIRE(d.changed[0].platforms_changed.size() == 1);
    CHECK(d.changed[0].platforms_changed[0].platform == "linux/amd64");
    CHECK(d.added.empty());
    CHECK(d.removed.empty());
}

TEST_CASE("diff: several images of a repository pair by tag, then digest; the rest are added "
          "or removed",
          "[bom_diff]") {
    ImageDiff d = diff_images(
        {manifest_image(reg + "app:1.0", "a"), manifest_image(reg + "app:2.0", "b"),
         manifest_image(reg + "app:3.0", "c"), manifest_image(reg + "app:old", "d")},
        {manifest_image(reg + "app:new", "e"), manifest_image(reg + "app:2.0", "b"),
         manifest_image(reg + "app:1.0", "a2"), manifest_image(reg + "app:three", "c")});
    CHECK(d.unchanged == 1); // 2.0
    REQUIRE(d.changed.size() == 1);
    CHECK(d.changed[0].old_image.ref == reg + "app:1.0");
    CHECK(d.changed[0].new_image.digest == dg("a2"));
    REQUIRE(d.retagged.size() == 1);
    CHECK(d.retagged[0].old_ref == reg + "app:3.0");
    CHECK(d.retagged[0].new_ref == reg + "app:three");
    REQUIRE(d.removed.size() == 1);
    CHECK(d.removed[0].ref == reg + "app:old");
    REQUIRE(d.added.size() == 1);
    CHECK(d.added[0].ref == reg + "app:new");
}

TEST_CASE("diff: tag matching comes before digest matching", "[bom_diff]") {
    // app:a moved to digest y, and app:b now names what app:a named: both are
    // changes of their tag, not a retag of a to b.
    ImageDiff d =
        diff_images({manifest_image(reg + "app:a", "x"), manifest_image(reg + "app:b", "z")},
                    {manifest_image(reg + "app:b", "x"), manifest_image(reg + "app:a", "y")});
    CHECK(d.changed.size() == 2);
    CHECK(d.retagged.empty());
}

TEST_CASE("diff: a single-manifest image that became an index keeps its platform's manifest",
          "[bom_diff]") {
    ImageDiff d = diff_images(
        {manifest_image(reg + "app:1.0", "amd")},
        {index_image(reg + "app:1.0", "idx", {{"linux/amd64", "amd"}, {"linux/arm64", "arm"}})});
    REQUIRE(d.changed.size() == 1);
    const auto& c = d.changed[0];
    CHECK(c.per_platform);
    CHECK(c.platforms_changed.empty());
    CHECK(c.platforms_added == std::vector<std::string>{"linux/arm64"});
    CHECK(c.platforms_removed.empty());
}

TEST_CASE("diff: an index rewritten with the same manifests has no platform change", "[bom_diff]") {
    ImageDiff d = diff_images({index_image(reg + "app:1.0", "idx1", {{"linux/amd64", "amd"}})},
                              {index_image(reg + "app:1.0", "idx2", {{"linux/amd64", "amd"}})});
    REQUIRE(d.changed.size() == 1);
    CHECK(d.changed[0].platforms_changed.empty());
    CHECK(d.changed[0].platforms_added.empty());
    CHECK(d.changed[0].platforms_removed.empty());
}

TEST_CASE("diff: a platform listed twice pairs its manifests once the shared ones are set aside",
          "[bom_diff]") {
    ImageDiff d = diff_images({index_image(reg + "app:1.0", "i1",
                                           {{"linux/amd64", "a1"},
                                            {"unknown/unknown", "att-a1"},
                                            {"unknown/unknown", "att-shared"}})},
                              {index_image(reg + "app:1.0", "i2",
                                           {{"linux/amd64", "a2"},
                                            {"unknown/unknown", "att-shared"},
                                            {"unknown/unknown", "att-a2"},
                                            {"unknown/unknown", "att-x"}})});
    REQUIRE(d.changed.size() == 1);
    const auto& c = d.changed[0];
    REQUIRE(c.platforms_changed.size() == 2);
    CHECK(c.platforms_changed[0].platform == "linux/amd64");
    CHECK(c.platforms_changed[1].platform == "unknown/unknown");
    CHECK(c.platforms_changed[1].old_manifest == dg("att-a1"));
    CHECK(c.platforms_changed[1].new_manifest == dg("att-a2"));
    CHECK(c.platforms_added == std::vector<std::string>{"unknown/unknown"});
    CHECK(c.platforms_removed.empty());
}

TEST_CASE("diff: without platforms paired to manifests, platforms compare by name", "[bom_diff]") {
    BomImage odd = index_image(reg + "app:1.0", "i1", {{"linux/amd64", "a"}});
    odd.platforms.push_back("linux/arm64"); // two platforms, one manifest
    ImageDiff d = diff_images({odd}, {index_image(reg + "app:1.0", "i2",
                                                  {{"linux/amd64", "b"}, {"linux/ppc64le", "p"}})});
    REQUIRE(d.changed.size() == 1);
    const auto& c = d.changed[0];
    CHECK_FALSE(c.per_platform);
    CHECK(c.platforms_changed.empty());
    CHECK(c.platforms_added == std::vector<std::string>{"linux/ppc64le"});
    CHECK(c.platforms_removed == std::vector<std::string>{"linux/arm64"});
}

TEST_CASE("diff: a reference that does not parse pairs only with itself", "[bom_diff]") {
    ImageDiff d =
        diff_images({manifest_image("Not A Reference", "a")},
                    {manifest_image("Not A Reference", "b"), manifest_image(reg + "x:1", "c")});
    CHECK(d.changed.size() == 1);
    CHECK(d.added.size() == 1);
}

TEST_CASE("diff: charts pair by name and change by version, digest or values", "[bom_diff]") {
    BomChart with_values = chart("web", "1.0.0", "web-1");
    with_values.values = {file("values/prod.yaml", "v1")};
    BomChart new_values = with_values;
    new_values.values = {file("values/prod.yaml", "v2"), file("values/extra.yaml", "e")};
    auto d = diff_charts({chart("app", "1.3.0", "app-13"), chart("db", "2.0.0", "db"),
                          chart("gone", "1.0.0", "gone"), with_values},
                         {chart("app", "1.4.0", "app-14"), chart("db", "2.0.0", "db"),
                          chart("new", "0.1.0", "new"), new_values});
    CHECK(d.unchanged == 1);
    REQUIRE(d.added.size() == 1);
    CHECK(d.added[0].name == "new");
    REQUIRE(d.removed.size() == 1);
    CHECK(d.removed[0].name == "gone");
    REQUIRE(d.changed.size() == 2);
    CHECK(d.changed[0].old_chart.version == "1.3.0");
    CHECK(d.changed[0].new_chart.version == "1.4.0");
    CHECK(d.changed[0].new_chart.digest == dg("app-14"));
    CHECK(d.changed[0].values.changed.empty());
    CHECK(d.changed[1].new_chart.name == "web");
    CHECK(d.changed[1].old_chart.digest == d.changed[1].new_chart.digest);
    REQUIRE(d.changed[1].values.changed.size() == 1);
    CHECK(d.changed[1].values.changed[0].name == "values/prod.yaml");
    REQUIRE(d.changed[1].values.added.size() == 1);
    CHECK(d.changed[1].values.added[0].name == "values/extra.yaml");
}

TEST_CASE("diff: two versions of one chart pair by version", "[bom_diff]") {
    auto d = diff_charts({chart("lib", "1.0.0", "l1"), chart("lib", "2.0.0", "l2")},
                         {chart("lib", "2.0.0", "l2"), chart("lib", "3.0.0", "l3")});
    CHECK(d.unchanged == 1);
    REQUIRE(d.removed.size() == 1);
    CHECK(d.removed[0].version == "1.0.0");
    REQUIRE(d.added.size() == 1);
    CHECK(d.added[0].version == "3.0.0");
}

TEST_CASE("diff: manifests and files by name", "[bom_diff]") {
    auto d = diff_files({file("manifests/a.yaml", "a", 5), file("manifests/b.yaml", "b"),
                         file("manifests/c.yaml", "c")},
                        {file("manifests/a.yaml", "a2", 7), file("manifests/b.yaml", "b"),
                         file("manifests/d.yaml", "d")});
    CHECK(d.unchanged == 1);
    REQUIRE(d.changed.size() == 1);
    CHECK(d.changed[0].name == "manifests/a.yaml");
    CHECK(d.changed[0].old_digest == dg("a"));
    CHECK(d.changed[0].new_digest == dg("a2"));
    CHECK(d.changed[0].old_size == 5);
    CHECK(d.changed[0].new_size == 7);
    REQUIRE(d.removed.size() == 1);
    CHECK(d.removed[0].name == "manifests/c.yaml");
    REQUIRE(d.added.size() == 1);
    CHECK(d.added[0].name == "manifests/d.yaml");

    Bom old_bom;
    Bom new_bom;
    old_bom.files = {file("docs/runbook.pdf", "r1")};
    new_bom.files = {file("docs/runbook.pdf", "r2")};
    new_bom.manifests = {file("manifests/x.yaml", "x")};
    BomDiff all = diff_boms(old_bom, new_bom);
    CHECK(all.files.changed.size() == 1);
    CHECK(all.manifests.added.size() == 1);
    CHECK(all.changes() == 2);
}

TEST_CASE("diff: a delta carries the blobs of NEW's full set that OLD's full set lacks",
          "[bom_diff]") {
    Bom old_bom; // a delta itself: carries a, b and builds on base blobs c, d
    old_bom.blobs = {blob("a", 100), blob("b", 200)};
    old_bom.base = BomBase{{}, {blob("c", 300), blob("d", 400)}};
    Bom new_bom; // a delta that carries c?, e, f and leaves a, d to its base
    new_bom.blobs = {blob("e", 1000), blob("c", 300), blob("f", 2000)};
    new_bom.base = BomBase{{}, {blob("a", 100), blob("d", 400), blob("g", 50)}};
    BomDiff d = diff_boms(old_bom, new_bom);
    REQUIRE(d.delta.carried.size() == 3);
    CHECK(d.delta.carried[0].digest == dg("e"));
    CHECK(d.delta.carried[1].digest == dg("f"));
    CHECK(d.delta.carried[2].digest == dg("g"));
    CHECK(d.delta.carried_total.blobs == 3);
    CHECK(d.delta.carried_total.bytes == 3050);
    CHECK(d.delta.new_total.blobs == 6);
    CHECK(d.delta.new_total.bytes == 3850);
    CHECK(d.old_bundle.delta);
    CHECK(d.new_bundle.delta);

    Bom full; // the same set, all carried
    full.blobs = {blob("a", 100), blob("b", 200), blob("c", 300), blob("d", 400)};
    BomDiff none = diff_boms(old_bom, full);
    CHECK(none.delta.carried.empty());
    CHECK(none.delta.carried_total.bytes == 0);
    CHECK(none.delta.new_total.bytes == 1000);
    CHECK_FALSE(none.new_bundle.delta);
}

TEST_CASE("diff: documents give the bundles' names, versions and BOM digests", "[bom_diff]") {
    BomDocument old_doc;
    old_doc.bom.name = "edge";
    old_doc.bom.version = "1.3.0";
    old_doc.digest = dg("bom-1");
    BomDocument new_doc;
    new_doc.bom.name = "edge";
    new_doc.bom.version = "1.4.0";
    new_doc.digest = dg("bom-2");
    BomDiff d = diff_bom_documents(old_doc, new_doc);
    CHECK(d.old_bundle.name == "edge");
    CHECK(d.old_bundle.version == "1.3.0");
    CHECK(d.old_bundle.bom_digest == dg("bom-1"));
    CHECK(d.new_bundle.version == "1.4.0");
    CHECK(d.new_bundle.bom_digest == dg("bom-2"));
    CHECK(d.changes() == 0);
}
