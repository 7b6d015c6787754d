#include "common/bundle/signature_slot.hpp"
#include "common/core/error.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace airlock;

namespace {

SignatureSlot content(std::uint64_t generation, std::initializer_list<const char*> names) {
    SignatureSlot s;
    s.generation = generation;
    for (const char* n : names) {
        s.envelopes.push_back({{"payload", n}});
    }
    return s;
}

// `region` of `slot` replaced with `bytes` padded to a region.
std::string with_region(std::string slot, std::size_t region, std::string bytes) {
    bytes.resize(slot_region_size, ' ');
    slot.replace(region * slot_region_size, slot_region_size, bytes);
    return slot;
}

std::string region_of(const SignatureSlot& s) {
    return encode_slot_region(s);
}

} // namespace

TEST_CASE("slot: create writes region 0; the next write goes to region 1", "[bundle][slot]") {
    std::string slot = encode_signature_slot(content(1, {"a"}));
    REQUIRE(slot.size() == signature_slot_size);
    DecodedSlot d = decode_signature_slot(slot);
    CHECK(d.region == 0);
    CHECK(d.content.generation == 1);
    CHECK(d.content.envelopes.size() == 1);
    slot = with_region(slot, 1, region_of(content(2, {"a", "b"})));
    d = decode_signature_slot(slot);
    CHECK(d.region == 1);
    CHECK(d.content.envelopes.size() == 2);
}

TEST_CASE("slot: the higher intact generation wins in either region", "[bundle][slot]") {
    std::string slot(signature_slot_size, ' ');
    slot = with_region(slot, 0, region_of(content(7, {"new"})));
    slot = with_region(slot, 1, region_of(content(6, {"old"})));
    CHECK(decode_signature_slot(slot).content.envelopes[0]["payload"] == "new");
    CHECK(decode_signature_slot(slot).region == 0);
}

TEST_CASE("slot: every torn write of the inactive region leaves the old content",
          "[bundle][slot]") {
    // A write that stops after any number of bytes (kill -9 mid-pwrite) or
    // lands only some 512-byte sectors (power loss) must never yield a mix.
    const std::string base = with_region(encode_signature_slot(content(1, {"old-1", "old-2"})), 1,
                                         region_of(content(0, {"older"})));
    const std::string next = region_of(content(2, {"new-1", "new-2", "new-3"}));
    const std::size_t written = next.find_last_not_of(' ') + 1;
    for (std::size_t cut = 0; cut < 400; cut += 7) {
        std::string torn = base;
        torn.replace(slot_region_size, cut, next.substr(0, cut));
        DecodedSlot d = decode_signature_slot(torn);
        // Once the document is down, the rest of the region is padding.
        const bool complete = cut >= written;
        CHECK(d.content.generation == (complete ? 2 : 1));
        CHECK(d.content.envelopes[0]["payload"] == (complete ? "new-1" : "old-1"));
    }
    // The same with a new region as long as the old one, where a mix of
    // sectors would otherwise parse: the check tells them apart.
    const std::string same_shape = region_of(content(0, {"old-1", "old-2"}));
    const std::string slot = with_region(base, 1, same_shape);
    std::string mixed = slot;
    const std::string newer = region_of(content(2, {"new-1", "new-2"}));
    mixed.replace(slot_region_size, 30, newer.substr(0, 30)); // generation and check, not envelopes
    CHECK(decode_signature_slot(mixed).content.generation == 1);
}

TEST_CASE("slot: an empty slot is unsigned, not malformed", "[bundle][slot]") {
    DecodedSlot d = decode_signature_slot(std::string(signature_slot_size, ' '));
    CHECK(d.content.generation == 0);
    CHECK(d.content.envelopes.empty());
}

TEST_CASE("slot: malformed slots are refused with a reason", "[bundle][slot]") {
    auto code_of = [](const std::string& slot) {
        try {
            decode_signature_slot(slot);
        } catch (const Error& e) {
            return e.code();
        }
        return ErrorCode::internal;
    };
    const std::string blank(signature_slot_size, ' ');
    CHECK(code_of(blank.substr(1)) == ErrorCode::malformed);
    // The single-document form without a check.
    CHECK(code_of(with_region(blank, 0, R"({"envelopes":[]})")) == ErrorCode::malformed);
    CHECK_THROWS_WITH(decode_signature_slot(with_region(blank, 0, R"({"envelopes":[]})")),
                      Catch::Contains("region 0"));
    // Deep nesting (found by fuzz_signature_slot in the earlier format) and duplicate keys.
    const std::size_t depth = 30000;
    CHECK(code_of(with_region(blank, 0,
                              "{\"envelopes\":" + std::string(depth, '[') +
                                  std::string(depth, ']') + "}")) == ErrorCode::malformed);
    CHECK(code_of(with_region(blank, 0, R"({"envelopes":[],"envelopes":[]})")) ==
          ErrorCode::malformed);
    // Unknown fields, a negative or fractional generation, an edited envelope.
    std::string r = region_of(content(1, {"a"}));
    CHECK(code_of(with_region(blank, 0, r.replace(r.find("\"a\""), 3, "\"b\""))) ==
          ErrorCode::malformed);
    CHECK(code_of(with_region(
              blank, 1, R"({"check":"","envelopes":[],"generation":-1,"trustUpdates":[]})")) ==
          ErrorCode::malformed);
    // Two regions with the same generation and different content.
    std::string twins = with_region(blank, 0, region_of(content(3, {"a"})));
    twins = with_region(twins, 1, region_of(content(3, {"b"})));
    CHECK_THROWS_WITH(decode_signature_slot(twins), Catch::Contains("both regions"));
    // ... and with the same content, either will do.
    std::string same = with_region(blank, 0, region_of(content(3, {"a"})));
    same = with_region(same, 1, region_of(content(3, {"a"})));
    CHECK(decode_signature_slot(same).content.generation == 3);
}

TEST_CASE("slot: no region is written that readers would ignore", "[bundle][slot]") {
    SignatureSlot s = content(max_slot_generation, {"a"});
    CHECK(decode_signature_slot(encode_signature_slot(s)).content.generation ==
          max_slot_generation);
    s.generation += 1;
    CHECK_THROWS_WITH(encode_slot_region(s), Catch::Contains("past the largest"));
}

TEST_CASE("slot: a full region names its capacity", "[bundle][slot]") {
    SignatureSlot s;
    for (int i = 0; i < 40; ++i) {
        s.envelopes.push_back(std::string(1000, 'x'));
    }
    CHECK_THROWS_WITH(encode_slot_region(s), Catch::Contains("holds 32768"));
    try {
        encode_slot_region(s);
    } catch (const Error& e) {
        CHECK(e.code() == ErrorCode::usage);
    }
}
