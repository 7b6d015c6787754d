#include "loader/receipt/site_receipt_export.hpp"

#include "common/bundle/site_receipt.hpp"
#include "common/core/error.hpp"
#include "common/core/time.hpp"
#include "common/io/temp_file.hpp"
#include "common/log/log.hpp"
#include "loader/receipt/held_media.hpp"
#include "loader/receipt/state_holdings.hpp"
#include "loader/state/state_store.hpp"

namespace airlock::loader {

namespace {

// parse_target names load's flag; the receipt's is --registry.
Target receipt_target(const std::string& text) {
    try {
        return parse_target(text);
    } catch (const Error& e) {
        std::string why = e.what();
        if (why.starts_with("--to ")) {
            why.replace(0, 4, "--registry");
        }
        fail(e.code(), why);
    }
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& s : items) {
        out += (out.empty() ? "" : ", ") + s;
    }
    return out;
}

} // namespace

ReceiptSummary export_site_receipt(const ReceiptOptions& options) {
    std::optional<Target> target;
    if (!options.registry.empty()) {
        target = receipt_target(options.registry);
    }
    // No egress: every endpoint this run may contact, said once.
    const std::vector<std::string> endpoints =
        target ? endpoints_of(*target, options.destination) : std::vector<std::string>{};
    log::info("receipt of " + (target ? target->text : std::string("the state alone")) +
              "; network endpoints: " + (endpoints.empty() ? "none" : joined(endpoints)) +
              "; state: " + options.state_dir.string());

    SiteReceipt receipt;
    ReceiptSummary summary;
    {
        StateStore state(options.state_dir, StateStore::Access::read);
        StateHoldings held = state_holdings(state);
        receipt.bundles = std::move(held.bundles);
        receipt.blobs = std::move(held.blobs);
        summary.notes = std::move(held.notes);
    }
    for (const std::string& note : summary.notes) {
        log::warn(note);
    }
    if (receipt.bundles.empty()) {
        log::warn("the state at " + options.state_dir.string() + " records no bundle loaded");
    }
    if (target) {
        std::unique_ptr<HeldContent> content = open_held_content(*target, options.destination);
        HeldContentWalk walk = walk_held_content(*content);
        receipt.target = target->text;
        receipt.checked = true;
        receipt.blobs = std::move(walk.blobs);
        summary.roots = walk.roots;
        summary.manifests = walk.manifests;
        summary.skipped = std::move(walk.skipped);
    }
    receipt.created = format_rfc3339(now_utc());

    const std::string bytes = receipt.serialize();
    // What is written must be what the builder reads back.
    SiteReceipt::parse(bytes, "receipt written to " + options.out.string());
    write_file_atomic(options.out, bytes, 0644);

    summary.out = options.out;
    summary.target = receipt.target;
    summary.checked = receipt.checked;
    summary.bundles = receipt.bundles.size();
    summary.blobs = receipt.blobs.size();
    for (const BomBlob& b : receipt.blobs) {
        summary.bytes += static_cast<std::uint64_t>(b.size);
    }
    return summary;
}

std::string ReceiptSummary::to_text() const {
    std::string text = "receipt " + out.string() + ": " + std::to_string(bundles) + " bundle(s), " +
                       std::to_string(blobs) + " blobs (" + std::to_string(bytes) + " bytes) ";
    if (checked) {
        text += "read from " + target + " (" + std::to_string(roots) +
                (target.starts_with("oci:") ? " index entries, " : " tags, ") +
                std::to_string(manifests) + " manifests";
        text += skipped.empty() ? ")" : "; " + std::to_string(skipped.size()) + " left out)";
    } else {
        text += "as the state recorded them";
    }
    return text + "\n";
}

} // namespace airlock::loader
