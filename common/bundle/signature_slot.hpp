#pragma once
// airlock/signatures.json: the one entry a bundle may change after it is
// written. It is signature_slot_size bytes in two halves (regions) of
// slot_region_size. A region is blank (spaces) or one JSON document, padded
// with spaces:
//
//   {"check":"<hex>","envelopes":[...],"generation":N,"trustUpdates":[...]}
//
// where check is the sha256 of the same object without "check", serialized
// compactly with sorted keys. The region with the highest generation whose
// check holds is the slot's content.
//
// Why two regions: re-signing writes the new content into the region that is
// not in use and never touches the one that is. A crash (kill -9, power
// loss) mid-write leaves a region that fails its check or still holds older
// content, so the bundle keeps verifying with the old signatures until the
// new region is complete, and with the new ones from then on. No rename, no
// copy: the payload is never rewritten.
//
// Nothing here is trusted: every envelope is checked against the trust
// policy by its reader.
#include "common/bundle/offsets.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace airlock {

inline constexpr std::uint64_t slot_region_size = signature_slot_size / 2;
// Generations are JSON integers; they stay exact in every JSON reader.
inline constexpr std::uint64_t max_slot_generation = (std::uint64_t{1} << 53) - 1;

struct SignatureSlot {
    std::uint64_t generation = 0;
    nlohmann::json envelopes = nlohmann::json::array();     // DSSE envelopes over the BOM
    nlohmann::json trust_updates = nlohmann::json::array(); // signed trust-policy updates
};

struct DecodedSlot {
    SignatureSlot content;
    std::size_t region = 0; // where the content sits; the next write goes to the other
};

// One region's bytes. Throws Error(usage) naming the capacity when the
// content does not fit, Error(malformed) for a generation past the maximum
// (a region no reader would accept).
std::string encode_slot_region(const SignatureSlot& content);

// A whole slot as `create` writes it: `content` in region 0, region 1 blank.
std::string encode_signature_slot(const SignatureSlot& content);

// Error(malformed) when the slot has the wrong size, no intact region, a
// region that is neither blank nor intact while the other is not intact
// either, or two intact regions that claim the same generation with
// different content.
DecodedSlot decode_signature_slot(const std::string& slot);

} // namespace airlock
