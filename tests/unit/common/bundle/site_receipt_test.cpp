#include "common/bundle/site_receipt.hpp"
#include "tests/unit/support/thrown.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace airlock;
using airlock::test::error_code_of;
using airlock::test::error_message_of;

namespace {

SiteReceipt sample_receipt() {
    SiteReceipt r;
    r.created = "2026-11-23T10:00:00Z";
    r.target = "registry://127.0.0.1:5000/site";
    r.checked = true;
    r.bundles.push_back({{"edge", "1.4.0", Digest::of("bom-1.4.0")}, "2026-11-20T09:00:00Z"});
    r.bundles.push_back({{"tools", "2.0.0", Digest::of("bom-2.0.0")}, "2026-11-21T09:00:00Z"});
    r.blobs.push_back({Digest::of("layer"), 5, "application/vnd.oci.image.layer.v1.tar+gzip"});
    r.blobs.push_back({Digest::of("manifest"), 8, "application/vnd.oci.image.manifest.v1+json"});
    return r;
}

// The sample receipt's JSON with `edit` applied.
template <typename F> std::string edited_receipt(F&& edit) {
    nlohmann::json j = nlohmann::json::parse(sample_receipt().serialize());
    edit(j);
    return j.dump();
}

ErrorCode receipt_error(const std::string& bytes) {
    return error_code_of([&] { SiteReceipt::parse(bytes, "receipt site.json"); });
}

} // namespace

TEST_CASE("a site receipt parses back to what was serialized", "[site_receipt]") {
    const SiteReceipt r = sample_receipt();
    const std::string bytes = r.serialize();
    CHECK(is_site_receipt(bytes));
    const SiteReceipt back = SiteReceipt::parse(bytes, "receipt site.json");
    CHECK(back.serialize() == bytes);
    CHECK(back.created == r.created);
    CHECK(back.target == r.target);
    CHECK(back.checked);
    REQUIRE(back.bundles.size() == 2);
    CHECK(back.bundles[1].bundle.name == "tools");
    CHECK(back.bundles[1].bundle.version == "2.0.0");
    CHECK(back.bundles[1].bundle.bom_digest == Digest::of("bom-2.0.0"));
    CHECK(back.bundles[1].loaded_at == "2026-11-21T09:00:00Z");
    REQUIRE(back.blobs.size() == 2);
    CHECK(back.blobs[0].digest == Digest::of("layer"));
    CHECK(back.blobs[0].size == 5);
    CHECK(back.blobs[1].media_type == "application/vnd.oci.image.manifest.v1+json");
}

TEST_CASE("a receipt of the state alone has no target and is not checked", "[site_receipt]") {
    SiteReceipt r = sample_receipt();
    r.target.clear();
    r.checked = false;
    const std::string bytes = r.serialize();
    CHECK(nlohmann::json::parse(bytes).contains("target") == false);
    const SiteReceipt back = SiteReceipt::parse(bytes, "receipt");
    CHECK(back.target.empty());
    CHECK_FALSE(back.checked);
    CHECK(back.serialize() == bytes);

    SiteReceipt empty;
    empty.created = "2026-11-23T10:00:00Z";
    CHECK(SiteReceipt::parse(empty.serialize(), "receipt").bundles.empty());
}

TEST_CASE("only a document that names itself a SiteReceipt is taken for one", "[site_receipt]") {
    CHECK_FALSE(is_site_receipt(R"({"kind": "Bom"})"));
    CHECK_FALSE(is_site_receipt("not json"));
    CHECK_FALSE(is_site_receipt(R"(["SiteReceipt"])"));
    CHECK_FALSE(is_site_receipt(R"({"kind": "SiteReceipt", "kind": "SiteReceipt"})"));
    CHECK(is_site_receipt(R"({"kind": "SiteReceipt"})"));
}

TEST_CASE("malformed receipts are refused naming the file and the field", "[site_receipt]") {
    CHECK(receipt_error("") == ErrorCode::spec);
    CHECK(receipt_error("[]") == ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j["kind"] = "Bom"; })) == ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j["apiVersion"] = "airlock.dev/v2"; })) ==
          ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j["extra"] = 1; })) == ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j.erase("checked"); })) == ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j["checked"] = "yes"; })) == ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j.erase("blobs"); })) == ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j["bundles"] = nlohmann::json::object(); })) ==
          ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j["bundles"][0]["loadedAt"] = ""; })) ==
          ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j["bundles"][0]["extra"] = true; })) ==
          ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j["blobs"][1]["size"] = -1; })) ==
          ErrorCode::spec);
    CHECK(receipt_error(edited_receipt(
              [](auto& j) { j["blobs"][1]["size"] = std::uint64_t{1} << 63; })) == ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j["blobs"][0]["size"] = 1.5; })) ==
          ErrorCode::spec);
    CHECK(receipt_error(edited_receipt([](auto& j) { j["blobs"][0]["digest"] = "md5:00"; })) ==
          ErrorCode::spec);

    std::string dup = sample_receipt().serialize();
    dup.replace(dup.find("\"created\""), 0, "\"created\": \"2020-01-01T00:00:00Z\", ");
    CHECK(receipt_error(dup) == ErrorCode::spec);

    const std::string message = error_message_of([] {
        SiteReceipt::parse(
            edited_receipt([](auto& j) { j["bundles"][1]["bomDigest"] = "sha256:x"; }),
            "receipt site.json");
    });
    CHECK(message.find("receipt site.json") != std::string::npos);
    CHECK(message.find("bundles[1].bomDigest") != std::string::npos);
    CHECK(message.find("not a sha256 digest") != std::string::npos);
}
