#include "common/bundle/signature_slot.hpp"

#include "common/core/error.hpp"
#include "common/digest/digest.hpp"
#include "common/json/strict_json.hpp"
#include "common/sign/dsse.hpp"

#include <optional>

namespace airlock {

namespace {

using nlohmann::json;

json body_of(const SignatureSlot& s) {
    return json{{"generation", s.generation},
                {"envelopes", s.envelopes},
                {"trustUpdates", s.trust_updates}};
}

std::string check_of(const json& body) {
    return Digest::of(body.dump()).hex();
}

bool is_blank(std::string_view region) {
    return region.find_first_not_of(' ') == std::string_view::npos;
}

struct Region {
    bool blank = false;
    std::optional<SignatureSlot> content;
    std::string problem; // why a non-blank region is not intact
};

Region read_region(std::string_view text, std::size_t index) {
    Region r;
    if (is_blank(text)) {
        r.blank = true;
        return r;
    }
    const std::string what = "signatures.json region " + std::to_string(index);
    try {
        // Bounded in depth (the region and its arrays add two levels to an
        // envelope's) so nothing that copies or prints it recurses without bound.
        json doc = parse_strict_json(text, slot_region_size, dsse::max_envelope_depth + 2,
                                     ErrorCode::malformed, what);
        JsonFields fields(doc, ErrorCode::malformed, what);
        fields.only({"check", "envelopes", "generation", "trustUpdates"});
        const json& generation = fields.required("generation");
        if (!generation.is_number_unsigned() ||
            generation.get<std::uint64_t>() > max_slot_generation) {
            fields.fail_at("generation", "expected a whole number");
        }
        SignatureSlot s;
        s.generation = generation.get<std::uint64_t>();
        s.envelopes = fields.array("envelopes", dsse::max_signatures * 4);
        s.trust_updates = fields.array("trustUpdates", dsse::max_signatures * 4);
        if (fields.string("check", 64) != check_of(body_of(s))) {
            fields.fail_at("check", "does not match the region's content (an interrupted write)");
        }
        r.content = std::move(s);
    } catch (const Error& e) {
        r.problem = e.what();
    }
    return r;
}

} // namespace

std::string encode_slot_region(const SignatureSlot& content) {
    if (content.generation > max_slot_generation) {
        fail(ErrorCode::malformed, "signatures.json: generation " +
                                       std::to_string(content.generation) +
                                       " is past the largest a slot may hold");
    }
    json doc = body_of(content);
    doc["check"] = check_of(doc);
    std::string text = doc.dump();
    if (text.size() > slot_region_size) {
        fail(ErrorCode::usage, "signature slot full: " + std::to_string(content.envelopes.size()) +
                                   " signatures and " +
                                   std::to_string(content.trust_updates.size()) +
                                   " trust updates need " + std::to_string(text.size()) +
                                   " bytes, the slot holds " + std::to_string(slot_region_size));
    }
    text.resize(slot_region_size, ' ');
    return text;
}

std::string encode_signature_slot(const SignatureSlot& content) {
    std::string slot = encode_slot_region(content);
    slot.resize(signature_slot_size, ' ');
    return slot;
}

DecodedSlot decode_signature_slot(const std::string& slot) {
    if (slot.size() != signature_slot_size) {
        fail(ErrorCode::malformed, "signatures.json: slot is " + std::to_string(slot.size()) +
                                       " bytes, expected " + std::to_string(signature_slot_size));
    }
    const std::string_view all(slot);
    Region regions[2] = {read_region(all.substr(0, slot_region_size), 0),
                         read_region(all.substr(slot_region_size), 1)};
    const bool intact[2] = {regions[0].content.has_value(), regions[1].content.has_value()};
    if (!intact[0] && !intact[1]) {
        if (regions[0].blank && regions[1].blank) {
            return DecodedSlot{}; // unsigned; the verifier says so
        }
        fail(ErrorCode::malformed, regions[0].blank ? regions[1].problem : regions[0].problem);
    }
    if (intact[0] != intact[1]) {
        std::size_t i = intact[0] ? 0 : 1;
        return DecodedSlot{std::move(*regions[i].content), i};
    }
    const SignatureSlot& a = *regions[0].content;
    const SignatureSlot& b = *regions[1].content;
    if (a.generation == b.generation && body_of(a) != body_of(b)) {
        fail(ErrorCode::malformed, "signatures.json: both regions claim generation " +
                                       std::to_string(a.generation) + " with different content");
    }
    std::size_t i = b.generation > a.generation ? 1 : 0;
    return DecodedSlot{std::move(*regions[i].content), i};
}

} // namespace airlock
