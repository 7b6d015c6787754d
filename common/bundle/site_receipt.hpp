#pragma once
// A site receipt (`airlock-load receipt`): what a site says it holds, sent
// back to the connected side so the next delta carries only what is missing.
// It is an input, never a trust root: a receipt that lies makes a delta the
// site refuses, because the loader checks every blob a delta leaves out.
#include "common/bundle/bom.hpp"

#include <string>
#include <vector>

namespace airlock {

inline constexpr std::string_view receipt_kind = "SiteReceipt";

struct ReceiptBundle {
    BomBaseBundle bundle;
    std::string loaded_at;
};

struct SiteReceipt {
    std::string created;
    std::string target;   // the registry or layout the blobs were read from; empty: state only
    bool checked = false; // true when `blobs` were read from the target, not the state
    std::vector<ReceiptBundle> bundles;
    std::vector<BomBlob> blobs;

    std::string serialize() const;
    // Strict; Error(spec) naming `where` and the field.
    static SiteReceipt parse(const std::string& bytes, const std::string& where);
};

// True when the JSON document names itself a receipt ("kind": "SiteReceipt").
bool is_site_receipt(const std::string& bytes);

} // namespace airlock
