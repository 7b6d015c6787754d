#include "builder/create/delta_base.hpp"

#include "common/bundle/site_receipt.hpp"
#include "common/core/error.hpp"
#include "common/oci/media_types.hpp"
#include "tests/unit/support/scratch_dir.hpp"
#include "tests/unit/support/test_bom.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <string>

using namespace airlock;
using airlock::builder::apply_delta_base;
using airlock::builder::BundlePlan;
using airlock::builder::DeltaBase;
using airlock::builder::PlannedBlob;
using airlock::builder::read_delta_bases;
using airlock::test::ScratchDir;

namespace {

PlannedBlob planned(const std::string& bytes) {
    PlannedBlob b;
    b.descriptor = {std::string(media::oci_layer),
                    Digest::of(bytes),
                    static_cast<std::int64_t>(bytes.size()),
                    {},
                    {},
                    {}};
    b.origin.bytes = bytes;
    return b;
}

BundlePlan plan_of(const std::vector<std::string>& blobs) {
    BundlePlan plan;
    plan.bom.name = "edge";
    plan.bom.version = "2.0.0";
    for (const std::string& bytes : blobs) {
        plan.blobs.push_back(planned(bytes));
        const Descriptor& d = plan.blobs.back().descriptor;
        plan.bom.blobs.push_back({d.digest, d.size, d.media_type});
    }
    return plan;
}

BomBlob bom_blob(const std::string& bytes) {
    return {Digest::of(bytes), static_cast<std::int64_t>(bytes.size()),
            std::string(media::oci_layer)};
}

Bom base_bom(const std::string& version, const std::vector<std::string>& carried) {
    Bom bom = airlock::test::minimal_bom("edge", version, "2026-12-01T00:00:00Z");
    for (const std::string& bytes : carried) {
        bom.blobs.push_back(bom_blob(bytes));
    }
    return bom;
}

std::filesystem::path write(const ScratchDir& dir, const std::string& name,
                            const std::string& text) {
    std::filesystem::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
}

} // namespace

TEST_CASE("delta: the blobs a base holds move out of the plan, in order, into base",
          "[delta_base]") {
    BundlePlan plan = plan_of({"shared", "new", "also shared", "newer"});
    DeltaBase base;
    base.bundles.push_back({"edge", "1.0.0", Digest::of("v1")});
    for (const char* held : {"shared", "also shared", "unrelated"}) {
        base.blobs.emplace(Digest::of(held), bom_blob(held));
    }
    apply_delta_base(plan, base);
    REQUIRE(plan.bom.blobs.size() == 2);
    CHECK(plan.bom.blobs[0].digest == Digest::of("new"));
    CHECK(plan.bom.blobs[1].digest == Digest::of("newer"));
    REQUIRE(plan.blobs.size() == 2);
    CHECK(plan.blobs[1].descriptor.digest == Digest::of("newer"));
    REQUIRE(plan.bom.base);
    CHECK(plan.bom.base->bundles.size() == 1);
    REQUIRE(plan.bom.base->blobs.size() == 2);
    CHECK(plan.bom.base->blobs[0].digest == Digest::of("shared"));
    CHECK(plan.bom.base->blobs[1].digest == Digest::of("also shared"));
    REQUIRE(plan.omitted.size() == 2);
    CHECK(plan.omitted[0].origin.bytes == "shared");
}

TEST_CASE("delta: a base that gives a digest another size does not count", "[delta_base]") {
    BundlePlan plan = plan_of({"layer"});
    DeltaBase base;
    BomBlob lying = bom_blob("layer");
    lying.size += 1;
    base.blobs.emplace(lying.digest, lying);
    apply_delta_base(plan, base);
    CHECK(plan.bom.blobs.size() == 1);
    CHECK(plan.bom.base->blobs.empty());
}

TEST_CASE("delta bases: a BOM file, a delta's own base and a receipt all count", "[delta_base]") {
    ScratchDir dir;
    Bom v2 = base_bom("2.0.0", {"carried by v2"});
    v2.base = BomBase{{{"edge", "1.0.0", Digest::of("v1")}}, {bom_blob("left to v1")}};
    const std::string v2_bytes = v2.serialize();
    SiteReceipt receipt;
    receipt.created = "2026-12-02T00:00:00Z";
    receipt.bundles.push_back(
        {{"other", "5.0.0", Digest::of("other bom")}, "2026-12-01T00:00:00Z"});
    receipt.blobs.push_back(bom_blob("at the site"));
    DeltaBase base = read_delta_bases(
        {write(dir, "v2.bom.json", v2_bytes), write(dir, "site.json", receipt.serialize())});
    REQUIRE(base.bundles.size() == 2);
    CHECK(base.bundles[0].version == "2.0.0");
    CHECK(base.bundles[0].bom_digest == Digest::of(v2_bytes));
    CHECK(base.bundles[1].name == "other");
    for (const char* held : {"carried by v2", "left to v1", "at the site"}) {
        CHECK(base.blobs.count(Digest::of(held)) == 1);
    }
}

TEST_CASE("delta bases: one version named with two BOMs, or a file that is no base, is refused",
          "[delta_base]") {
    ScratchDir dir;
    Bom a = base_bom("1.0.0", {"a"});
    Bom b = base_bom("1.0.0", {"b"});
    std::string message;
    CHECK(test::error_code_of(
              [&] {
                  read_delta_bases(
                      {write(dir, "a.json", a.serialize()), write(dir, "b.json", b.serialize())});
              },
              &message) == ErrorCode::spec);
    CHECK(message.find("edge 1.0.0") != std::string::npos);
    CHECK(test::error_code_of([&] { read_delta_bases({write(dir, "x.json", "{\"a\": 1}")}); }) ==
          ErrorCode::malformed);
    CHECK(test::error_code_of([&] { read_delta_bases({dir / "absent.airlock"}); }) ==
          ErrorCode::not_found);
}
